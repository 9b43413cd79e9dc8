// Moves bundles in and out of the store: validated imports merged in one transaction, exports of chosen runs.
import { buildBundle, planMerge, samplesCsv, sampleHash, type MergeReport } from '../core/bundle';
import type { ResultsBundle, Run, Sample } from '../core/types';
import { countSamples, getRun, getSamples, iterateSamples, listRuns, putRunsAndSamples, storedHashes } from './db';

/** A validated bundle's records, with each sample's content hash when already computed (the import worker does). */
export interface ImportRecords {
  bundleId: string;
  label?: string;
  runs: Run[];
  samples: Sample[];
  hashes?: readonly number[];
  /** positions of samples given as their ids only: found identical to the stored ones while the file streamed in */
  identicalAt?: ReadonlySet<number>;
}

/**
 * What the store holds for the runs of an import, looked up run by run (a streaming import looks each run up when its
 * first sample arrives, so samples identical to stored ones can be dropped as they stream in): the stored runs, and
 * the content hashes of their samples from the summary rows.
 */
export class StoredIndex {
  readonly runs = new Map<string, Run>();
  readonly hashes = new Map<string, number>();
  #lookups = new Map<string, Promise<void>>();

  /** Look up the runs of `runIds` not looked up yet (in parallel); resolves once all of `runIds` are known. */
  add(runIds: Iterable<string>): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const id of new Set(runIds)) {
      let p = this.#lookups.get(id);
      if (!p) {
        p = this.#lookup(id);
        p.catch(() => undefined); // thrown to whoever waits for it, not reported unhandled before
        this.#lookups.set(id, p);
      }
      waits.push(p);
    }
    return Promise.all(waits).then(() => undefined);
  }

  async #lookup(id: string): Promise<void> {
    const run = await getRun(id);
    if (!run) return;
    this.runs.set(id, run);
    await this.#readHashes(id);
  }

  /** sample count of each stored run when its hashes were read (counted first, so a write in between shows) */
  #counts = new Map<string, number>();

  async #readHashes(id: string): Promise<void> {
    const c = await countSamples(id);
    this.#counts.set(id, c.done + c.error);
    for (const [sampleId, h] of await storedHashes([id])) this.hashes.set(sampleId, h);
  }

  /**
   * Look up again the runs that were stored or gained samples since they were looked up (the page writing into the
   * same run while a long file streamed in), so the plan never takes a sample stored meanwhile for a new one.
   */
  async refresh(): Promise<void> {
    await Promise.all(
      [...this.#lookups.keys()].map(async (id) => {
        if (!this.runs.has(id)) return this.#lookup(id);
        const c = await countSamples(id);
        if (c.done + c.error !== this.#counts.get(id)) await this.#readHashes(id);
      }),
    );
  }

  /** The sample with this id and content hash is stored as it is. */
  identical(id: string, hash: number): boolean {
    return this.hashes.get(id) === hash;
  }
}

/**
 * Merge validated records into the store: all of their new records are written in one transaction, or none. The plan
 * reads only what it must: stored runs of the same ids, the stored content hashes of their samples (identical
 * samples are skipped unread), and the full stored sample only where the hashes differ. `index` may hold runs looked
 * up already; a sample it shows identical may be given as its ids only (`planMerge` never looks at it).
 */
export async function importRecords(
  rec: ImportRecords,
  opts: { label: string; now?: Date },
  index: StoredIndex = new StoredIndex(),
): Promise<MergeReport> {
  const hashes = rec.hashes ?? rec.samples.map(sampleHash);
  await index.add(rec.runs.map((r) => r.id));
  await index.refresh();
  const same = (i: number): boolean => rec.identicalAt?.has(i) ?? false;
  const differing: string[] = [];
  rec.samples.forEach((s, i) => {
    if (same(i)) return;
    const h = index.hashes.get(s.id);
    if (h !== undefined && h !== hashes[i]) differing.push(s.id);
  });
  const existingSamples = differing.length ? await getSamples(differing) : new Map<string, Sample>();
  const plan = planMerge(rec, index.runs, existingSamples, {
    label: opts.label,
    importedAt: (opts.now ?? new Date()).toISOString(),
    // a sample found identical while streaming stays skipped: a change made here since is newer than the file
    identical: (s, i) => same(i) || index.identical(s.id, hashes[i]),
  });
  if (plan.runs.length || plan.samples.length) {
    // samples added as they came keep the worker's hashes; merged ones are hashed again
    const at = new Map<Sample, number>();
    rec.samples.forEach((s, i) => at.set(s, hashes[i]));
    await putRunsAndSamples(
      plan.runs,
      plan.samples,
      plan.samples.map((s) => at.get(s) ?? sampleHash(s)),
    );
  }
  return plan.report;
}

/** Merge a validated bundle into the store (see `importRecords`). */
export function importBundle(bundle: ResultsBundle, opts: { label: string; now?: Date }): Promise<MergeReport> {
  return importRecords(bundle, opts);
}

async function chosen(runIds?: readonly string[]): Promise<{ runs: Run[]; samples: Sample[] }> {
  const all = await listRuns();
  const runs = runIds ? all.filter((r) => runIds.includes(r.id)) : all;
  const samples: Sample[] = [];
  await iterateSamples((s) => samples.push(s), { runIds: runs.map((r) => r.id) });
  return { runs, samples };
}

/** A bundle of the given runs (all runs when omitted). */
export async function exportBundle(
  runIds: readonly string[] | undefined,
  meta: { appVersion: string; label?: string },
): Promise<ResultsBundle> {
  const { runs, samples } = await chosen(runIds);
  return buildBundle(runs, samples, meta);
}

/** CSV of per-sample verdicts of the given runs (all runs when omitted). */
export async function exportCsv(runIds?: readonly string[]): Promise<string> {
  const { runs, samples } = await chosen(runIds);
  return samplesCsv(runs, samples);
}
