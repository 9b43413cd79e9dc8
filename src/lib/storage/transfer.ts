// Moves bundles in and out of the store: validated imports merged in one transaction, exports of chosen runs.
import { buildBundle, planMerge, samplesCsv, sampleHash, type MergeReport } from '../core/bundle';
import type { ResultsBundle, Run, Sample } from '../core/types';
import { getRun, getSamples, iterateSamples, listRuns, putRunsAndSamples, storedHashes } from './db';

/** A validated bundle's records, with each sample's content hash when already computed (the import worker does). */
export interface ImportRecords {
  bundleId: string;
  label?: string;
  runs: Run[];
  samples: Sample[];
  hashes?: readonly number[];
}

/**
 * Merge validated records into the store: all of their new records are written in one transaction, or none. The plan
 * reads only what it must: stored runs of the same ids, the stored content hashes of their samples (identical
 * samples are skipped unread), and the full stored sample only where the hashes differ.
 */
export async function importRecords(rec: ImportRecords, opts: { label: string; now?: Date }): Promise<MergeReport> {
  const hashes = rec.hashes ?? rec.samples.map(sampleHash);
  const existingRuns = new Map<string, Run>();
  for (const r of rec.runs) {
    const local = await getRun(r.id);
    if (local) existingRuns.set(r.id, local);
  }
  const stored = existingRuns.size ? await storedHashes([...existingRuns.keys()]) : new Map<string, number>();
  const differing: string[] = [];
  rec.samples.forEach((s, i) => {
    const h = stored.get(s.id);
    if (h !== undefined && h !== hashes[i]) differing.push(s.id);
  });
  const existingSamples = differing.length ? await getSamples(differing) : new Map<string, Sample>();
  const plan = planMerge(rec, existingRuns, existingSamples, {
    label: opts.label,
    importedAt: (opts.now ?? new Date()).toISOString(),
    identical: (s, i) => stored.get(s.id) === hashes[i],
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
