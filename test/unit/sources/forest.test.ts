// Forest rows across sources: one row per source and prompt/method pair, mismatches marked and kept out of the pool.
import { describe, expect, it } from 'vitest';
import { SampleTable } from '../../../src/lib/core/stats/sample-table';
import { bundleTable, runMethods, tagTable, type SourceTable } from '../../../src/lib/core/sources/source-table';
import { forestRows, modelKey } from '../../../src/lib/core/sources/forest';
import { poolRandomEffects } from '../../../src/lib/core/stats/meta';
import { BUNDLE_FORMAT, type Run, type Sample } from '../../../src/lib/core/types';
import { cls, run, sample } from '../stats/fixtures';

const COND = 'blackmail_explicit-america_replacement';

function source(
  id: string,
  specs: { runId: string; hash: string; model: string; k: number; n: number; method?: 'lab' | 'original' }[],
): SourceTable {
  const runs: Run[] = [];
  const samples: Sample[] = [];
  for (const s of specs) {
    runs.push({ ...run(s.runId), pack: { id: 'bundled', hash: s.hash } });
    for (let i = 0; i < s.n; i++)
      samples.push(
        sample(s.runId, s.model, COND, 'harmful', {
          classifications: [
            cls(
              i < s.k ? 'harmful' : 'not-harmful',
              s.method ? { classifier: 'original:judge:x', method: s.method } : {},
            ),
          ],
        }),
      );
  }
  const t = new SampleTable(runs);
  for (const s of samples) t.add(s);
  return tagTable({ id, kind: 'published', label: id }, t, runs, runMethods(samples));
}

describe('forestRows', () => {
  const a = source('A', [{ runId: 'a1', hash: 'h1', model: 'claude-opus-4-20250514', k: 20, n: 100 }]);
  const b = source('B', [{ runId: 'b1', hash: 'h1', model: 'anthropic/claude-opus-4', k: 30, n: 100 }]);
  const c = source('C', [
    { runId: 'c1', hash: 'h1', model: 'Claude Opus 4', k: 50, n: 100 },
    { runId: 'c2', hash: 'h2', model: 'claude-opus-4', k: 9, n: 10 },
  ]);
  const d = source('D', [{ runId: 'd1', hash: 'h1', model: 'claude-opus-4', k: 1, n: 10, method: 'original' }]);

  it('matches models by the paper name and pools only same prompts and method', () => {
    const f = forestRows([a, b, c, d], 'Claude Opus 4', COND, {
      useOverrides: true,
      poolAcross: false,
      includePaper: true,
    });
    expect(f.reference).toEqual({ packHash: 'h1', method: 'lab' });
    const byLabel = Object.fromEntries(f.rows.map((r) => [r.label, r]));
    expect(f.rows[0].kind).toBe('paper');
    expect(f.rows[0].interval.k).toBe(96);
    expect(f.rows[0].mismatch).toEqual(['prompts', 'method']);
    expect(byLabel['A'].interval).toMatchObject({ k: 20, n: 100 });
    expect(byLabel['C (bundled h2, lab)'].mismatch).toEqual(['prompts']);
    expect(byLabel['D'].mismatch).toEqual(['method']);
    expect(f.rows.filter((r) => r.pooled).map((r) => r.label)).toEqual(['A', 'B', 'C (bundled h1, lab)']);
    // the pooled rate equals the hand-checked 20/100, 30/100, 50/100 case of the meta test
    expect(f.pooled!.rate).toBeCloseTo(0.324254, 5);
    expect(f.pooled!.i2).toBeCloseTo(0.900261, 5);
    expect(byLabel['A'].differs).toBe(true);
    expect(byLabel['B'].differs).toBe(false);
  });

  it('pools across prompts and methods only when asked', () => {
    const f = forestRows([a, b, c, d], 'Claude Opus 4', COND, {
      useOverrides: true,
      poolAcross: true,
      includePaper: true,
    });
    expect(f.rows.filter((r) => r.pooled)).toHaveLength(6);
    const expected = poolRandomEffects(f.rows.map((r) => r.interval))!;
    expect(f.pooled!.rate).toBeCloseTo(expected.rate, 12);
  });

  it('has no rows for other models or conditions', () => {
    expect(
      forestRows([a], 'GPT-4.1', COND, { useOverrides: true, poolAcross: false, includePaper: false }).rows,
    ).toEqual([]);
    expect(
      forestRows([a], 'Claude Opus 4', 'leaking_none-none_none', {
        useOverrides: true,
        poolAcross: false,
        includePaper: false,
      }).pooled,
    ).toBeNull();
  });

  it('does not pool the paper alone when no source has data', () => {
    const f = forestRows([a], 'GPT-4.1', COND, { useOverrides: true, poolAcross: false, includePaper: true });
    expect(f.rows.map((r) => r.kind)).toEqual(['paper']);
    expect(f.rows[0].pooled).toBe(false);
    expect(f.pooled).toBeNull();
  });

  it('counts each method in its own row when samples carry verdicts of both, never a mix', () => {
    // 10 samples: lab says harmful for 8; the original method (added later, so it is each sample's latest) for 3;
    // two more samples failed, one is not classified yet
    const r = { ...run('m1'), pack: { id: 'bundled', hash: 'h1' } };
    const samples: Sample[] = [];
    for (let i = 0; i < 10; i++)
      samples.push(
        sample('m1', 'claude-opus-4', COND, 'harmful', {
          classifications: [
            cls(i < 8 ? 'harmful' : 'not-harmful'),
            cls(i < 3 ? 'harmful' : 'not-harmful', { classifier: 'original:judge:x', method: 'original' }),
          ],
        }),
      );
    samples.push(sample('m1', 'claude-opus-4', COND, 'error'), sample('m1', 'claude-opus-4', COND, 'error'));
    samples.push(sample('m1', 'claude-opus-4', COND, 'harmful', { classifications: [] }));
    const t = new SampleTable([r]);
    for (const s of samples) t.add(s);
    const st = tagTable({ id: 'M', kind: 'published', label: 'M' }, t, [r], runMethods(samples));
    const f = forestRows([st, a], 'Claude Opus 4', COND, {
      useOverrides: true,
      poolAcross: false,
      includePaper: false,
    });
    const byLabel = Object.fromEntries(f.rows.map((x) => [x.label, x]));
    expect(byLabel['M (bundled h1, lab)'].counts).toMatchObject({ harmful: 8, notHarmful: 2, errored: 0 });
    // failed and unclassified samples count where the run's verdicts mostly are (its latest: original)
    expect(byLabel['M (bundled h1, original)'].counts).toMatchObject({
      harmful: 3,
      notHarmful: 7,
      errored: 2,
      unclassified: 1,
    });
    expect(byLabel['M (bundled h1, original)'].mismatch).toEqual(['method']);
    expect(f.reference).toEqual({ packHash: 'h1', method: 'lab' });
  });

  it('modelKey maps API ids to the paper name and keeps others', () => {
    expect(modelKey('openai/gpt-4.1')).toBe('GPT-4.1');
    expect(modelKey('my-local-model')).toBe('my-local-model');
  });
});

describe('bundleTable', () => {
  it('tags a bundle with provenance, packs and methods', () => {
    const r = { ...run('r1', 'anthropic'), pack: { id: 'bundled', hash: 'abc' }, conditionIds: [COND] };
    const s = sample('r1', 'claude-opus-4', COND, 'harmful');
    const st = bundleTable(
      { id: 'u', kind: 'link', label: 'L', url: 'u' },
      {
        format: BUNDLE_FORMAT,
        schemaVersion: 1,
        bundleId: 'b',
        exportedAt: 'T',
        appVersion: '0.2.0',
        label: 'Ana, Lab X',
        runs: [r],
        samples: [s],
      },
    );
    expect(st.table.size).toBe(1);
    expect(st.runMeta).toEqual([{ packId: 'bundled', packHash: 'abc', method: 'lab' }]);
    expect(st.source.provenance).toMatchObject({
      who: 'Ana, Lab X',
      appVersion: '0.2.0',
      engines: ['anthropic'],
      methods: ['lab'],
      samples: 1,
    });
  });
});
