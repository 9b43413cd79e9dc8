// coalesce: calls made while a read runs fold into one more read, so reads never pile up.
import { describe, expect, it } from 'vitest';
import { coalesce } from '../../../src/lib/state/coalesce';

function deferredJob() {
  const pending: (() => void)[] = [];
  let started = 0;
  const job = () =>
    new Promise<void>((resolve) => {
      started++;
      pending.push(resolve);
    });
  const settle = async () => {
    pending.shift()?.();
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  return { job, settle, started: () => started, open: () => pending.length };
}

describe('coalesce', () => {
  it.each([
    { calls: 1, runs: 1 },
    { calls: 2, runs: 2 },
    { calls: 50, runs: 2 },
  ])('$calls calls while the first runs → $runs runs, one at a time', async ({ calls, runs }) => {
    const d = deferredJob();
    const go = coalesce(d.job);
    for (let i = 0; i < calls; i++) go();
    expect(d.started()).toBe(1);
    for (let i = 0; i < runs + 2; i++) {
      expect(d.open()).toBeLessThanOrEqual(1);
      await d.settle();
    }
    expect(d.started()).toBe(runs);
  });

  it('runs again after a failed run', async () => {
    let n = 0;
    const go = coalesce(async () => {
      n++;
      throw new Error('read failed');
    });
    go();
    go();
    for (let i = 0; i < 20; i++) await Promise.resolve();
    expect(n).toBe(2);
    go();
    for (let i = 0; i < 20; i++) await Promise.resolve();
    expect(n).toBe(3);
  });
});
