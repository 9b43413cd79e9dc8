// Words for samples waiting to retry (rate limits above all), so the run view says why a run seems to stall.
import type { RetryWait } from '../../lib/runner/types';

/** One line about the waiting samples, or '' when none waits. `now` is ms since the epoch. */
export function retryNotice(waiting: readonly RetryWait[] | undefined, now: number): string {
  const list = waiting ?? [];
  if (!list.length) return '';
  const limited = list.filter((w) => w.kind === 'rate-limit');
  const next = Math.min(...list.map((w) => w.untilMs));
  const inS = Math.max(0, Math.ceil((next - now) / 1000));
  const when = inS < 1 ? 'now' : `in about ${inS} s (${new Date(next).toLocaleTimeString()})`;
  const n = (k: number) => `${k} sample${k === 1 ? '' : 's'}`;
  if (limited.length)
    return (
      `Rate-limited by the provider: ${n(limited.length)} waiting to retry` +
      `${list.length > limited.length ? `, ${n(list.length - limited.length)} after other errors` : ''}; ` +
      `next attempt ${when}. Lower the concurrency if this persists.`
    );
  return `Retrying after errors: ${n(list.length)} waiting; next attempt ${when}.`;
}
