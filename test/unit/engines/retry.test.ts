// Retry policy with an injected clock: which errors retry, how long it waits, hints, limits and aborts.
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../src/lib/engines/errors';
import { withRetries, backoffDelay, RATE_LIMIT_MIN_DELAY_MS } from '../../../src/lib/engines/retry';

function scripted(errors: (EngineError | null)[]) {
  let i = 0;
  return async () => {
    const e = errors[i++];
    if (e) throw e;
    return 'ok';
  };
}

describe('withRetries', () => {
  it.each([
    ['rate-limit', true],
    ['overloaded', true],
    ['server', true],
    ['network', true],
    ['auth', false],
    ['bad-request', false],
    ['context-length', false],
    ['blocked', false],
    ['aborted', false],
  ] as const)('%s retried: %s', async (kind, retried) => {
    const waits: number[] = [];
    const p = withRetries(scripted([new EngineError(kind, 'x'), null]), {
      maxAttempts: 3,
      baseDelayMs: 100,
      random: () => 1,
      sleep: async (ms) => void waits.push(ms),
    });
    if (retried) {
      await expect(p).resolves.toBe('ok');
      // a rate limit without a hint waits the rate-limit minimum (spread up to +25%), the rest the plain backoff
      expect(waits).toEqual([kind === 'rate-limit' ? Math.round(RATE_LIMIT_MIN_DELAY_MS * 1.25) : 100]);
    } else {
      await expect(p).rejects.toMatchObject({ kind, attempts: 1 });
      expect(waits).toEqual([]);
    }
  });

  it('backs off exponentially with jitter, honours retry-after, and caps the wait', async () => {
    const waits: number[] = [];
    const errs = [
      new EngineError('server', 'a'),
      new EngineError('server', 'b'),
      new EngineError('rate-limit', 'c', { retryAfterMs: 4321 }),
      new EngineError('rate-limit', 'd', { retryAfterMs: 10_000_000 }),
      null,
    ];
    await withRetries(scripted(errs), {
      maxAttempts: 5,
      baseDelayMs: 100,
      maxDelayMs: 60_000,
      random: () => 0,
      sleep: async (ms) => void waits.push(ms),
    });
    expect(waits).toEqual([50, 100, 4321, 60_000]);
  });

  it('stops after maxAttempts and reports the attempt count', async () => {
    const e = new EngineError('overloaded', 'busy');
    await expect(
      withRetries(scripted([e, e, e, e]), { maxAttempts: 3, baseDelayMs: 1, sleep: async () => undefined }),
    ).rejects.toMatchObject({ kind: 'overloaded', attempts: 3 });
  });

  it('an abort during the wait ends at once as aborted', async () => {
    const ac = new AbortController();
    const p = withRetries(scripted([new EngineError('server', 'x'), null]), {
      maxAttempts: 3,
      baseDelayMs: 60_000,
      signal: ac.signal,
      onRetry: () => setTimeout(() => ac.abort(), 5),
    });
    await expect(p).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('backoffDelay grows as base·2^(n-1) with full jitter between 50% and 100%', () => {
    const e = new EngineError('server', 'x');
    expect(backoffDelay(e, 3, { maxAttempts: 5, baseDelayMs: 100, random: () => 0.5 })).toBe(300);
  });
});

describe('rate limits without a readable hint (Retry-After hidden by CORS)', () => {
  const opts = { maxAttempts: 5, baseDelayMs: 2000, random: () => 0 };

  it.each([
    [1, RATE_LIMIT_MIN_DELAY_MS],
    [2, RATE_LIMIT_MIN_DELAY_MS * 2],
    [3, RATE_LIMIT_MIN_DELAY_MS * 4],
  ])('attempt %i waits at least %i ms, not the 1–2 s of the plain backoff', (attempt, least) => {
    const e = new EngineError('rate-limit', 'slow down', { status: 429 });
    expect(backoffDelay(e, attempt, opts)).toBe(least);
    const spread = backoffDelay(e, attempt, { ...opts, random: () => 1 });
    expect(spread).toBeGreaterThanOrEqual(least);
    expect(spread).toBeLessThanOrEqual(Math.round(least * 1.25));
  });

  it('a readable hint still wins, also when it is shorter; other errors keep the plain backoff; the cap holds', () => {
    expect(backoffDelay(new EngineError('rate-limit', 'x', { retryAfterMs: 1500 }), 1, opts)).toBe(1500);
    expect(backoffDelay(new EngineError('server', 'x'), 1, opts)).toBe(1000);
    expect(backoffDelay(new EngineError('rate-limit', 'x'), 6, { ...opts, maxDelayMs: 60_000 })).toBe(60_000);
  });
});
