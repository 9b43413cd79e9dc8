// Builds export bundles by copying only the known fields of runs and samples, so nothing unlisted (like a key) can leave.
import type { ResultsBundle, Run, Sample } from '../types';
import { BUNDLE_FORMAT } from '../types';
import { defined } from './copy';
import { fitRun, fitSample } from './fit';

export { cleanBaseUrl, cleanEngine, cleanFacts, cleanRun, cleanSample } from './copy';

export interface BundleMeta {
  appVersion: string;
  label?: string;
  /** defaults to now */
  exportedAt?: string;
  /** defaults to a random id */
  bundleId?: string;
}

export function newBundleId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const rand = Math.floor(Math.random() * 36 ** 6)
    .toString(36)
    .padStart(6, '0');
  return `bundle-${stamp}-${rand}`;
}

/** Remove markup brackets and control characters from short metadata text. */
function stripUnsafe(s: string): string {
  return [...s]
    .filter((ch) => ch !== '<' && ch !== '>' && ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f)
    .join('');
}

/** A bundle of the given runs and those of `samples` that belong to them, each fitted to the bundle spec. */
export function buildBundle(runs: readonly Run[], samples: Iterable<Sample>, meta: BundleMeta): ResultsBundle {
  const ids = new Set(runs.map((r) => r.id));
  const out: Sample[] = [];
  for (const s of samples) if (ids.has(s.runId)) out.push(fitSample(s));
  return defined({
    format: BUNDLE_FORMAT,
    schemaVersion: 1 as const,
    bundleId: meta.bundleId ?? newBundleId(),
    exportedAt: meta.exportedAt ?? new Date().toISOString(),
    appVersion: meta.appVersion,
    label: meta.label ? stripUnsafe(meta.label).slice(0, 300) || undefined : undefined,
    runs: runs.map(fitRun),
    samples: out,
  });
}

/** A file name such as `aml-results-2026-01-05-3-runs.json`. */
export function bundleFileName(bundle: ResultsBundle, ext = 'json'): string {
  const day = bundle.exportedAt.slice(0, 10);
  const what = bundle.runs.length === 1 ? bundle.runs[0].id : `${bundle.runs.length}-runs`;
  return `aml-results-${day}-${what}.${ext}`.replace(/[^A-Za-z0-9_.-]/g, '_');
}
