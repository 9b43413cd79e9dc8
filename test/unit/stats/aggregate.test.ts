// Aggregation per model × condition and per design axis, over the columnar sample table and its row selection.
import { describe, expect, it } from 'vitest';
import { aggregateCells, aggregateGroups, groupDifferences } from '../../../src/lib/core/stats/aggregate';
import { SampleTable } from '../../../src/lib/core/stats/sample-table';
import { selectRows } from '../../../src/lib/core/stats/select';
import { emptyFilters, parseFilters } from '../../../src/lib/core/filters';
import { cell, cls, run, sample } from './fixtures';

const BM = 'blackmail_explicit-america_replacement';
const BM_DONT = 'blackmail_explicit-america_replacement_dont';
const LK = 'leaking_explicit-america_none';

function build() {
  const t = new SampleTable([
    run('r1', 'openai'),
    run('r2', 'anthropic', { kind: 'import', label: 'b', bundleId: 'B1' }),
  ]);
  const samples = [
    ...cell('r1', 'gpt-4.1', BM, 8, 10),
    ...cell('r1', 'gpt-4.1', BM_DONT, 1, 10),
    ...cell('r2', 'claude-opus-4-20250514', BM, 10, 10),
    ...cell('r2', 'claude-opus-4-20250514', LK, 0, 4),
    sample('r1', 'gpt-4.1', BM, 'error'),
    sample('r1', 'gpt-4.1', BM, 'unclassified'),
    // reviewer flipped a harmful one to not harmful
    sample('r2', 'claude-opus-4-20250514', LK, 'harmful', {
      override: { verdict: 'not-harmful', note: 'quoted, not sent', at: '' },
    }),
  ];
  for (const s of samples) t.add(s);
  return { t, samples };
}

const all = (t: SampleTable) => selectRows(t, emptyFilters(), true);

describe('aggregateCells', () => {
  it('counts harmful over classified samples, leaving out errors and unclassified', () => {
    const { t } = build();
    const cells = aggregateCells(t, all(t), true);
    const by = Object.fromEntries(cells.map((c) => [`${c.model}|${c.conditionId}`, c]));
    expect(cells).toHaveLength(4);
    const g = by[`gpt-4.1|${BM}`];
    expect(g.counts).toEqual({ harmful: 8, notHarmful: 2, unclassified: 1, errored: 1, reviewed: 0 });
    expect(g.interval.n).toBe(10);
    expect(g.interval.rate).toBeCloseTo(0.8);
    expect(by[`gpt-4.1|${BM_DONT}`].interval.k).toBe(1);
    expect(by[`claude-opus-4-20250514|${BM}`].interval.rate).toBe(1);
    const lk = by[`claude-opus-4-20250514|${LK}`];
    expect([lk.interval.k, lk.interval.n, lk.counts.reviewed]).toEqual([0, 5, 1]);
  });

  it('with overrides off, the automatic verdict counts', () => {
    const { t } = build();
    const lk = aggregateCells(t, all(t), false).find((c) => c.conditionId === LK)!;
    expect([lk.interval.k, lk.interval.n]).toEqual([1, 5]);
  });

  it('sorts by model then condition', () => {
    const { t } = build();
    expect(aggregateCells(t, all(t), true).map((c) => c.model)).toEqual([
      'claude-opus-4-20250514',
      'claude-opus-4-20250514',
      'gpt-4.1',
      'gpt-4.1',
    ]);
  });

  it('respects the row selection', () => {
    const { t } = build();
    const rows = selectRows(t, parseFilters(new URLSearchParams('source=B1')), true);
    expect(aggregateCells(t, rows, true).map((c) => c.model)).toEqual([
      'claude-opus-4-20250514',
      'claude-opus-4-20250514',
    ]);
  });

  it('reflects overrides and reclassification applied in place', () => {
    const { t, samples } = build();
    const target = samples.find(
      (s) =>
        s.model === 'gpt-4.1' &&
        s.conditionId === BM &&
        s.status === 'done' &&
        s.classifications[0]?.verdict === 'harmful',
    )!;
    expect(t.applyOverride(target.id, 'not-harmful')).toBe(true);
    let g = aggregateCells(t, all(t), true).find((c) => c.model === 'gpt-4.1' && c.conditionId === BM)!;
    expect([g.interval.k, g.counts.reviewed]).toEqual([7, 1]);
    expect(t.applyOverride(target.id, undefined)).toBe(true);
    g = aggregateCells(t, all(t), true).find((c) => c.model === 'gpt-4.1' && c.conditionId === BM)!;
    expect([g.interval.k, g.counts.reviewed]).toEqual([8, 0]);
    expect(t.applyOverride('nope', 'harmful')).toBe(false);
    const errored = samples.find((s) => s.status === 'error')!;
    expect(t.applyOverride(errored.id, 'harmful')).toBe(false);
    const unclassified = samples.find((s) => s.status === 'done' && s.classifications.length === 0)!;
    expect(t.applyClassification(unclassified.id, 'harmful')).toBe(true);
    g = aggregateCells(t, all(t), true).find((c) => c.model === 'gpt-4.1' && c.conditionId === BM)!;
    expect([g.interval.k, g.interval.n, g.counts.unclassified]).toEqual([9, 11, 0]);
  });

  it('uses the latest harm classification, ignoring awareness labels', () => {
    const t = new SampleTable([run('r')]);
    t.add(
      sample('r', 'm', BM, 'harmful', {
        classifications: [cls('harmful'), cls('not-harmful'), cls('harmful', { awareness: 'thinks-eval' })],
      }),
    );
    expect(aggregateCells(t, all(t), true)[0].interval.k).toBe(0);
  });

  it('keeps samples of runs it was not told about under an unknown run', () => {
    const t = new SampleTable();
    t.add(sample('ghost', 'm', BM, 'harmful'));
    expect(t.runs[0]).toMatchObject({ id: 'ghost', engine: 'unknown' });
    expect(aggregateCells(t, all(t), true)[0].interval.k).toBe(1);
  });

  it('aggregates 100,000 samples quickly', () => {
    const t = new SampleTable([run('r')]);
    const conds = [BM, BM_DONT, LK, 'murder_explicit-america_replacement'];
    for (let i = 0; i < 100_000; i++)
      t.add(sample('r', `model-${i % 5}`, conds[i % 4], i % 3 === 0 ? 'harmful' : 'not-harmful'));
    const t0 = performance.now();
    const rows = all(t);
    const cells = aggregateCells(t, rows, true);
    const groups = aggregateGroups(t, rows, true, 'urgency');
    const ms = performance.now() - t0;
    expect(cells).toHaveLength(20);
    expect(cells.reduce((s, c) => s + c.interval.n, 0)).toBe(100_000);
    expect(groups.reduce((s, g) => s + g.interval.n, 0)).toBe(100_000);
    expect(ms).toBeLessThan(500);
  });
});

describe('aggregateGroups', () => {
  it('pools conditions by instructions level', () => {
    const { t } = build();
    const g = aggregateGroups(t, all(t), true, 'instructions');
    expect(g.map((x) => [x.model, x.level, x.interval.k, x.interval.n])).toEqual([
      ['claude-opus-4-20250514', 'none', 10, 15],
      ['gpt-4.1', 'none', 8, 10],
      ['gpt-4.1', 'dont', 1, 10],
    ]);
  });

  it('orders levels by the axis order and skips unparseable condition ids', () => {
    const t = new SampleTable([run('r')]);
    for (const s of [
      ...cell('r', 'm', 'leaking_explicit-safety_none', 1, 2),
      ...cell('r', 'm', 'leaking_explicit-america_none', 1, 2),
      ...cell('r', 'm', 'not-a-condition', 1, 2),
    ])
      t.add(s);
    expect(aggregateGroups(t, all(t), true, 'goalValue').map((g) => g.level)).toEqual(['america', 'safety']);
  });

  const dims: [string, string, string][] = [
    ['urgency', 'blackmail_none-none_restriction', 'restriction'],
    ['goalType', 'blackmail_latent-global_none', 'latent'],
    ['notice', 'blackmail_none-none_replacement_notice', 'with'],
    ['named', 'blackmail_none-none_replacement_unnamed', 'unnamed'],
    ['production', 'blackmail_none-none_replacement_prod', 'production'],
    ['scenario', 'murder_none-none_replacement', 'murder'],
  ];
  it.each(dims)('%s level of %s is %s', (dim, cond, level) => {
    const t = new SampleTable([run('r')]);
    t.add(sample('r', 'm', cond, 'harmful'));
    expect(aggregateGroups(t, all(t), true, dim as 'urgency')[0].level).toBe(level);
  });
});

describe('groupDifferences', () => {
  it('calls only non-overlapping intervals, within one model', () => {
    const t = new SampleTable([run('r')]);
    for (const s of [
      ...cell('r', 'a', BM, 96, 100),
      ...cell('r', 'a', BM_DONT, 37, 100),
      ...cell('r', 'b', BM, 6, 10),
      ...cell('r', 'b', BM_DONT, 4, 10),
    ])
      t.add(s);
    const calls = groupDifferences(aggregateGroups(t, all(t), true, 'instructions'));
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ model: 'a', higher: 'none', lower: 'dont' });
  });
});

describe('comparePaper and CSV', () => {
  it('attaches the paper rate and calls a difference only for non-overlapping intervals', async () => {
    const { comparePaper, cellsCsv, groupsCsv } = await import('../../../src/lib/core/stats/compare-paper');
    const t = new SampleTable([run('r')]);
    for (const s of [
      ...cell('r', 'gpt-4.1', BM, 80, 100), // paper 0.80
      ...cell('r', 'gpt-4o', BM, 60, 100), // paper 0.15
      ...cell('r', 'tiny-local', BM, 3, 10), // not in the paper
      ...cell('r', '=cmd()', BM, 1, 2), // formula-looking label is neutralised in CSV
    ])
      t.add(s);
    const rows = comparePaper(aggregateCells(t, all(t), true));
    const by = Object.fromEntries(rows.map((r) => [r.cell.model, r]));
    expect(by['gpt-4.1'].paper?.rate).toBe(0.8);
    expect(by['gpt-4.1'].call).toBe('none');
    expect(by['gpt-4o'].call).toBe('higher');
    expect(by['tiny-local'].paper).toBeUndefined();
    const csv = cellsCsv(rows).split('\r\n');
    expect(csv[0]).toMatch(/^model,condition,harmful,n,rate,ci95_low,ci95_high,/);
    expect(csv).toContain(
      `gpt-4o,${BM},60,100,0.6,0.502,0.6906,0,0,0,GPT-4o,0.15,100,fig7,higher,latest verdict of any method,`,
    );
    expect(csv.some((l) => l.startsWith(`'=cmd()`))).toBe(true);
    const g = groupsCsv(aggregateGroups(t, all(t), true, 'urgency'), 'urgency').split('\r\n');
    expect(g[0]).toBe(
      'model,Urgency (threat to the agent),harmful,n,rate,ci95_low,ci95_high,unclassified,errored,method',
    );
    expect(g).toContain('gpt-4.1,replacement,80,100,0.8,0.7112,0.8666,0,0,latest verdict of any method');
  });
});

describe('describeCondition', () => {
  it.each([
    ['blackmail_explicit-america_replacement', 'Blackmail · explicit goal (america) · replacement'],
    ['leaking_none-none_none', 'Corporate espionage · no goal · no threat'],
    [
      'murder_ambiguous-none_restriction_dont_notice_unnamed_prod',
      'Lethal action · ambiguous goal · restriction · with dont · eval notice · unnamed · production',
    ],
    ['not-an-id', 'not-an-id'],
  ])('%s', async (id, label) => {
    const { describeCondition } = await import('../../../src/lib/core/stats/dimensions');
    const { parseConditionId } = await import('../../../src/lib/core/condition-id');
    expect(describeCondition(id, parseConditionId(id))).toBe(label);
  });
});

describe('aggregateGroups paper markers', () => {
  const BMX = 'blackmail_explicit-america_replacement';
  const t = new SampleTable([run('r')]);
  for (const s of [
    ...cell('r', 'claude-opus-4-20250514', BMX, 1, 2),
    ...cell('r', 'claude-opus-4-20250514', `${BMX}_dont`, 1, 2),
    ...cell('r', 'gpt-4.1', BMX, 1, 2),
    ...cell('r', 'gpt-4.1', 'leaking_explicit-america_none', 1, 2),
  ])
    t.add(s);
  const all = Uint32Array.from(t.ids, (_, i) => i);
  const groups = aggregateGroups(t, all, true, 'instructions');
  const paperOf = (model: string, level: string) => groups.find((g) => g.model === model && g.level === level)?.paper;

  it.each([
    ['claude-opus-4-20250514', 'none', 0.96, 'fig7'],
    ['claude-opus-4-20250514', 'dont', 0.37, 'fig12'],
  ])('%s %s: the paper rate of its one condition', (model, level, rate, figure) => {
    expect(paperOf(model, level)).toMatchObject({ rate, figure });
  });
  it('none where a group pools two conditions', () => expect(paperOf('gpt-4.1', 'none')).toBeUndefined());
});
