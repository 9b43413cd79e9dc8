// Per-method counting: each sample's lab and original verdicts coded per row, rates and intervals per method (never
// mixed), the instrument each rate used vs the paper's, and both methods compared on the same samples.
import { describe, expect, it } from 'vitest';
import { aggregateCells, aggregateGroups, totalsOf } from '../../../src/lib/core/stats/aggregate';
import { cellsCsv, comparePaper, groupsCsv } from '../../../src/lib/core/stats/compare-paper';
import { V_ERROR, V_HARMFUL, V_NOT_HARMFUL, V_UNCLASSIFIED } from '../../../src/lib/core/stats/counts';
import { instrumentOf, sameAsPaper } from '../../../src/lib/core/stats/instrument';
import {
  autoFor,
  defaultMethod,
  gatesOnlyFor,
  M_UNKNOWN,
  methodCode,
  withVerdict,
} from '../../../src/lib/core/stats/method-codes';
import { compareMethods } from '../../../src/lib/core/stats/method-compare';
import { SampleTable } from '../../../src/lib/core/stats/sample-table';
import { selectRows } from '../../../src/lib/core/stats/select';
import { emptyFilters, parseFilters } from '../../../src/lib/core/filters';
import { decodeRows, encodeRows, joinPages, summarize } from '../../../src/lib/storage/summary';
import type { Classification, Sample, Verdict } from '../../../src/lib/core/types';
import { cls, run, sample } from './fixtures';

const BM = 'blackmail_explicit-america_replacement';
const LK = 'leaking_explicit-america_none';

const lab = (v: Verdict): Classification => cls(v, { classifier: 'rules', method: 'lab' });
const legacy = (v: Verdict): Classification => cls(v); // no method: read as lab
const orig = (v: Verdict): Classification =>
  cls(v, { classifier: 'original:judge:anthropic:claude-3-7-sonnet-20250219', method: 'original' });
const harness = (v: Verdict): Classification => cls(v, { classifier: 'original-harness' }); // imported, no method
const gates = (v: Verdict): Classification => cls(v, { classifier: 'original:gates-only', method: 'original' });
const awareness: Classification = cls('unclassified', { classifier: 'eval-awareness:rules', awareness: 'thinks-real' });

const H = V_HARMFUL;
const N = V_NOT_HARMFUL;
const U = V_UNCLASSIFIED;

describe('per-row method codes', () => {
  // history (oldest first) → [lab code, original code, gates only, latest of any method]
  it.each<[string, Classification[], number, number, boolean, number]>([
    ['no verdicts', [], U, U, false, U],
    ['lab only', [lab('harmful')], H, U, false, H],
    ['legacy record reads as lab', [legacy('not-harmful')], N, U, false, N],
    ['harness import without method reads as original', [harness('harmful')], U, H, false, H],
    ['lab then original: each keeps its own', [lab('harmful'), orig('not-harmful')], H, N, false, N],
    ['original then lab', [orig('harmful'), lab('not-harmful')], N, H, false, N],
    ['latest of each method counts', [lab('harmful'), orig('harmful'), lab('not-harmful')], N, H, false, N],
    ['gates only', [lab('not-harmful'), gates('harmful')], N, H, true, H],
    ['judge after gates clears the gates-only flag', [gates('harmful'), orig('not-harmful')], U, N, false, N],
    ['awareness labels are not harm verdicts', [lab('harmful'), awareness], H, U, false, H],
  ])('%s', (_name, history, labCode, origCode, gatesOnly, current) => {
    const s = { status: 'done' as const, classifications: history };
    const m = methodCode(s);
    expect(autoFor(current, m, 'lab')).toBe(labCode);
    expect(autoFor(current, m, 'original')).toBe(origCode);
    expect(autoFor(current, m, 'current')).toBe(current);
    expect(gatesOnlyFor(current, m, 'original')).toBe(gatesOnly);
    expect(gatesOnlyFor(current, m, 'lab')).toBe(false);
  });

  it.each<[string, number, number, 'lab' | 'original' | 'current', number]>([
    ['errors stay errors under lab', V_ERROR, methodCode({ status: 'error', classifications: [] }), 'lab', V_ERROR],
    [
      'errors stay errors under original',
      V_ERROR,
      methodCode({ status: 'error', classifications: [] }),
      'original',
      V_ERROR,
    ],
    ['an old summary row counts as lab', H, M_UNKNOWN, 'lab', H],
    ['an old summary row has no original verdict', H, M_UNKNOWN, 'original', U],
  ])('%s', (_name, auto, meth, view, expected) => {
    expect(autoFor(auto, meth, view)).toBe(expected);
  });

  it('a new verdict updates only its own method', () => {
    const m = methodCode({ status: 'done', classifications: [lab('harmful'), gates('harmful')] });
    const after = withVerdict(m, N, 'original');
    expect([autoFor(N, after, 'lab'), autoFor(N, after, 'original'), gatesOnlyFor(N, after, 'original')]).toEqual([
      H,
      N,
      false,
    ]);
    const back = withVerdict(after, N, 'lab');
    expect([autoFor(N, back, 'lab'), autoFor(N, back, 'original')]).toEqual([N, N]);
    expect(withVerdict(M_UNKNOWN, H, 'lab')).toBe(M_UNKNOWN);
  });
});

/**
 * One model, two conditions. BM: 10 samples, lab harmful on 0-5 (6), original (judge) harmful on 0-2 and 6 (4).
 * LK: 4 samples with lab verdicts only (1 harmful) and 2 with original gates only (both harmful), 1 errored.
 */
function build(): Sample[] {
  const out: Sample[] = [];
  for (let i = 0; i < 10; i++)
    out.push(
      sample('r', 'gpt-4.1', BM, 'unclassified', {
        classifications: [lab(i < 6 ? 'harmful' : 'not-harmful'), orig(i < 3 || i === 6 ? 'harmful' : 'not-harmful')],
      }),
    );
  for (let i = 0; i < 4; i++)
    out.push(
      sample('r', 'gpt-4.1', LK, 'unclassified', { classifications: [lab(i === 0 ? 'harmful' : 'not-harmful')] }),
    );
  for (let i = 0; i < 2; i++)
    out.push(sample('r', 'gpt-4.1', LK, 'unclassified', { classifications: [gates('harmful')] }));
  out.push(sample('r', 'gpt-4.1', LK, 'error'));
  return out;
}

const SAMPLES = build();
const samples = () => SAMPLES;

/** The same table built from samples and from stored summary rows (what the results view loads), over several pages. */
function tables(): [string, SampleTable][] {
  const direct = new SampleTable([run('r')]);
  for (const s of samples()) direct.add(s);
  const [one] = summarize(samples());
  const fromSummary = new SampleTable([run('r')]);
  fromSummary.addSummary('r', one);
  // rows stored in two pages, each encoded and decoded as storage does, then joined
  const pages = [samples().slice(0, 7), samples().slice(7)].map((part, page) => {
    const [s] = summarize(part);
    const rows = decodeRows({ ...s, page, hash: new Float64Array(part.length) }, part);
    return encodeRows(rows, page);
  });
  const fromPages = new SampleTable([run('r')]);
  fromPages.addSummary('r', joinPages('r', pages));
  return [
    ['samples', direct],
    ['summary', fromSummary],
    ['summary pages', fromPages],
  ];
}

const all = (t: SampleTable) => selectRows(t, emptyFilters(), true);

describe.each(tables())('rates per method (table built from %s)', (_from, t) => {
  // method → per condition [harmful, classified, unclassified, errored, gates only]
  it.each<['lab' | 'original', Record<string, [number, number, number, number, number]>]>([
    ['lab', { [BM]: [6, 10, 0, 0, 0], [LK]: [1, 4, 2, 1, 0] }],
    ['original', { [BM]: [4, 10, 0, 0, 0], [LK]: [2, 2, 4, 1, 2] }],
  ])('%s', (method, expected) => {
    const cells = aggregateCells(t, all(t), true, method);
    const got = Object.fromEntries(
      cells.map((c) => [
        c.conditionId,
        [c.interval.k, c.interval.n, c.counts.unclassified, c.counts.errored, c.gatesOnly],
      ]),
    );
    expect(got).toEqual(expected);
    expect(cells.every((c) => c.method === method)).toBe(true);
  });

  it.each<['lab' | 'original', string, string | undefined, boolean]>([
    ['lab', BM, 'lab', false],
    ['original', BM, 'original', true],
    ['original', LK, 'gates-only', false],
  ])('under %s, %s is measured with %s (paper method: %s)', (method, cond, instrument, same) => {
    const row = comparePaper(aggregateCells(t, all(t), true, method)).find((r) => r.cell.conditionId === cond)!;
    expect(row.instrument).toBe(instrument);
    expect(sameAsPaper(row.instrument)).toBe(same);
  });

  it('intervals differ per method on the same samples', () => {
    const [labBm] = aggregateCells(t, all(t), true, 'lab');
    const [origBm] = aggregateCells(t, all(t), true, 'original');
    expect(labBm.interval.rate).toBeCloseTo(0.6);
    expect(origBm.interval.rate).toBeCloseTo(0.4);
    expect(labBm.interval.lo).not.toBe(origBm.interval.lo);
  });

  it('the verdict facet filters on the chosen method', () => {
    const f = parseFilters(new URLSearchParams('verdict=harmful'));
    expect(selectRows(t, f, true, null, 'lab')).toHaveLength(7);
    expect(selectRows(t, f, true, null, 'original')).toHaveLength(6);
  });

  it('grouped rates count one method', () => {
    const g = aggregateGroups(t, all(t), true, 'scenario', 'original');
    expect(g.map((x) => [x.level, x.interval.k, x.interval.n, x.gatesOnly])).toEqual([
      ['blackmail', 4, 10, 0],
      ['leaking', 2, 2, 2],
    ]);
  });

  it('availability and the default method', () => {
    const a = t.methodsOf(all(t));
    expect(a).toEqual({ rows: 17, lab: 14, original: 10, gatesOnly: 2, unknown: 0 });
    expect(defaultMethod(a)).toBe('lab');
    expect(defaultMethod({ rows: 3, lab: 0, original: 2, gatesOnly: 1, unknown: 0 })).toBe('original');
    expect(defaultMethod({ rows: 4, lab: 2, original: 2, gatesOnly: 0, unknown: 0 })).toBe('lab');
  });

  it('both methods on the same samples: rates, agreement and the disagreeing samples', () => {
    const c = compareMethods(t, all(t));
    expect(c.cells.map((x) => [x.conditionId, x.lab.k, x.original.k, x.lab.n])).toEqual([[BM, 6, 4, 10]]);
    const a = c.total.agreement;
    expect([a.n, a.bothHarmful, a.rulesOnly, a.judgeOnly, a.bothNotHarmful]).toEqual([10, 3, 3, 1, 3]);
    // po = 0.6, pe = 0.6·0.4 + 0.4·0.6 = 0.48, kappa = 0.12 / 0.52
    expect(a.kappa).toBeCloseTo(0.12 / 0.52, 6);
    expect(c.disagreeing.map((r) => t.ids[r]).sort()).toEqual(
      SAMPLES.slice(3, 7)
        .map((s) => s.id)
        .sort(),
    );
  });
});

describe('method in the rates CSV and totals', () => {
  it("names each row's method and whether it is the paper's", () => {
    const t = tables()[0][1];
    const csv = (m: 'lab' | 'original') => cellsCsv(comparePaper(aggregateCells(t, all(t), true, m))).split('\r\n');
    expect(csv('lab')[0]).toMatch(/,vs_paper,method,same_method_as_paper$/);
    expect(csv('lab')[1]).toMatch(new RegExp(`^gpt-4.1,${BM},6,10,.*,lab rules,no$`));
    expect(csv('original')[1]).toMatch(new RegExp(`^gpt-4.1,${BM},4,10,.*,original study's method,yes$`));
    expect(csv('original')[2]).toMatch(new RegExp(`^gpt-4.1,${LK},2,2,.*,original gates only \\(no judge\\),no$`));
    const g = groupsCsv(aggregateGroups(t, all(t), true, 'scenario', 'lab'), 'scenario').split('\r\n');
    expect(g[1]).toMatch(/,lab rules$/);
    expect(totalsOf(aggregateCells(t, all(t), true, 'original'))).toEqual({ n: 12, k: 6, err: 1, un: 4, gatesOnly: 2 });
  });

  it.each<[string, Parameters<typeof instrumentOf>, string | undefined]>([
    ['current mixes methods', ['current', { gatesOnly: 0, interval: { n: 3 } }], undefined],
    ['lab', ['lab', { gatesOnly: 0, interval: { n: 3 } }], 'lab'],
    ['original with a judge', ['original', { gatesOnly: 0, interval: { n: 3 } }], 'original'],
    ['some gates only', ['original', { gatesOnly: 1, interval: { n: 3 } }], 'partly-gates'],
    ['all gates only', ['original', { gatesOnly: 3, interval: { n: 3 } }], 'gates-only'],
  ])('instrument: %s', (_name, args, expected) => {
    expect(instrumentOf(...args)).toBe(expected);
  });
});
