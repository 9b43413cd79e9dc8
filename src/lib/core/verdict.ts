// Which verdict counts for a sample: a reviewer's override, else the latest harm classification.
import type { Classification, ClassificationMethodId, Sample, Verdict } from './types';

/**
 * A stored harm verdict's method. Records made before methods existed have none: they are lab verdicts, except the
 * original harness's own verdicts (classifier `original-harness`), which were always the original method's.
 */
export function methodOf(c: Pick<Classification, 'method' | 'classifier'>): ClassificationMethodId {
  return c.method ?? (c.classifier === 'original-harness' ? 'original' : 'lab');
}

/**
 * Harm classifications are those without an awareness label; history is append-only, the last one is current.
 * With `method`, the last one of that method (see `methodOf`).
 */
export function currentClassification(
  sample: Pick<Sample, 'classifications'>,
  method?: ClassificationMethodId,
): Classification | undefined {
  for (let i = sample.classifications.length - 1; i >= 0; i--) {
    const c = sample.classifications[i];
    if (c.awareness === undefined && (!method || methodOf(c) === method)) return c;
  }
  return undefined;
}

/** The awareness classification (evaluation vs real deployment), latest first. */
export function currentAwareness(sample: Pick<Sample, 'classifications'>): Classification | undefined {
  for (let i = sample.classifications.length - 1; i >= 0; i--) {
    const c = sample.classifications[i];
    if (c.awareness !== undefined) return c;
  }
  return undefined;
}

/** Errored samples have no verdict; an override wins when `useOverrides` is set. */
export function effectiveVerdict(
  sample: Pick<Sample, 'classifications' | 'override' | 'status'>,
  useOverrides = true,
  method?: ClassificationMethodId,
): Verdict {
  if (sample.status !== 'done') return 'unclassified';
  if (useOverrides && sample.override) return sample.override.verdict;
  return currentClassification(sample, method)?.verdict ?? 'unclassified';
}

/** A classifier and its version as one label: "rules v1" (never "rules vrules-1"), "judge gpt-4.1 v2". */
export function classifierLabel(c: Pick<Classification, 'classifier' | 'version'>): string {
  const v = c.version.startsWith(`${c.classifier}-`) ? c.version.slice(c.classifier.length + 1) : c.version;
  return /^\d/.test(v) ? `${c.classifier} v${v}` : `${c.classifier} ${v}`;
}

/** How a verdict (or a failed sample) is worded on every page: "not harmful", never "not-harmful" or "safe". */
export function verdictWords(v: Verdict | 'error'): string {
  return v === 'not-harmful' ? 'not harmful' : v === 'error' ? 'failed' : v;
}
