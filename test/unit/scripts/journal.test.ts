// The CLI journal: records read back after reopening, latest sample per id, torn last line dropped, corrupt lines named.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JournalStore } from '../../../scripts/lib/journal';
import { parseCli, sameExperiment } from '../../../scripts/lib/experiment-args';
import { keyFor } from '../../../scripts/lib/cli-key';
import { progressLine } from '../../../scripts/lib/progress';
import { COND_A, makeRun, makeSample } from '../storage/make';

const dir = mkdtempSync(join(tmpdir(), 'aml-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('JournalStore', () => {
  it('stores concurrent writes durably and reads them back; the latest record of a sample wins', async () => {
    const path = join(dir, 'a.jsonl');
    const j = await JournalStore.open(path);
    await j.putRun(makeRun('r1'));
    const failed = makeSample('r1', COND_A, 0, {
      status: 'error',
      error: { kind: 'network', message: 'x', attempts: 1 },
    });
    await Promise.all([j.putSample(failed), ...[1, 2, 3].map((i) => j.putSample(makeSample('r1', COND_A, i)))]);
    await j.putSample(makeSample('r1', COND_A, 0));
    await j.putBatch({
      id: 'b1',
      runId: 'r1',
      provider: 'openai',
      sampleIds: [],
      submittedAt: 'x',
      status: 'submitted',
    });
    await j.close();
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(7);
    const again = await JournalStore.open(path);
    expect(again.run?.id).toBe('r1');
    expect((await again.listSamples('r1')).map((s) => `${s.index}:${s.status}`).sort()).toEqual([
      '0:done',
      '1:done',
      '2:done',
      '3:done',
    ]);
    expect((await again.listBatches('r1')).map((b) => b.id)).toEqual(['b1']);
    await again.close();
  });

  it('drops a torn last line (a write the crash cut off) and names a corrupt line in the middle', async () => {
    const path = join(dir, 'b.jsonl');
    writeFileSync(path, JSON.stringify({ t: 'run', run: makeRun('r2') }) + '\n');
    appendFileSync(path, '{"t":"sample","sam');
    const j = await JournalStore.open(path);
    expect(j.recovered).toEqual({ lines: 1, droppedBytes: 18 });
    await j.close();
    expect(readFileSync(path, 'utf8').endsWith('}\n')).toBe(true);
    writeFileSync(path, 'not json\n' + JSON.stringify({ t: 'run', run: makeRun('r2') }) + '\n');
    await expect(JournalStore.open(path)).rejects.toThrow(/line 1 is not valid JSON/);
  });
});

describe('experiment arguments', () => {
  const base = ['--engine', 'openai:gpt-4.1', '--out', 'x.json'];
  it.each([
    [['--preset', 'fig7'], { conditionIds: ['blackmail_explicit-america_replacement'], samples: 100, batch: false }],
    [
      ['--conditions', 'leaking_none-none_none, leaking_none-none_none', '--samples', '5', '--batch'],
      { conditionIds: ['leaking_none-none_none'], samples: 5, batch: true },
    ],
  ])('%j', (extra, want) => {
    const o = parseCli([...base, ...extra]);
    expect(o).not.toBe('help');
    if (o !== 'help') expect(o.header).toMatchObject({ provider: 'openai', model: 'gpt-4.1', ...want });
  });
  it.each([
    [['--preset', 'fig7', '--conditions', 'a'], /not both/],
    [['--conditions', 'nope'], /unknown condition id "nope"/],
    [['--preset', 'fig7', '--samples', '0'], /--samples got "0"/],
    [['--preset', 'fig7', '--batch', '--engine', 'groq:llama'], /--batch works with openai, anthropic and gemini only/],
  ])('rejects %j', (extra, msg) => {
    expect(() => parseCli([...base, ...extra])).toThrow(msg);
  });
  it('resume takes nothing from the command line that the journal decides', () => {
    expect(() => parseCli(['--resume', 'x.json', '--preset', 'fig7'])).toThrow(/drop --preset/);
    expect(parseCli(['--resume', 'x.json', '--retry-failed'])).toMatchObject({
      out: 'x.json',
      resume: true,
      retryFailed: true,
    });
  });
  it('compares experiments by what they run, not by name', () => {
    const a = parseCli([...base, '--preset', 'fig7', '--name', 'one']);
    const b = parseCli([...base, '--preset', 'fig7', '--name', 'two']);
    const c = parseCli([...base, '--preset', 'fig8']);
    if (a === 'help' || b === 'help' || c === 'help') throw new Error('help');
    expect(sameExperiment(a.header!, b.header!)).toBe(true);
    expect(sameExperiment(a.header!, c.header!)).toBe(false);
  });
});

describe('key and progress', () => {
  it.each([
    ['openai', { OPENAI_API_KEY: 'a', LAB_API_KEY: 'b' }, 'OPENAI_API_KEY'],
    ['anthropic', { LAB_API_KEY: 'b' }, 'LAB_API_KEY'],
    ['groq', { OPENAI_API_KEY: 'a' }, undefined],
  ])('%s key from %j', (provider, env, from) => {
    expect(keyFor(provider, env).from).toBe(from);
  });
  it('prints done/failed/left, rate, ETA, tokens and cost at batch price', () => {
    const line = progressLine(
      {
        runId: 'r',
        status: 'running',
        total: 100,
        done: 40,
        failed: 2,
        remaining: 58,
        inFlight: [],
        inputTokens: 420_000,
        outputTokens: 42_000,
        elapsedMs: 10_000,
        etaMs: 125_000,
      },
      42,
      { pricing: { inputPerMTok: 2, outputPerMTok: 8 }, batch: true, source: 'test' },
    );
    // spent: (0.42 × 2 + 0.042 × 8) / 2 = 0.588; per finished sample 0.014, 58 left → 1.40 total
    expect(line).toBe(
      'done 40 · failed 2 · left 58 · 4.2/s · ETA 2m05s · tokens 420k in / 42k out · $0.588 so far, ~$1.40 total (batch price)',
    );
  });
});
