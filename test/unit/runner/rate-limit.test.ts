// A run against a local server that answers 429 without a readable Retry-After: the runner waits the rate-limit minimum and says it is rate-limited.
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/lib/engines';
import { RATE_LIMIT_MIN_DELAY_MS } from '../../../src/lib/engines/retry';
import { RunController } from '../../../src/lib/runner/controller';
import { rateLimited, type RunProgress } from '../../../src/lib/runner/types';
import { retryNotice } from '../../../src/components/run/retry-notice';
import { startOpenAIServer, type TestServer } from '../../servers/openai-compatible';
import { COND_A, makeRun } from '../storage/make';
import { classify, MemoryStore, prepare } from './fakes';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('rate limits without a readable Retry-After', () => {
  it('waits at least the rate-limit minimum, shows the run as rate-limited while waiting, and clears it after', async () => {
    server = await startOpenAIServer({
      chunkDelayMs: 0,
      script: [{ kind: 'status', status: 429, hideRetryAfter: true }],
    });
    const config = {
      id: 'custom:test-model-1',
      label: 'Local test',
      descriptor: { kind: 'openai-compatible' as const, provider: 'custom', model: 'm', baseUrl: `${server.url}/v1` },
      concurrency: 1,
    };
    const run = makeRun('r1', { conditionIds: [COND_A], samplesPerCondition: 1, concurrency: 1, status: 'pending' });
    const now = 1_000_000;
    const waits: number[] = [];
    const seen: RunProgress[] = [];
    const c = new RunController(
      run,
      {
        prepare,
        classify,
        engine: createEngine(config, 'k'),
        store: new MemoryStore(),
        now: () => now,
        sleep: async (ms) => {
          waits.push(ms);
          seen.push(c.progress);
        },
      },
      { onProgress: (p) => seen.push(p), baseDelayMs: 2000 },
    );
    expect(await c.start()).toBe('done');
    expect(server.requests).toHaveLength(2);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(RATE_LIMIT_MIN_DELAY_MS);

    const during = seen.find((p) => rateLimited(p));
    expect(during?.waiting).toEqual([
      { sampleId: `r1/${COND_A}/0`, kind: 'rate-limit', nextAttempt: 2, untilMs: now + waits[0] },
    ]);
    expect(retryNotice(during!.waiting, now)).toMatch(/^Rate-limited by the provider: 1 sample waiting to retry; next/);
    expect(rateLimited(c.progress)).toBe(false);
    expect(c.progress.waiting).toEqual([]);
  });

  it('words other waits as retries, and says nothing when none waits', () => {
    const w = { sampleId: 's', kind: 'server' as const, nextAttempt: 3, untilMs: 5000 };
    expect(retryNotice([w], 1000)).toMatch(/^Retrying after errors: 1 sample waiting; next attempt in about 4 s/);
    expect(retryNotice([], 0)).toBe('');
    expect(retryNotice(undefined, 0)).toBe('');
    const mixed = retryNotice([w, { ...w, sampleId: 't', kind: 'rate-limit' }], 1000);
    expect(mixed).toMatch(/^Rate-limited by the provider: 1 sample waiting to retry, 1 sample after other errors/);
  });
});
