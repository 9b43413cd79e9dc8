// Starts each request in a task of its own, so a run's slots freed together do not start their requests in one long task.

type YieldingScheduler = { yield?: () => Promise<void> };
type Immediate = (fn: () => void) => unknown;

/**
 * Resolve in a later task of the event loop: `scheduler.yield()` where the browser has it (the continuation keeps its
 * priority, and input and paint run first), `setImmediate` in Node (the CLI), else a zero timeout.
 */
export function nextTask(): Promise<void> {
  const g = globalThis as { scheduler?: YieldingScheduler; setImmediate?: Immediate };
  if (typeof g.scheduler?.yield === 'function') return g.scheduler.yield();
  const immediate = g.setImmediate;
  if (typeof immediate === 'function') return new Promise((resolve) => void immediate(resolve));
  return new Promise((resolve) => setTimeout(resolve, 0));
}
