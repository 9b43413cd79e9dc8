// What a run's status means on this page: a stored "running" with nothing driving it is an interrupted run, not a running one.
import type { RunStatus } from '../../lib/core/types';

export type ShownStatus = RunStatus | 'interrupted';

/**
 * The status to show. A run stored as "running" that no controller on this page drives (and no other tab holds)
 * was cut off by a reload or a closed tab: nothing is in flight, so it is "interrupted".
 */
export function shownStatus(stored: RunStatus, opts: { drivenHere: boolean; elsewhere: boolean }): ShownStatus {
  if (stored === 'running' && !opts.drivenHere && !opts.elsewhere) return 'interrupted';
  return stored;
}

/** Words for a status, with what to do next where there is something to do. */
export function statusText(s: ShownStatus): string {
  return s === 'interrupted' ? 'interrupted — resume' : s;
}
