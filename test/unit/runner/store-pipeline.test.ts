// The runner stores a sample while its slot generates the next: slow writes stay off the request path, a sample counts only once committed, and every write settles before the run reports how it ended.
import { describe, expect, it } from 'vitest';
import type { ChatRequest, Sample } from '../../../src/lib/core/types';
import { RunController } from '../../../src/lib/runner/controller';
import type { RunOutcome } from '../../../src/lib/runner/types';
import { makeRun } from '../storage/make';
import { FakeEngine, MemoryStore, deps } from './fakes';

const run = (over = {}) =>
  makeRun('r1', {
    status: 'pending',
    samplesPerCondition: 4,
    concurrency: 2,
    params: { temperature: 1, maxTokens: 4000, seed: 0 },
    ...over,
  });
const turns = (n: number) => new Promise((r) => setTimeout(r, n));
const waitFor = async (cond: () => boolean, what: string) => {
  for (let i = 0; i < 1000 && !cond(); i++) await turns(2);
  if (!cond()) throw new Error(`not reached: ${what}`);
};

/** A store whose sample writes wait until released (hold) or take `delayMs`; it logs every write and status. */
class SlowStore extends MemoryStore {
  log: string[] = [];
  hold = true;
  delayMs = 3;
  failIds = new Set<string>();
  held: ((ok: boolean) => void)[] = [];

  override putSample(s: Sample): Promise<void> {
    this.log.push(`write ${s.id}`);
    return new Promise<void>((resolve, reject) => {
      const settle = (ok: boolean) => {
        this.log.push(`${ok ? 'stored' : 'failed'} ${s.id}`);
        if (ok) super.putSample(s).then(resolve, reject);
        else reject(new Error('disk I/O error'));
      };
      if (this.hold) this.held.push(settle);
      else setTimeout(() => settle(!this.failIds.has(s.id)), this.delayMs);
    });
  }

  override async putRun(r: Parameters<MemoryStore['putRun']>[0]) {
    this.log.push(`status ${r.status}`);
    await super.putRun(r);
  }

  release(n = 1) {
    for (const settle of this.held.splice(0, n)) settle(true);
  }

  /** Every write has settled before the last status line (how the run ended). */
  settledBeforeEnd(): boolean {
    const end = this.log.map((l) => l.startsWith('status ')).lastIndexOf(true);
    const writes = this.log.filter((l) => l.startsWith('write ')).length;
    const settled = this.log.slice(0, end).filter((l) => /^(stored|failed) /.test(l)).length;
    return writes === settled && !this.log.slice(end).some((l) => /^(stored|failed) /.test(l));
  }
}

/** (system prompt, seed) names one sample's request. */
const requestKey = (r: ChatRequest) => `${r.system}#${r.seed}`;
const sampleKey = (s: Sample) => `system for ${s.conditionId}#${s.index}`;

describe('RunController with a slow store', () => {
  it('generates the next sample while the last one is written, one write in flight per slot, counted once committed', async () => {
    const engine = new FakeEngine();
    const store = new SlowStore();
    const seen: string[] = [];
    const c = new RunController(run({ concurrency: 2 }), deps(engine, store), { onSample: (s) => seen.push(s.id) });
    let outcome: RunOutcome | undefined;
    const started = c.start().then((o) => (outcome = o));

    // both slots wrote a sample and are generating (then holding) the next one while those writes are in flight
    await waitFor(() => store.held.length === 2 && engine.calls.length === 4, 'four requests, two writes in flight');
    await waitFor(() => engine.inFlight === 0, 'the second requests finished');
    await turns(20);
    expect(engine.calls.length).toBe(4); // a slot waits for its write before it starts a second one
    expect(store.held.length).toBe(2);
    expect(c.progress.done).toBe(0);
    expect(seen).toEqual([]);

    store.release(1);
    await waitFor(() => c.progress.done === 1 && store.held.length === 2, 'one committed, that slot writes its next');
    expect(seen).toHaveLength(1);
    expect(store.writes).toHaveLength(1);
    expect(engine.calls.length).toBe(5);

    while (outcome === undefined) {
      store.release(store.held.length);
      await turns(2);
    }
    await started;
    expect(outcome).toBe('done');
    expect(c.progress).toMatchObject({ done: 8, failed: 0, remaining: 0 });
    expect(new Set(store.writes).size).toBe(8);
    expect(store.writes).toHaveLength(8);
    expect([...seen].sort()).toEqual([...store.writes].sort());
    expect(engine.calls).toHaveLength(8);
    expect(store.settledBeforeEnd()).toBe(true);
  });

  it('a pause waits for the writes in flight; they are stored and counted, and resume runs only the rest', async () => {
    const engine = new FakeEngine();
    const store = new SlowStore();
    const first = new RunController(run(), deps(engine, store));
    let outcome: RunOutcome | undefined;
    const started = first.start().then((o) => (outcome = o));
    await waitFor(() => store.held.length === 2, 'two writes in flight');
    first.pause();
    await turns(20);
    expect(outcome).toBeUndefined(); // not reported paused while a write is still in flight
    // samples that finished generating before the pause are stored too (their writes queue behind the slot's last)
    while (outcome === undefined) {
      store.release(store.held.length);
      await turns(2);
    }
    await started;
    expect(outcome).toBe('paused');
    expect(store.settledBeforeEnd()).toBe(true);
    expect(first.progress.done).toBe(store.writes.length);
    expect(store.writes.length).toBeGreaterThanOrEqual(2);
    expect(store.writes.length).toBeLessThan(8);
    expect(store.runs.get('r1')!.status).toBe('paused');
    const stored = new Set(store.writes.map((id) => sampleKey(store.samples.get(id)!)));

    store.hold = false;
    const before = engine.calls.length;
    const second = new RunController({ ...store.runs.get('r1')! }, deps(engine, store));
    expect(await second.start()).toBe('done');
    expect(store.writes).toHaveLength(8);
    expect(new Set(store.writes).size).toBe(8);
    expect(engine.calls.slice(before).filter((r) => stored.has(requestKey(r)))).toEqual([]);
  });

  it('a failing write stops the run after every write in flight settled; resume stores each sample exactly once', async () => {
    const engine = new FakeEngine();
    const store = new SlowStore();
    store.hold = false;
    store.failIds.add('r1/' + run().conditionIds[1] + '/1');
    const seen: string[] = [];
    const c = new RunController(run({ concurrency: 3 }), deps(engine, store), { onSample: (s) => seen.push(s.id) });
    expect(await c.start()).toBe('error');
    expect(c.progress.message).toMatch(/Saving a result failed \(disk I\/O error\)/);
    expect(store.settledBeforeEnd()).toBe(true);
    expect(store.runs.get('r1')!.status).toBe('error');
    // counted exactly what was committed, each once
    expect(c.progress.done).toBe(store.samples.size);
    expect(c.progress.remaining).toBe(8 - store.samples.size);
    expect([...seen].sort()).toEqual([...store.samples.keys()].sort());
    expect(store.samples.has([...store.failIds][0])).toBe(false);
    const committed = new Set([...store.samples.values()].map(sampleKey));

    store.failIds.clear();
    const before = engine.calls.length;
    const again = new RunController({ ...store.runs.get('r1')! }, deps(engine, store));
    expect(await again.start()).toBe('done');
    expect(store.writes).toHaveLength(8);
    expect(new Set(store.writes).size).toBe(8);
    expect(again.progress).toMatchObject({ done: 8, remaining: 0 });
    expect(engine.calls.slice(before).filter((r) => committed.has(requestKey(r)))).toEqual([]);
  });
});
