// Per-condition progress of one run (planned, done, failed, harmful so far with its interval) and its pace, kept
// incrementally from stored summary rows and finished samples so the run view never rescans storage while a run works.
import { V_ERROR, V_HARMFUL, V_NONE, V_NOT_HARMFUL, verdictCode } from '../core/stats/counts';
import { wilson, type RateInterval } from '../core/stats/wilson';
import { effectiveVerdict } from '../core/verdict';
import type { Sample } from '../core/types';

export interface ConditionRow {
  conditionId: string;
  planned: number;
  /** generated (classified or not) */
  done: number;
  failed: number;
  harmful: number;
  notHarmful: number;
  /** harmful / (harmful + not harmful) with its 95% Wilson interval */
  interval: RateInterval;
}

/** The columns of a stored summary the tally reads (a `RunSummary` fits). */
export interface SummaryLike {
  idText: string;
  idEnd: ArrayLike<number>;
  conditions: string[];
  cond: ArrayLike<number>;
  status: ArrayLike<number>;
  auto: ArrayLike<number>;
  over: ArrayLike<number>;
}

/** Effective verdict code of a summary row: failed samples count as errors, an override wins over the classifier. */
export function rowCode(status: number, auto: number, over: number): number {
  if (status !== 0) return V_ERROR;
  return over !== V_NONE ? over : auto;
}

export function sampleCode(s: Pick<Sample, 'status' | 'classifications' | 'override'>): number {
  return s.status !== 'done' ? V_ERROR : verdictCode(effectiveVerdict(s));
}

interface Cell {
  done: number;
  failed: number;
  harmful: number;
  notHarmful: number;
}

export class RunTally {
  readonly conditionIds: readonly string[];
  readonly planned: number;
  #cells = new Map<string, Cell>();
  /** sample id → [condition, code], so a sample stored again (a retried failure) replaces its old count */
  #seen = new Map<string, [string, number]>();

  constructor(conditionIds: readonly string[], samplesPerCondition: number) {
    this.conditionIds = conditionIds;
    this.planned = samplesPerCondition;
    for (const c of conditionIds) this.#cells.set(c, { done: 0, failed: 0, harmful: 0, notHarmful: 0 });
  }

  /** Count (or re-count) one sample. With `ifAbsent`, a sample already counted is left as it is. */
  set(id: string, conditionId: string, code: number, ifAbsent = false): void {
    const old = this.#seen.get(id);
    if (old && ifAbsent) return;
    if (old) this.#bump(old[0], old[1], -1);
    this.#seen.set(id, [conditionId, code]);
    this.#bump(conditionId, code, 1);
  }

  addSample(s: Pick<Sample, 'id' | 'conditionId' | 'status' | 'classifications' | 'override'>): void {
    this.set(s.id, s.conditionId, sampleCode(s));
  }

  /** Seed from stored summary rows; samples already counted from live events keep their newer counts. */
  addSummary(sum: SummaryLike): void {
    let start = 0;
    for (let i = 0; i < sum.idEnd.length; i++) {
      const end = sum.idEnd[i];
      const id = sum.idText.slice(start, end);
      start = end;
      this.set(id, sum.conditions[sum.cond[i]], rowCode(sum.status[i], sum.auto[i], sum.over[i]), true);
    }
  }

  #bump(conditionId: string, code: number, by: number): void {
    let c = this.#cells.get(conditionId);
    if (!c) this.#cells.set(conditionId, (c = { done: 0, failed: 0, harmful: 0, notHarmful: 0 }));
    if (code === V_ERROR) c.failed += by;
    else {
      c.done += by;
      if (code === V_HARMFUL) c.harmful += by;
      else if (code === V_NOT_HARMFUL) c.notHarmful += by;
    }
  }

  rows(): ConditionRow[] {
    const ids = [...this.conditionIds, ...[...this.#cells.keys()].filter((c) => !this.conditionIds.includes(c))];
    return ids.map((conditionId) => {
      const c = this.#cells.get(conditionId)!;
      return {
        conditionId,
        planned: this.planned,
        ...c,
        interval: wilson(c.harmful, c.harmful + c.notHarmful),
      };
    });
  }
}

export interface Pace {
  /** finished samples per minute this session; undefined before the first one */
  perMinute?: number;
  /** time left at that pace, ms */
  etaMs?: number;
}

/** Throughput and time left from the samples finished this session (failed ones count: they took their time too). */
export function pace(finishedThisSession: number, elapsedMs: number, left: number): Pace {
  if (finishedThisSession <= 0 || elapsedMs <= 0) return {};
  const perMs = finishedThisSession / elapsedMs;
  return { perMinute: perMs * 60_000, etaMs: left <= 0 ? 0 : left / perMs };
}
