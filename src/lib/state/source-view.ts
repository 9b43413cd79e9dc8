// What the results view reads from a source: the local store's state, or an in-memory bundle (opened by link or published).
import { aggregateCells, aggregateGroups, type CellStats, type GroupStats } from '../core/stats/aggregate';
import type { GroupDimension } from '../core/stats/dimensions';
import type { SampleTable } from '../core/stats/sample-table';
import { selectRows } from '../core/stats/select';
import { searchableTexts, textMatcher, type Filters } from '../core/filters';
import type { ClassificationMethodId, Sample } from '../core/types';
import { defaultMethod } from '../core/stats/method-codes';

export interface ResultsSource {
  readonly table: SampleTable | null;
  defaultMethod(): ClassificationMethodId;
  select(f: Filters, useOverrides: boolean, method: ClassificationMethodId): Uint32Array;
  cells(rows: Uint32Array, useOverrides: boolean, method: ClassificationMethodId): CellStats[];
  groups(rows: Uint32Array, useOverrides: boolean, dim: GroupDimension, method: ClassificationMethodId): GroupStats[];
  /** Visit the full samples of `rows` (stored ones are read from storage, in one pass). */
  eachSample(rows: Uint32Array, fn: (s: Sample) => void): Promise<void>;
}

/** A bundle held in memory: full samples are at hand, so free-text search is a synchronous pass. */
export class BundleView implements ResultsSource {
  private hitsFor = '';
  private hits: Uint8Array | null = null;

  constructor(
    readonly table: SampleTable,
    private readonly samples: readonly Sample[],
  ) {}

  private textHits(q: string): Uint8Array | null {
    if (q === this.hitsFor) return this.hits;
    const m = textMatcher(q);
    const hits = m ? new Uint8Array(this.table.size) : null;
    if (m && hits) for (const s of this.samples) if (m(searchableTexts(s))) hits[this.table.rowOf(s.id)] = 1;
    this.hitsFor = q;
    this.hits = hits;
    return hits;
  }

  /** The method most of the bundle's samples carry (as for stored results). */
  defaultMethod(): ClassificationMethodId {
    return defaultMethod(this.table.methodsOf(Uint32Array.from(this.table.ids, (_, i) => i)));
  }

  select(f: Filters, useOverrides: boolean, method: ClassificationMethodId): Uint32Array {
    return selectRows(this.table, f, useOverrides, f.q ? this.textHits(f.q) : null, method);
  }

  cells(rows: Uint32Array, useOverrides: boolean, method: ClassificationMethodId): CellStats[] {
    return aggregateCells(this.table, rows, useOverrides, method);
  }

  groups(rows: Uint32Array, useOverrides: boolean, dim: GroupDimension, method: ClassificationMethodId): GroupStats[] {
    return aggregateGroups(this.table, rows, useOverrides, dim, method);
  }

  async eachSample(rows: Uint32Array, fn: (s: Sample) => void): Promise<void> {
    const pick = new Uint8Array(this.table.size);
    for (const r of rows) pick[r] = 1;
    for (const s of this.samples) if (pick[this.table.rowOf(s.id)]) fn(s);
  }
}
