// Which classification method produced a verdict: the method id verdicts carry, else inferred from the classifier name.
import type { Classification } from '../types';

/**
 * `lab` for this lab's rules (and judge policies built on them), `original` for verdicts of the original harness's
 * classifier. A verdict that names its method (`method` field) is taken at its word.
 */
export function methodOf(c: Classification | undefined): string {
  if (!c) return 'none';
  const named = (c as { method?: unknown }).method;
  if (typeof named === 'string' && named) return named;
  return c.classifier.startsWith('original') ? 'original' : 'lab';
}
