// The CLI command shown for a run: the same experiment's arguments, shell-safe, the key only named as a variable.
import { describe, expect, it } from 'vitest';
import { parseCli } from '../../../scripts/lib/experiment-args';
import { conditionId } from '../../../src/lib/core/condition-id';
import { baseConditions } from '../../../src/lib/core/scenario/matrix';
import { cliCommand, keyVariable, shellWord, type CliRun } from '../../../src/lib/runner/cli-command';

const run = (over: Partial<CliRun> = {}): CliRun => ({
  id: 'run-20260101-000000-abcdef',
  name: 'Fig. 7 on Claude',
  engine: { kind: 'anthropic', provider: 'anthropic', model: 'claude-sonnet-4-5' },
  conditionIds: ['blackmail_explicit-america_replacement'],
  samplesPerCondition: 100,
  params: { temperature: 1, maxTokens: 4000 },
  concurrency: 4,
  pack: { id: 'aml-bundled', hash: 'x' },
  ...over,
});

/** Split a command the way sh would for the words shellWord produces (plain or single-quoted). */
function words(cmd: string): string[] {
  const out: string[] = [];
  const re = /'((?:[^']|'\\'')*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(cmd))) out.push(m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2]);
  return out;
}

describe('cliCommand', () => {
  it.each([
    ['a preset by name, batch', run(), { batch: true }, ['--preset', 'fig7', '--batch'], 'ANTHROPIC_API_KEY'],
    [
      'explicit conditions, seed, non-default sampling, base URL',
      run({
        engine: { kind: 'openai-compatible', provider: 'openai', model: 'gpt-4.1', baseUrl: 'http://127.0.0.1:9/v1' },
        conditionIds: ['blackmail_none-none_replacement', 'leaking_explicit-america_restriction'],
        params: { temperature: 0.5, maxTokens: 2000, seed: 7 },
      }),
      { batch: false },
      [
        '--base-url',
        'http://127.0.0.1:9/v1',
        '--conditions',
        'blackmail_none-none_replacement,leaking_explicit-america_restriction',
        '--temperature',
        '0.5',
        '--max-tokens',
        '2000',
        '--seed',
        '7',
      ],
      'OPENAI_API_KEY',
    ],
    [
      'the whole base matrix, in any order, by its preset',
      run({ conditionIds: baseConditions().map(conditionId).reverse() }),
      { batch: false },
      ['--preset', 'base-matrix', '--samples'],
      'ANTHROPIC_API_KEY',
    ],
    [
      'another provider reads LAB_API_KEY',
      run({ engine: { kind: 'openai-compatible', provider: 'openrouter', model: 'meta/llama' } }),
      { batch: false },
      ['--engine', 'openrouter:meta/llama'],
      'LAB_API_KEY',
    ],
    [
      'the original templates with swap rendered as the original harness does',
      run({
        pack: { id: 'original-1234abcd', hash: 'h' },
        prompts: { swap: 'original', facts: [], editedFacts: [] },
      }),
      { batch: false },
      ['--original', 'PATH/TO/agentic-misalignment/templates', '--swap', 'original', '--name'],
      'ANTHROPIC_API_KEY',
    ],
    [
      'the original templates with swap fixed (the default, not spelled out)',
      run({ pack: { id: 'original-1234abcd', hash: 'h' }, prompts: { swap: 'fixed', facts: [], editedFacts: [] } }),
      { batch: true },
      ['--original', 'PATH/TO/agentic-misalignment/templates', '--name'],
      'ANTHROPIC_API_KEY',
    ],
  ])('%s', (_what, r, opts, includes, variable) => {
    const c = cliCommand(r, opts);
    expect(c.keyVariable).toBe(variable);
    const w = words(c.command);
    expect(w.slice(0, 4)).toEqual(['npm', 'run', 'experiment', '--']);
    // the expected words appear in this order
    let at = 0;
    for (const word of includes) {
      at = w.indexOf(word, at) + 1;
      expect(at, `${word} in ${c.command}`).toBeGreaterThan(0);
    }
    expect(w.includes('--batch')).toBe(opts.batch);
    // the CLI's own parser accepts it as the same experiment
    const parsed = parseCli(w.slice(4));
    if (parsed === 'help') throw new Error('parsed as help');
    expect(parsed.header?.conditionIds.sort()).toEqual([...r.conditionIds].sort());
    expect(parsed.header?.samples).toBe(r.samplesPerCondition);
    expect(parsed.header?.params).toEqual(r.params);
    expect(parsed.header?.batch).toBe(opts.batch);
    expect(parsed.header?.name).toBe(r.name);
    const swap = r.prompts?.swap === 'original' ? { swap: 'original' } : {};
    expect(parsed.header?.pack).toEqual(
      r.pack.id === 'aml-bundled'
        ? { kind: 'bundled' }
        : { kind: 'original', path: 'PATH/TO/agentic-misalignment/templates', ...swap },
    );
    expect(w.includes('--swap')).toBe(r.prompts?.swap === 'original');
  });

  it('--swap: fixed or original, only with --original, not with --resume', () => {
    const base = ['--engine', 'openai:x', '--preset', 'fig7', '--out', 'o.json'];
    const orig = [...base, '--original', 'tpl'];
    const pack = (argv: string[]) => {
      const p = parseCli(argv);
      if (p === 'help') throw new Error('parsed as help');
      return p.header?.pack;
    };
    expect(pack([...orig, '--swap', 'original'])).toEqual({ kind: 'original', path: 'tpl', swap: 'original' });
    expect(pack([...orig, '--swap', 'fixed'])).toEqual({ kind: 'original', path: 'tpl' });
    expect(pack(orig)).toEqual({ kind: 'original', path: 'tpl' });
    expect(() => parseCli([...orig, '--swap', 'sideways'])).toThrow('--swap must be fixed or original, not "sideways"');
    expect(() => parseCli([...base, '--swap', 'original'])).toThrow('add --original PATH');
    expect(() => parseCli(['--resume', 'o.json', '--swap', 'original'])).toThrow('drop --swap');
  });

  it('quotes names with spaces and quotes so the shell passes them unchanged', () => {
    const c = cliCommand(run({ name: "Bob's run; rm -rf ~" }), { batch: false });
    expect(words(c.command)).toContain("Bob's run; rm -rf ~");
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
    expect(shellWord('plain-word_1.json')).toBe('plain-word_1.json');
  });

  it('an imported original pack asks for the templates path; in-browser models say they need the site', () => {
    expect(cliCommand(run({ pack: { id: 'original-1234abcd', hash: 'h' } }), { batch: true }).notes[0]).toMatch(
      /templates folder/,
    );
    expect(
      cliCommand(run({ engine: { kind: 'webllm', provider: 'webllm', model: 'q' } }), { batch: false }).notes[0],
    ).toMatch(/only on the site/);
    expect(keyVariable('gemini')).toBe('GEMINI_API_KEY');
    const edited = cliCommand(
      run({
        pack: { id: 'original-1234abcd', hash: 'h' },
        prompts: { swap: 'fixed', facts: [], editedFacts: ['blackmail'] },
      }),
      { batch: false },
    );
    expect(edited.notes[1]).toMatch(/classifier facts edited on the site \(blackmail\) cannot be given/);
  });
});
