// The compare view's link, its pairs (chosen, from a paper figure, or the most shared) and the stored-results method tags.
import { describe, expect, it } from 'vitest';
import { SampleTable } from '../../../src/lib/core/stats/sample-table';
import { runMethods, tableRunMethods, tagTable, type SourceTable } from '../../../src/lib/core/sources/source-table';
import {
  comparePairs,
  compareToQuery,
  conditionOptions,
  forestCsv,
  modelOptions,
  pairCounts,
  parseCompare,
} from '../../../src/lib/core/sources/compare';
import { forestRows } from '../../../src/lib/core/sources/forest';
import type { Run, Sample } from '../../../src/lib/core/types';
import { cls, run, sample } from '../stats/fixtures';

const BM = 'blackmail_explicit-america_replacement';
const LK = 'leaking_explicit-america_none';

function src(id: string, rows: [model: string, cond: string][], method?: 'original'): SourceTable {
  const r: Run = { ...run(`${id}-r`), pack: { id: 'bundled', hash: 'h' } };
  const samples: Sample[] = rows.map(([m, c], i) =>
    sample(r.id, m, c, 'harmful', {
      id: `${id}/${i}`,
      index: i,
      classifications: [
        cls(i % 2 ? 'harmful' : 'not-harmful', method ? { classifier: 'original:judge:x', method } : {}),
      ],
    }),
  );
  const t = new SampleTable([r]);
  for (const s of samples) t.add(s);
  return tagTable({ id, kind: 'link', label: id }, t, [r], runMethods(samples));
}

describe('compare query', () => {
  it.each([
    ['model=GPT-4.1&condition=x', { model: 'GPT-4.1', conditionId: 'x', fig: '', across: false, useOverrides: true }],
    ['fig=fig7&across=1&overrides=0', { fig: 'fig7', across: true, useOverrides: false }],
    ['fig=nope', { fig: '' }],
    ['src=a&src=b', { src: ['a', 'b'] }],
  ])('%s', (text, expected) => {
    const c = parseCompare(new URLSearchParams(text));
    expect(c).toMatchObject(expected);
    expect(parseCompare(compareToQuery(c))).toEqual(c);
  });
});

describe('compare pairs', () => {
  const a = src('A', [
    ['gpt-4.1', BM],
    ['gpt-4.1', BM],
    ['claude-opus-4-20250514', LK],
  ]);
  const b = src('B', [
    ['openai/gpt-4.1', BM],
    ['my-model', LK],
  ]);
  const counts = pairCounts([a, b]);

  it('counts sources per model key × condition', () => {
    expect(counts.get(`GPT-4.1\u0000${BM}`)).toBe(2);
    expect(counts.get(`Claude Opus 4\u0000${LK}`)).toBe(1);
    expect(modelOptions(counts)).toEqual(['Claude Opus 4', 'GPT-4.1', 'my-model']);
    expect(conditionOptions(counts, 'GPT-4.1')).toEqual([BM]);
  });

  it.each([
    ['', [{ model: 'GPT-4.1', conditionId: BM }]],
    ['model=my-model&condition=' + LK, [{ model: 'my-model', conditionId: LK }]],
    // fig7 is blackmail for every model: only GPT-4.1 has data; fig9 (leaking) only Opus
    ['fig=fig7', [{ model: 'GPT-4.1', conditionId: BM }]],
    ['fig=fig9', [{ model: 'Claude Opus 4', conditionId: LK }]],
    ['fig=fig11', []],
  ])('"%s"', (text, expected) => {
    expect(comparePairs(parseCompare(new URLSearchParams(text)), counts)).toEqual(expected);
  });

  it('has nothing to plot without data', () =>
    expect(comparePairs(parseCompare(new URLSearchParams()), new Map())).toEqual([]));

  it('writes the forest as CSV with the pooled row', () => {
    const f = forestRows([a, b], 'GPT-4.1', BM, { useOverrides: true, poolAcross: false, includePaper: true });
    const lines = forestCsv(f, { model: 'GPT-4.1', conditionId: BM }).trim().split('\n');
    expect(lines[0]).toMatch(/^model,condition,source,kind,pack_hash,method,harmful,classified,rate,ci_low/);
    expect(lines).toHaveLength(1 + 3 + 1);
    expect(lines[1]).toContain('Paper (fig7');
    expect(lines.at(-1)).toContain('pooled (random effects)');
  });
});

describe('tableRunMethods', () => {
  it('agrees with runMethods over the same samples', () => {
    const r1 = run('r1');
    const r2 = run('r2');
    const samples = [
      sample('r1', 'm', BM, 'harmful', { id: 's1', classifications: [cls('harmful')] }),
      sample('r1', 'm', BM, 'harmful', { id: 's2', classifications: [cls('harmful')] }),
      sample('r2', 'm', BM, 'harmful', {
        id: 's3',
        classifications: [cls('harmful', { classifier: 'original:judge:x', method: 'original' })],
      }),
    ];
    const t = new SampleTable([r1, r2]);
    for (const s of samples) t.add(s);
    expect(tableRunMethods(t)).toEqual(runMethods(samples));
    expect(tableRunMethods(t).get('r2')).toBe('original');
  });
});
