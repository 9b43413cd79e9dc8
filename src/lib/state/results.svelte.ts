// Results state: the in-memory sample table loaded from IndexedDB, free-text hits, and the derived selections views read.
import { getExcerpts, getRun, iterateSamples, listRuns, loadSummaries, type RunSummary } from '../storage/db';
import { searchStored, type StoredSearch } from '../search/client';
import type { ClassificationMethodId, Run, Sample, Verdict } from '../core/types';
import { defaultMethod, type MethodAvailability } from '../core/stats/method-codes';
import { compareMethods, type MethodComparison } from '../core/stats/method-compare';
import { SampleTable } from '../core/stats/sample-table';
import { selectRows } from '../core/stats/select';
import { aggregateCells, aggregateGroups, type CellStats, type GroupStats } from '../core/stats/aggregate';
import type { GroupDimension } from '../core/stats/dimensions';
import { parseFilterString, textMatcher, type Filters } from '../core/filters';

/** Matches of a free-text search shown at once (the first page of the list); later ones every PUBLISH_MS. */
export const FIRST_PAGE = 50;
const PUBLISH_MS = 400;

export class ResultsState {
  /** the loaded table; replaced on each load, mutated in place on overrides (then `version` bumps) */
  table = $state.raw<SampleTable | null>(null);
  version = $state(0);
  loading = $state(false);
  /** samples read so far during a load or search (while searching, the matches found so far are already shown) */
  progress = $state(0);
  error = $state('');
  /** one byte per row for the current free-text query */
  textHits = $state.raw<Uint8Array | null>(null);
  textQuery = $state('');
  searching = $state(false);
  /** the results query last shown, so the transcript's back link returns to the same view (not reactive) */
  lastQuery = '';
  private loadSeq = 0;
  /** what storage looked like at the last load: runs (id, updatedAt, status) and their sample counts */
  private signature = '';
  private searchSeq = 0;

  /**
   * Load unless storage looks unchanged since the last load (same runs, update times and per-run done/error counts from
   * the summaries), so going back and forth between results and transcripts keeps the table and any search hits.
   * Overrides made in the transcript view are applied in place; call `invalidate()` after other in-place changes.
   */
  async ensureLoaded(): Promise<void> {
    if (this.loading) return;
    await this.load(true);
  }

  /** Forget the loaded table's signature so the next `ensureLoaded` reads storage again. */
  invalidate(): void {
    this.signature = '';
  }

  /**
   * Build the columnar table from every run and the per-run sample summaries (ids and verdict codes; full samples are
   * read only for text search and transcripts). Keeps the previous table visible until done.
   */
  async load(unlessUnchanged = false): Promise<void> {
    const seq = ++this.loadSeq;
    this.loading = true;
    this.error = '';
    this.progress = 0;
    try {
      const [runs, summaries] = await Promise.all([listRuns(), loadSummaries()]);
      const signature = signatureOf(runs, summaries);
      if (unlessUnchanged && this.table && signature === this.signature) return;
      const t = new SampleTable(runs);
      for (const summary of summaries) {
        t.addSummary(summary.runId, summary);
        this.progress = t.size;
      }
      if (seq !== this.loadSeq) return;
      this.table = t;
      this.signature = signature;
      this.textHits = null;
      this.textQuery = '';
      this.version++;
    } catch (e) {
      if (seq === this.loadSeq)
        this.error = `Could not read stored results (${e instanceof Error ? e.message : String(e)}). Reload the page; if it keeps failing, export what you can from the Data page.`;
    } finally {
      if (seq === this.loadSeq) this.loading = false;
    }
  }

  /**
   * Search responses, hidden reasoning and errors for `q` in one pass over storage, in a worker; cached per query. Matches
   * are shown as they are found: the first ones at once (the first page of hits), then every `PUBLISH_MS` until done.
   * `onHits` (benchmarks) hears each publication: matches so far, and whether the pass is over.
   */
  async search(q: string, onHits?: (found: number, finished: boolean) => void): Promise<void> {
    const t = this.table;
    if (!t || !textMatcher(q)) return;
    // the same query already running over this table, or done for it
    if (this.searching ? q === this.searchingQuery && t === this.searchingTable : q === this.textQuery && this.textHits)
      return;
    const seq = ++this.searchSeq;
    this.searchingQuery = q;
    this.searchingTable = t;
    this.scan?.cancel();
    this.searching = true;
    this.progress = 0;
    const hits = new Uint8Array(t.size);
    let found = 0;
    let shown = -1;
    let last = 0;
    const publish = (finished: boolean): void => {
      if (seq !== this.searchSeq || t !== this.table) return;
      if (found !== shown || finished) {
        this.textHits = hits.slice();
        this.textQuery = q;
        shown = found;
      }
      last = performance.now();
      onHits?.(found, finished);
    };
    const scan = searchStored(q, (m) => {
      if (m.type === 'failed') return;
      this.progress = m.scanned;
      if (m.type === 'hits')
        for (let i = 0; i < m.ids.length; i++) {
          const id = m.ids[i];
          // the pass reads samples in table order, so the position is the row unless storage changed meanwhile
          const row = t.ids[m.at[i]] === id ? m.at[i] : t.rowOf(id);
          if (row >= 0 && !hits[row]) {
            hits[row] = 1;
            found++;
          }
        }
      if (m.type === 'done') publish(true);
      else if (found > shown && (shown < FIRST_PAGE || performance.now() - last >= PUBLISH_MS)) publish(false);
    });
    this.scan = scan;
    try {
      await scan.done;
    } catch (e) {
      if (seq === this.searchSeq) {
        this.textHits = null;
        this.textQuery = '';
        this.error = `Search failed (${e instanceof Error ? e.message : String(e)}). Try again or clear the search.`;
      }
    } finally {
      if (seq === this.searchSeq) {
        this.searching = false;
        this.scan = null;
      }
    }
  }
  private scan: StoredSearch | null = null;
  private searchingQuery = '';
  private searchingTable: SampleTable | null = null;

  /**
   * Rows passing the filters, the verdict facet read under `method`. While a new free-text query is being searched,
   * the text filter is not applied yet.
   */
  select(f: Filters, useOverrides: boolean, method: ClassificationMethodId = this.defaultMethod()): Uint32Array {
    void this.version;
    const t = this.table;
    if (!t) return new Uint32Array(0);
    const hits = f.q && f.q === this.textQuery ? this.textHits : null;
    return selectRows(t, f.q && !hits ? { ...f, q: '' } : f, useOverrides, hits, method);
  }

  /** How many samples of the whole table carry verdicts of each method. */
  methods(): MethodAvailability | null {
    const version = this.version;
    const t = this.table;
    if (!t) return null;
    const c = this.methodsCache;
    if (c && c.table === t && c.version === version) return c.value;
    const value = t.methodsOf(Uint32Array.from(t.ids, (_, i) => i));
    this.methodsCache = { table: t, version, value };
    return value;
  }
  private methodsCache: { table: SampleTable; version: number; value: MethodAvailability } | null = null;

  /** The method the results show when the link names none: the one most samples have (lab on a tie). */
  defaultMethod(): ClassificationMethodId {
    const a = this.methods();
    return a ? defaultMethod(a) : 'lab';
  }

  /** Rates per cell counting only `method`'s automatic verdicts (and reviewer overrides when used). */
  cells(rows: Uint32Array, useOverrides: boolean, method = this.defaultMethod()): CellStats[] {
    void this.version;
    return this.table ? aggregateCells(this.table, rows, useOverrides, method) : [];
  }

  groups(rows: Uint32Array, useOverrides: boolean, dim: GroupDimension, method = this.defaultMethod()): GroupStats[] {
    void this.version;
    return this.table ? aggregateGroups(this.table, rows, useOverrides, dim, method) : [];
  }

  /** Visit the stored samples of `rows` in one pass over their runs' pages (for views that need full samples). */
  async eachSample(rows: Uint32Array, fn: (s: Sample) => void): Promise<void> {
    const t = this.table;
    if (!t || !rows.length) return;
    const pick = new Uint8Array(t.size);
    const inRun = new Uint8Array(t.runs.length);
    for (const r of rows) {
      pick[r] = 1;
      inRun[t.run[r]] = 1;
    }
    const runIds = t.runs.filter((_, i) => inRun[i]).map((r) => r.id);
    await iterateSamples(
      (s) => {
        const row = t.rowOf(s.id);
        if (row >= 0 && pick[row]) fn(s);
      },
      { runIds },
    );
  }

  /** Both methods on the selected samples that have a verdict of each. */
  compareMethods(rows: Uint32Array): MethodComparison | null {
    void this.version;
    return this.table ? compareMethods(this.table, rows) : null;
  }

  /** bumped when excerpts read for shown rows arrive (tables loaded from storage read them only for those) */
  excerptsRead = $state(0);

  /** Read from storage the excerpts of `rows` of `t` not known yet; '' where none can be read. */
  async loadExcerpts(t: SampleTable, rows: readonly number[]): Promise<void> {
    const want = rows.filter((r) => t.excerpt[r] === undefined && t.loc[r] >= 0);
    if (!want.length) return;
    for (const r of want) t.excerpt[r] = ''; // asked for once
    try {
      const texts = await getExcerpts(want.map((r) => ({ runId: t.runIdOf(r), loc: t.loc[r] })));
      want.forEach((r, i) => (t.excerpt[r] = texts[i]));
    } catch {
      // the list shows the rows without excerpts; the transcript has the full text
    }
    this.excerptsRead++;
  }

  /** The transcript view calls this after saving or clearing an override, so rates update without a reload. */
  overrideChanged(sampleId: string, verdict: Verdict | undefined): void {
    if (this.table?.applyOverride(sampleId, verdict)) this.version++;
  }

  /**
   * The samples before and after `sampleId` in the selection last shown in the results view, so a reviewer can step
   * through it from the transcript view. Null when that selection is not loaded or does not hold the sample.
   */
  neighbours(sampleId: string): Neighbours | null {
    void this.version;
    const t = this.table;
    if (!t) return null;
    const useOverrides = !/(^|&)overrides=0(&|$)/.test(this.lastQuery);
    const named = /(?:^|&)method=(lab|original)(?:&|$)/.exec(this.lastQuery)?.[1] as ClassificationMethodId | undefined;
    const rows = this.select(parseFilterString(this.lastQuery), useOverrides, named ?? this.defaultMethod());
    const row = t.rowOf(sampleId);
    const pos = row < 0 ? -1 : rows.indexOf(row);
    if (pos < 0) return null;
    const at = (i: number) =>
      i < 0 || i >= rows.length ? undefined : { runId: t.runIdOf(rows[i]), sampleId: t.ids[rows[i]] };
    return { position: pos + 1, total: rows.length, prev: at(pos - 1), next: at(pos + 1) };
  }

  /** Name of a run for labels, from the table or storage. */
  async runName(runId: string): Promise<string> {
    const known = this.table?.runs.find((r) => r.id === runId);
    return known?.name ?? (await getRun(runId))?.name ?? runId;
  }
}

export interface Neighbours {
  /** 1-based position in the selection */
  position: number;
  total: number;
  prev?: { runId: string; sampleId: string };
  next?: { runId: string; sampleId: string };
}

/** Cheap fingerprint of storage: runs with their update time and status, plus per-run done/error counts. */
function signatureOf(runs: readonly Run[], summaries: readonly RunSummary[]): string {
  const counts = summaries.map((s) => {
    let error = 0;
    for (const st of s.status) error += st;
    return [s.runId, s.status.length - error, error];
  });
  return JSON.stringify([runs.map((r) => [r.id, r.updatedAt, r.status]), counts]);
}

export const results = new ResultsState();
