// Reproducibility CLI: list every condition id, or print one condition's rendered prompts (text or JSON).
import { conditionId, parseConditionId, SCENARIOS } from '../src/lib/core/condition-id';
import {
  convertOriginalTemplates,
  listConditions,
  packSupports,
  PRESETS,
  promptHash,
  renderCondition,
  scenarioFacts,
  type ScenarioPack,
} from '../src/lib/core/scenario/index';
import type { ScenarioId } from '../src/lib/core/types';
import { loadPackFromDir, readTree, BUNDLED_DIR } from './lib/load-pack';

const USAGE = `Usage: npm run prompts -- [options]

  --list                 print every condition id (base matrix and ablations), one a line
  --base                 with --list: only the base matrix (234 ids)
  --condition ID         print the rendered system prompt and user message of one condition
  --json                 with --condition: print JSON {conditionId, packId, packHash, promptHash, system, user, emails, userMessage}
  --facts SCENARIO       print the classifier facts of a scenario as JSON (${SCENARIOS.join(', ')})
  --presets              print the named presets and their condition ids
  --pack DIR             use a pack folder in this app's format instead of scenarios/
  --original DIR         convert the original study's templates folder (or repository) and render from it
  --swap MODE            how swap renders: fixed (default; states the new direction's goal) or original
                         (as the original harness renders it: like latent)
  --help                 this text

Exit codes: 0 ok, 2 bad arguments or unknown condition id.`;

function fail(message: string): never {
  process.stderr.write(`prompts: ${message}\n`);
  process.exit(2);
}

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) fail(`${name} needs a value`);
  return v;
}

function main(args: string[]): void {
  const known = [
    '--list',
    '--base',
    '--condition',
    '--json',
    '--facts',
    '--presets',
    '--pack',
    '--original',
    '--swap',
    '--help',
    '-h',
  ];
  const unknown = args.filter((a, i) => a.startsWith('-') && !known.includes(a) && !known.includes(args[i - 1]));
  if (unknown.length) fail(`unknown option ${unknown[0]}\n\n${USAGE}`);
  if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const original = arg(args, '--original');
  let pack: ScenarioPack;
  try {
    pack = original
      ? convertOriginalTemplates(readTree(original, (p) => /\.(py|md)$/.test(p)))
      : loadPackFromDir(arg(args, '--pack') ?? BUNDLED_DIR);
  } catch (e) {
    fail((e as Error).message);
  }
  const swap = arg(args, '--swap');
  if (swap !== undefined) {
    if (swap !== 'fixed' && swap !== 'original') fail(`--swap must be fixed or original, not "${swap}"`);
    pack = { ...pack, swap };
  }
  const out = (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);

  if (args.includes('--list')) {
    out(
      listConditions(pack, { ablations: !args.includes('--base') })
        .map(conditionId)
        .join('\n'),
    );
    return;
  }
  if (args.includes('--presets')) {
    out(PRESETS.map((p) => `${p.id}\t${p.label}\n  ${p.conditionIds.join('\n  ')}`).join('\n'));
    return;
  }
  const facts = arg(args, '--facts');
  if (facts !== undefined) {
    if (!(SCENARIOS as readonly string[]).includes(facts))
      fail(`unknown scenario "${facts}"; use one of ${SCENARIOS.join(', ')}`);
    out(JSON.stringify(scenarioFacts(pack, facts as ScenarioId), null, 2));
    return;
  }
  const id = arg(args, '--condition');
  if (id === undefined) fail(`nothing to do\n\n${USAGE}`);
  const c = parseConditionId(id);
  if (!c) fail(`unknown condition id "${id}"; run with --list to see every valid id`);
  if (!packSupports(pack, c)) fail(`pack ${pack.id} cannot render "${id}"`);
  const r = renderCondition(pack, c);
  const hash = promptHash(r);
  if (args.includes('--json')) {
    out(JSON.stringify({ packId: pack.id, packHash: pack.hash, promptHash: hash, ...r }, null, 2));
    return;
  }
  out(
    [
      `# condition: ${r.conditionId}`,
      `# pack: ${pack.id} (hash ${pack.hash}); prompt hash ${hash}; ${r.emails.length} emails`,
      '',
      '===== SYSTEM PROMPT =====',
      r.system,
      '',
      '===== USER MESSAGE (instruction + emails) =====',
      r.userMessage,
    ].join('\n'),
  );
}

main(process.argv.slice(2));
