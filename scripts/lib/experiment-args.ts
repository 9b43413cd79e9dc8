// Command-line arguments of `npm run experiment`: parsed and checked into an experiment header (or a resume request).
import { parseArgs } from 'node:util';
import { parseConditionId } from '../../src/lib/core/condition-id';
import { PRESETS as CONDITION_PRESETS } from '../../src/lib/core/scenario/presets';
import { getPreset, PRESETS as PROVIDERS } from '../../src/lib/engines/presets';
import { supportsBatch } from '../../src/lib/engines/batch/types';
import { DEFAULT_PARAMS, DEFAULT_SAMPLES } from '../../src/lib/runner/experiment';
import type { ExperimentHeader } from './journal';

export const USAGE = `Usage:
  npm run experiment -- --engine PROVIDER:MODEL (--preset ID | --conditions ID,ID…) --out FILE [options]
  npm run experiment -- --resume FILE [--retry-failed] [--concurrency C] [--no-wait]
  npm run experiment -- --resume FILE --cancel [--no-wait]

  --engine P:MODEL      provider preset and model, e.g. openai:gpt-4.1, anthropic:claude-sonnet-4-5,
                        gemini:gemini-2.5-flash, openrouter:meta-llama/llama-3.3-70b-instruct, ollama:llama3.2:3b
  --base-url URL        API base URL (local or custom servers; default: the provider's)
  --preset ID           a named condition set (${CONDITION_PRESETS.map((p) => p.id).join(', ')})
  --conditions IDS      comma-separated condition ids (npm run prompts -- --list prints them)
  --samples N           samples per condition (default ${DEFAULT_SAMPLES})
  --concurrency C       parallel requests (default: the provider's suggestion)
  --temperature T       default ${DEFAULT_PARAMS.temperature}
  --max-tokens N        default ${DEFAULT_PARAMS.maxTokens}
  --seed N              base seed (sample i gets seed + i) where the provider supports it
  --original PATH       render the original study's templates (its repository or templates folder)
  --swap MODE           with --original: how the swap goal type renders, fixed (default: states the goal of the
                        direction the company moves to) or original (as the original harness renders it: like latent)
  --name TEXT           run name shown in the site
  --out FILE            the results bundle to write; the journal is FILE.journal.jsonl beside it
  --batch               submit through the provider's batch API (openai, anthropic, gemini): half price, within 24 h
  --poll-seconds S      batch mode: seconds between polls (default 60)
  --no-wait             batch mode: submit and exit; --resume FILE later polls and collects
  --resume FILE         continue the experiment whose bundle is FILE (streaming: missing samples; batch: poll)
  --retry-failed        also run samples that failed before
  --cancel              with --resume, batch mode: cancel the open batches at the provider, store what they answered
                        before they closed and submit nothing more (a later --resume submits the missing samples)
  --price-in USD        price per million input tokens for the cost estimate (default: known list price)
  --price-out USD       price per million output tokens

The API key is read from OPENAI_API_KEY, ANTHROPIC_API_KEY or GEMINI_API_KEY (by provider) or LAB_API_KEY, never from
an argument, and is never printed or written. Ctrl-C stops after storing what finished; run --resume to continue.
Exit codes: 0 all samples done (with --cancel: the batches cancelled), 1 some failed or the run stopped on an error, 2 bad usage, 130 interrupted.`;

export class UsageError extends Error {}

export interface CliOptions {
  /** the experiment to start, or undefined with --resume (the journal's header says) */
  header?: ExperimentHeader;
  out: string;
  resume: boolean;
  retryFailed: boolean;
  /** --resume a batch run to cancel its open batches */
  cancel: boolean;
  wait: boolean;
  pollMs: number;
  concurrency?: number;
  price?: { inputPerMTok: number; outputPerMTok: number };
}

function num(v: string | undefined, name: string, check: (n: number) => boolean): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || !check(n)) throw new UsageError(`${name} got "${v}", which is out of range`);
  return n;
}

const whole = (lo: number, hi: number) => (n: number) => Number.isInteger(n) && n >= lo && n <= hi;

export function parseCli(argv: string[]): CliOptions | 'help' {
  const { values: v } = parseArgs({
    args: argv,
    strict: true,
    options: {
      engine: { type: 'string' },
      'base-url': { type: 'string' },
      preset: { type: 'string' },
      conditions: { type: 'string' },
      samples: { type: 'string' },
      concurrency: { type: 'string' },
      temperature: { type: 'string' },
      'max-tokens': { type: 'string' },
      seed: { type: 'string' },
      original: { type: 'string' },
      swap: { type: 'string' },
      name: { type: 'string' },
      out: { type: 'string' },
      batch: { type: 'boolean', default: false },
      'poll-seconds': { type: 'string' },
      'no-wait': { type: 'boolean', default: false },
      resume: { type: 'string' },
      'retry-failed': { type: 'boolean', default: false },
      cancel: { type: 'boolean', default: false },
      'price-in': { type: 'string' },
      'price-out': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (v.help || argv.length === 0) return 'help';
  const concurrency = num(v.concurrency, '--concurrency', whole(1, 256));
  const pin = num(v['price-in'], '--price-in', (n) => n >= 0);
  const pout = num(v['price-out'], '--price-out', (n) => n >= 0);
  if ((pin === undefined) !== (pout === undefined)) throw new UsageError('give both --price-in and --price-out');
  if (v.cancel && v.resume === undefined)
    throw new UsageError('--cancel stops a batch run that was started before: give it with --resume FILE');
  if (v.cancel && v['retry-failed']) throw new UsageError('give --cancel or --retry-failed, not both');
  const common = {
    retryFailed: v['retry-failed'],
    cancel: v.cancel,
    wait: !v['no-wait'],
    pollMs: (num(v['poll-seconds'], '--poll-seconds', (n) => n >= 0 && n <= 86_400) ?? 60) * 1000,
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(pin !== undefined && pout !== undefined ? { price: { inputPerMTok: pin, outputPerMTok: pout } } : {}),
  };
  if (v.resume !== undefined) {
    const extra = ['engine', 'preset', 'conditions', 'samples', 'out', 'original', 'swap', 'batch'].filter(
      (k) => v[k as keyof typeof v] !== undefined && v[k as keyof typeof v] !== false,
    );
    if (extra.length) throw new UsageError(`--resume takes the experiment from its journal; drop --${extra[0]}`);
    return { out: v.resume, resume: true, ...common };
  }
  if (!v.engine) throw new UsageError('--engine PROVIDER:MODEL is required');
  if (!v.out) throw new UsageError('--out FILE is required');
  const at = v.engine.indexOf(':');
  if (at < 1 || at === v.engine.length - 1) throw new UsageError(`--engine needs PROVIDER:MODEL, got "${v.engine}"`);
  const provider = v.engine.slice(0, at);
  const model = v.engine.slice(at + 1);
  if (!PROVIDERS.some((p) => p.id === provider))
    throw new UsageError(`unknown provider "${provider}"; use one of ${PROVIDERS.map((p) => p.id).join(', ')}`);
  if (v.batch && !supportsBatch(provider)) throw new UsageError(`--batch works with openai, anthropic and gemini only`);
  if (v['base-url'] !== undefined && !/^https?:\/\/[^\s]+$/.test(v['base-url']))
    throw new UsageError(`--base-url must be an http(s) URL, got "${v['base-url']}"`);
  if (provider === 'custom' && !v['base-url']) throw new UsageError('the custom provider needs --base-url');
  let conditionIds: string[];
  if (v.preset !== undefined) {
    if (v.conditions !== undefined) throw new UsageError('give --preset or --conditions, not both');
    const p = CONDITION_PRESETS.find((x) => x.id === v.preset);
    if (!p)
      throw new UsageError(`unknown preset "${v.preset}"; use one of ${CONDITION_PRESETS.map((x) => x.id).join(', ')}`);
    conditionIds = [...p.conditionIds];
  } else if (v.conditions !== undefined) {
    conditionIds = [
      ...new Set(
        v.conditions
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ];
    const bad = conditionIds.find((id) => !parseConditionId(id));
    if (bad) throw new UsageError(`unknown condition id "${bad}"; npm run prompts -- --list prints every id`);
    if (!conditionIds.length) throw new UsageError('--conditions is empty');
  } else throw new UsageError('give --preset ID or --conditions ID,ID…');
  const seed = num(v.seed, '--seed', whole(0, 2 ** 31));
  if (v.swap !== undefined && v.swap !== 'fixed' && v.swap !== 'original')
    throw new UsageError(`--swap must be fixed or original, not "${v.swap}"`);
  if (v.swap !== undefined && v.original === undefined)
    throw new UsageError('--swap applies to the original templates only: add --original PATH');
  const header: ExperimentHeader = {
    t: 'experiment',
    journalVersion: 1,
    provider,
    model,
    ...(v['base-url'] ? { baseUrl: v['base-url'] } : {}),
    conditionIds,
    samples: num(v.samples, '--samples', whole(1, 100_000)) ?? DEFAULT_SAMPLES,
    concurrency: concurrency ?? getPreset(provider).concurrency,
    params: {
      temperature: num(v.temperature, '--temperature', (n) => n >= 0 && n <= 2) ?? DEFAULT_PARAMS.temperature,
      maxTokens: num(v['max-tokens'], '--max-tokens', whole(1, 200_000)) ?? DEFAULT_PARAMS.maxTokens,
      ...(seed !== undefined ? { seed } : {}),
    },
    pack: v.original
      ? { kind: 'original', path: v.original, ...(v.swap === 'original' ? { swap: 'original' as const } : {}) }
      : { kind: 'bundled' },
    batch: v.batch,
    name: v.name ?? `${provider}:${model} ${v.preset ?? `${conditionIds.length} condition(s)`}`,
  };
  return { header, out: v.out, resume: false, ...common };
}

/** Whether a journal's experiment is the one asked for (the same command run again resumes it). */
export function sameExperiment(a: ExperimentHeader, b: ExperimentHeader): boolean {
  const key = (h: ExperimentHeader) =>
    JSON.stringify([h.provider, h.model, h.baseUrl ?? '', h.conditionIds, h.samples, h.params, h.pack, h.batch]);
  return key(a) === key(b);
}
