// Harmful rates per model × condition and per model × level of one design axis, in one allocation-free pass over rows.
import type { Condition } from '../types';
import { V_ERROR, V_HARMFUL, V_NOT_HARMFUL, rateOf, type Counts } from './counts';
import { compareIntervals, type RateInterval } from './wilson';
import type { SampleTable } from './sample-table';
import type { MethodView } from './method-codes';
import { GROUP_DIMENSIONS, levelOf, type GroupDimension } from './dimensions';
import { paperRate, type PaperRate } from '../paper-figures';

export interface CellStats {
  model: string;
  conditionId: string;
  counts: Counts;
  interval: RateInterval;
  /** of the counted verdicts, how many are the original method's gates alone (no judge) */
  gatesOnly?: number;
  /** whose automatic verdicts were counted (absent: the latest of any method) */
  method?: MethodView;
}

export interface GroupStats {
  model: string;
  level: string;
  counts: Counts;
  interval: RateInterval;
  /** of the counted verdicts, how many are the original method's gates alone (no judge) */
  gatesOnly?: number;
  /** whose automatic verdicts were counted (absent: the latest of any method) */
  method?: MethodView;
  /** the paper's rate, when the group's samples come from one condition the paper reports for this model */
  paper?: PaperRate;
}

/** Struct-of-arrays counters, one slot per group, so the row loop only increments integers. */
class FlatCounts {
  harmful: Int32Array;
  notHarmful: Int32Array;
  unclassified: Int32Array;
  errored: Int32Array;
  reviewed: Int32Array;
  gatesOnly: Int32Array;
  constructor(size: number) {
    this.harmful = new Int32Array(size);
    this.notHarmful = new Int32Array(size);
    this.unclassified = new Int32Array(size);
    this.errored = new Int32Array(size);
    this.reviewed = new Int32Array(size);
    this.gatesOnly = new Int32Array(size);
  }
  /** count row `row` of `t` in `slot` */
  addRow(slot: number, t: SampleTable, row: number, useOverrides: boolean, method: MethodView): void {
    this.add(slot, t.verdictAt(row, useOverrides, method), t.reviewedAt(row));
    if (t.gatesOnlyAt(row, useOverrides, method)) this.gatesOnly[slot]++;
  }
  add(slot: number, code: number, reviewed: boolean): void {
    if (code === V_HARMFUL) this.harmful[slot]++;
    else if (code === V_NOT_HARMFUL) this.notHarmful[slot]++;
    else if (code === V_ERROR) this.errored[slot]++;
    else this.unclassified[slot]++;
    if (reviewed) this.reviewed[slot]++;
  }
  total(slot: number): number {
    return this.harmful[slot] + this.notHarmful[slot] + this.unclassified[slot] + this.errored[slot];
  }
  at(slot: number): Counts {
    return {
      harmful: this.harmful[slot],
      notHarmful: this.notHarmful[slot],
      unclassified: this.unclassified[slot],
      errored: this.errored[slot],
      reviewed: this.reviewed[slot],
    };
  }
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One entry per (model, condition) with at least one selected sample, sorted by model then condition id. Verdicts are
 * those of `method` only ('current': the latest of any method, which may mix methods).
 */
export function aggregateCells(
  t: SampleTable,
  rows: ArrayLike<number>,
  useOverrides: boolean,
  method: MethodView = 'current',
): CellStats[] {
  const nc = t.conditions.length;
  const flat = new FlatCounts(t.models.length * nc);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    flat.addRow(t.model[row] * nc + t.cond[row], t, row, useOverrides, method);
  }
  const out: CellStats[] = [];
  for (let m = 0; m < t.models.length; m++)
    for (let c = 0; c < nc; c++) {
      const slot = m * nc + c;
      if (flat.total(slot) === 0) continue;
      const counts = flat.at(slot);
      const gatesOnly = flat.gatesOnly[slot];
      out.push({
        model: t.models[m],
        conditionId: t.conditions[c],
        counts,
        interval: rateOf(counts),
        gatesOnly,
        method,
      });
    }
  return out.sort((a, b) => byText(a.model, b.model) || byText(a.conditionId, b.conditionId));
}

/** One entry per (model, level of `dim`) pooling the selected conditions; levels in the axis's own order. */
export function aggregateGroups(
  t: SampleTable,
  rows: ArrayLike<number>,
  useOverrides: boolean,
  dim: GroupDimension,
  method: MethodView = 'current',
): GroupStats[] {
  const levels = GROUP_DIMENSIONS[dim].levels;
  const nl = levels.length;
  const condLevel = t.parsed.map((c: Condition | null) => {
    const l = levelOf(dim, c);
    return l === null ? -1 : levels.indexOf(l);
  });
  const flat = new FlatCounts(t.models.length * nl);
  // the one condition a group's rows come from (-1: none yet, -2: several), for the paper's marker
  const single = new Int32Array(t.models.length * nl).fill(-1);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const l = condLevel[t.cond[row]];
    if (l < 0) continue;
    const slot = t.model[row] * nl + l;
    flat.addRow(slot, t, row, useOverrides, method);
    if (single[slot] === -1) single[slot] = t.cond[row];
    else if (single[slot] !== t.cond[row]) single[slot] = -2;
  }
  const out: GroupStats[] = [];
  const modelOrder = t.models.map((_, i) => i).sort((a, b) => byText(t.models[a], t.models[b]));
  for (const m of modelOrder)
    for (let l = 0; l < nl; l++) {
      const slot = m * nl + l;
      if (flat.total(slot) === 0) continue;
      const counts = flat.at(slot);
      out.push({
        model: t.models[m],
        level: levels[l],
        counts,
        interval: rateOf(counts),
        gatesOnly: flat.gatesOnly[slot],
        method,
        paper: single[slot] >= 0 ? paperRate(t.models[m], t.conditions[single[slot]]) : undefined,
      });
    }
  return out;
}

/** Sums over cells: classified (n), harmful (k), errored, unclassified, and counted verdicts by original gates only. */
export function totalsOf(cells: readonly CellStats[]): {
  n: number;
  k: number;
  err: number;
  un: number;
  gatesOnly: number;
} {
  const t = { n: 0, k: 0, err: 0, un: 0, gatesOnly: 0 };
  for (const c of cells) {
    t.n += c.interval.n;
    t.k += c.interval.k;
    t.err += c.counts.errored;
    t.un += c.counts.unclassified;
    t.gatesOnly += c.gatesOnly ?? 0;
  }
  return t;
}

export interface DifferenceCall {
  model: string;
  /** the higher level */
  higher: string;
  lower: string;
  higherInterval: RateInterval;
  lowerInterval: RateInterval;
}

/** Pairs of levels within a model whose 95% Wilson intervals do not overlap (see `compareIntervals`). */
export function groupDifferences(groups: readonly GroupStats[]): DifferenceCall[] {
  const out: DifferenceCall[] = [];
  for (let i = 0; i < groups.length; i++)
    for (let j = i + 1; j < groups.length; j++) {
      const a = groups[i];
      const b = groups[j];
      if (a.model !== b.model) continue;
      const d = compareIntervals(a.interval, b.interval);
      if (d === 'none') continue;
      const [hi, lo] = d === 'higher' ? [a, b] : [b, a];
      out.push({
        model: a.model,
        higher: hi.level,
        lower: lo.level,
        higherInterval: hi.interval,
        lowerInterval: lo.interval,
      });
    }
  return out;
}
