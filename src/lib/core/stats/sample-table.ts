// A columnar in-memory index of samples (ids, interned run/condition/model, verdict codes) built in one pass over storage.
import { parseConditionId } from '../condition-id';
import { currentClassification } from '../verdict';
import { engineKey, sourceKey } from '../filters';
import type { ClassificationMethodId, Condition, Run, Sample, Verdict } from '../types';
import { V_ERROR, V_NONE, verdictCode } from './counts';
import {
  autoFor,
  gatesOnlyFor,
  M_UNKNOWN,
  methodAvailability,
  methodCode,
  withVerdict,
  type MethodAvailability,
  type MethodView,
} from './method-codes';

/** What the table keeps of a run: enough for facets and labels. */
export interface RunInfo {
  id: string;
  name: string;
  engine: string;
  source: string;
  sourceLabel: string;
}

/** Length of the response excerpt kept per sample for the list view. */
export const EXCERPT_CHARS = 140;

/** A run's samples as parallel columns (how storage keeps per-run summaries); strings joined with end offsets. */
export interface SummaryColumns {
  /** sample ids concatenated; row i is idText.slice(idEnd[i - 1] ?? 0, idEnd[i]) */
  idText: string;
  idEnd: Uint32Array;
  conditions: string[];
  /** index into `conditions` per row */
  cond: Uint32Array;
  models: string[];
  model: Uint32Array;
  index: Uint32Array;
  /** 0 done, 1 error, 2 done but cut at the max tokens (ROW_CUT) */
  status: Uint8Array;
  /** automatic verdict code, V_ERROR for failed generations */
  auto: Uint8Array;
  /** override verdict code, V_NONE when not reviewed */
  over: Uint8Array;
  /** per-method verdict codes (method-codes.ts); absent in summaries stored before methods */
  meth?: Uint8Array;
  /** response excerpts joined (absent when storage gives them apart, read for the rows shown: `loc`) */
  excerptText?: string;
  excerptEnd?: Uint32Array;
  /** where storage keeps each row's sample (its own opaque number), for reading the excerpts of rows shown */
  loc?: Uint32Array;
}

/** Summary status of a finished sample whose reply was cut at the max tokens (finish reason "length"). */
export const ROW_CUT = 2;

/** Whether a finished sample's answer was cut at the max tokens, so it may be incomplete. */
export const isCut = (s: Pick<Sample, 'status' | 'finishReason'>): boolean =>
  s.status === 'done' && s.finishReason === 'length';

export class SampleTable {
  readonly runs: RunInfo[] = [];
  readonly conditions: string[] = [];
  readonly parsed: (Condition | null)[] = [];
  readonly models: string[] = [];
  private runIdx = new Map<string, number>();
  private condIdx = new Map<string, number>();
  private modelIdx = new Map<string, number>();

  /** one entry per row */
  readonly ids: string[] = [];
  readonly run: number[] = [];
  readonly cond: number[] = [];
  readonly model: number[] = [];
  /** automatic verdict code (V_ERROR for failed generations) */
  readonly auto: number[] = [];
  /** override verdict code, V_NONE when not reviewed */
  readonly over: number[] = [];
  /** per-method verdict codes (method-codes.ts), M_UNKNOWN when not known */
  readonly meth: number[] = [];
  readonly sampleIndex: number[] = [];
  /** response excerpt per row; undefined until read (`loc`) for tables loaded from storage summaries */
  readonly excerpt: (string | undefined)[] = [];
  /** storage location per row (SummaryColumns.loc), -1 when the row came from a full sample */
  readonly loc: number[] = [];
  /** 1 when the answer was cut at the max tokens (finish reason "length") */
  readonly cut: number[] = [];

  constructor(runs: readonly Run[] = []) {
    for (const r of runs) this.addRun(r);
  }

  get size(): number {
    return this.ids.length;
  }

  addRun(r: Run): number {
    const known = this.runIdx.get(r.id);
    const info: RunInfo = {
      id: r.id,
      name: r.name,
      engine: engineKey(r),
      source: sourceKey(r),
      sourceLabel: r.source.label,
    };
    if (known !== undefined) {
      this.runs[known] = info;
      return known;
    }
    this.runIdx.set(r.id, this.runs.length);
    this.runs.push(info);
    return this.runs.length - 1;
  }

  private runOf(id: string): number {
    let i = this.runIdx.get(id);
    if (i === undefined) {
      i = this.runs.length;
      this.runIdx.set(id, i);
      this.runs.push({ id, name: id, engine: 'unknown', source: 'unknown', sourceLabel: 'unknown run' });
    }
    return i;
  }

  private condOf(id: string): number {
    let i = this.condIdx.get(id);
    if (i === undefined) {
      i = this.conditions.length;
      this.condIdx.set(id, i);
      this.conditions.push(id);
      this.parsed.push(parseConditionId(id));
    }
    return i;
  }

  private modelOf(m: string): number {
    let i = this.modelIdx.get(m);
    if (i === undefined) {
      i = this.models.length;
      this.modelIdx.set(m, i);
      this.models.push(m);
    }
    return i;
  }

  /** Append one sample; returns its row. */
  add(s: Sample): number {
    this.ids.push(s.id);
    this.run.push(this.runOf(s.runId));
    this.cond.push(this.condOf(s.conditionId));
    this.model.push(this.modelOf(s.model));
    this.auto.push(s.status === 'error' ? V_ERROR : verdictCode(currentClassification(s)?.verdict ?? 'unclassified'));
    this.over.push(s.status === 'error' || !s.override ? V_NONE : verdictCode(s.override.verdict));
    this.meth.push(methodCode(s));
    this.cut.push(isCut(s) ? 1 : 0);
    this.sampleIndex.push(s.index);
    const text = s.status === 'error' ? (s.error?.message ?? 'error') : (s.response ?? '');
    this.excerpt.push(text.length > EXCERPT_CHARS ? text.slice(0, EXCERPT_CHARS) : text);
    this.loc.push(-1);
    return this.ids.length - 1;
  }

  /** Append the rows of one run's summary (same result as `add` for each of its samples, in summary order). */
  addSummary(runId: string, c: SummaryColumns): void {
    const run = this.runOf(runId);
    const conds = c.conditions.map((id) => this.condOf(id));
    const models = c.models.map((m) => this.modelOf(m));
    let idStart = 0;
    let exStart = 0;
    for (let i = 0; i < c.idEnd.length; i++) {
      this.ids.push(c.idText.slice(idStart, c.idEnd[i]));
      idStart = c.idEnd[i];
      if (c.excerptText !== undefined && c.excerptEnd) {
        this.excerpt.push(c.excerptText.slice(exStart, c.excerptEnd[i]));
        exStart = c.excerptEnd[i];
      } else this.excerpt.push(undefined);
      this.loc.push(c.loc ? c.loc[i] : -1);
      this.run.push(run);
      this.cond.push(conds[c.cond[i]]);
      this.model.push(models[c.model[i]]);
      this.auto.push(c.auto[i]);
      this.over.push(c.over[i]);
      this.meth.push(c.meth ? c.meth[i] : M_UNKNOWN);
      this.cut.push(c.status[i] === ROW_CUT ? 1 : 0);
      this.sampleIndex.push(c.index[i]);
    }
  }

  /**
   * The verdict code that counts for a row: a reviewer's override when used, else the automatic verdict of `method`
   * ('current': the latest of any method, as stored).
   */
  verdictAt(row: number, useOverrides: boolean, method: MethodView = 'current'): number {
    const o = this.over[row];
    return useOverrides && o !== V_NONE ? o : autoFor(this.auto[row], this.meth[row], method);
  }

  /** Whether the verdict `verdictAt` gives for a row is the original method's gates alone (not the paper's method). */
  gatesOnlyAt(row: number, useOverrides: boolean, method: MethodView): boolean {
    if (useOverrides && this.over[row] !== V_NONE) return false;
    return gatesOnlyFor(this.auto[row], this.meth[row], method);
  }

  /** How many of the rows have verdicts of each method. */
  methodsOf(rows: ArrayLike<number>): MethodAvailability {
    return methodAvailability(this.auto, this.meth, rows);
  }

  /** How many of the rows are answers cut at the max tokens. */
  cutIn(rows: ArrayLike<number>): number {
    let n = 0;
    for (let i = 0; i < rows.length; i++) n += this.cut[rows[i]];
    return n;
  }

  reviewedAt(row: number): boolean {
    return this.over[row] !== V_NONE;
  }

  private idIdx: Map<string, number> | null = null;

  /** Row of a sample id, -1 when absent. The id index is built on first use (updates, text search). */
  rowOf(sampleId: string): number {
    if (!this.idIdx || this.idIdx.size !== this.ids.length) {
      this.idIdx = new Map();
      for (let i = 0; i < this.ids.length; i++) this.idIdx.set(this.ids[i], i);
    }
    return this.idIdx.get(sampleId) ?? -1;
  }

  /** Reflect a saved or cleared override without reloading; false when the sample is not in the table. */
  applyOverride(sampleId: string, verdict: Verdict | undefined): boolean {
    const row = this.rowOf(sampleId);
    if (row < 0 || this.auto[row] === V_ERROR) return false;
    this.over[row] = verdict === undefined ? V_NONE : verdictCode(verdict);
    return true;
  }

  /** Reflect a new automatic classification (of `method`; original: from its gates alone?) without reloading. */
  applyClassification(sampleId: string, verdict: Verdict, method: ClassificationMethodId = 'lab', gatesOnly = false) {
    const row = this.rowOf(sampleId);
    if (row < 0 || this.auto[row] === V_ERROR) return false;
    this.auto[row] = verdictCode(verdict);
    this.meth[row] = withVerdict(this.meth[row], this.auto[row], method, gatesOnly);
    return true;
  }

  runIdOf(row: number): string {
    return this.runs[this.run[row]].id;
  }

  conditionIdOf(row: number): string {
    return this.conditions[this.cond[row]];
  }

  modelOfRow(row: number): string {
    return this.models[this.model[row]];
  }
}
