// Retry policy for engine calls: exponential backoff with jitter that honours the provider's retry hints.
import { EngineError, toEngineError } from './errors';

export interface RetryOptions {
  maxAttempts: number;
  baseDelayMs: number;
  signal?: AbortSignal;
  /** upper bound for one wait, ms (default 120 s; a longer retry-after is capped to this) */
  maxDelayMs?: number;
  /** least wait after a rate limit without a retry hint (default RATE_LIMIT_MIN_DELAY_MS) */
  rateLimitMinDelayMs?: number;
  /** told before each wait, e.g. to clear partial streamed text and show "retrying in 4 s" */
  onRetry?: (error: EngineError, attempt: number, delayMs: number) => void;
  /** secrets to scrub from errors */
  secrets?: (string | undefined)[];
  /** injectable for tests */
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Abortable sleep. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new EngineError('aborted', 'The request was stopped.'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new EngineError('aborted', 'The request was stopped.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Least wait before retrying a rate limit that came without a readable hint (attempt n waits at least this · 2^(n-1)).
 * Browsers hide Retry-After unless the provider exposes it under CORS; per-minute quotas need more than the 1–2 s of
 * the plain backoff, or every retry is refused again.
 */
export const RATE_LIMIT_MIN_DELAY_MS = 15_000;

/**
 * Delay before attempt `attempt + 1` (attempt is 1-based): the hint if given, else base·2^(attempt-1) with jitter;
 * a rate limit without a hint waits at least RATE_LIMIT_MIN_DELAY_MS·2^(attempt-1), spread by up to +25%.
 */
export function backoffDelay(error: EngineError, attempt: number, opts: RetryOptions): number {
  const cap = opts.maxDelayMs ?? 120_000;
  if (error.retryAfterMs !== undefined) return Math.min(cap, Math.max(0, error.retryAfterMs));
  const random = opts.random ?? Math.random;
  const exp = opts.baseDelayMs * 2 ** (attempt - 1);
  const jittered = Math.round(exp * (0.5 + random() * 0.5));
  if (error.kind !== 'rate-limit') return Math.min(cap, jittered);
  const floor = (opts.rateLimitMinDelayMs ?? RATE_LIMIT_MIN_DELAY_MS) * 2 ** (attempt - 1);
  return Math.min(cap, Math.max(jittered, Math.round(floor * (1 + random() * 0.25))));
}

/**
 * Run `fn` until it succeeds, fails with a non-retryable error, or runs out of attempts. The final error carries
 * `attempts`. Aborts stop waiting at once. `fn` gets the 1-based attempt number.
 */
export async function withRetries<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  const sleep = opts.sleep ?? abortableSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      if (opts.signal?.aborted) throw new EngineError('aborted', 'The request was stopped.');
      return await fn(attempt);
    } catch (e) {
      const err = opts.signal?.aborted
        ? new EngineError('aborted', 'The request was stopped.')
        : toEngineError(e, opts.secrets ?? []);
      err.attempts = attempt;
      if (!err.retryable || attempt >= opts.maxAttempts) throw err;
      const delay = backoffDelay(err, attempt, opts);
      opts.onRetry?.(err, attempt, delay);
      try {
        await sleep(delay, opts.signal);
      } catch (abort) {
        const a = toEngineError(abort);
        a.attempts = attempt;
        throw a;
      }
    }
  }
}
