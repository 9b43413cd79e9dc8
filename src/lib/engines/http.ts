// The thin fetch layer under every API engine: abort + idle timeout, blocked/network detection, HTTP error mapping, SSE reading.
import { EngineError, extractMessage, httpError, isAbortError, toEngineError } from './errors';
import { readSse, type SseEvent } from './sse';

/**
 * Abandon a request when the server sends nothing for this long. Generous because reasoning models may think for
 * minutes before their first byte (OpenAI o-series stream nothing while reasoning).
 */
export const DEFAULT_IDLE_MS = 600_000;

/**
 * Longest one attempt may take from sending the request to the end of the reply, whatever the server does (a
 * server that trickles keep-alive events forever never trips the idle timer). Set per engine as
 * EngineConfig.deadlineMs.
 */
export const DEFAULT_DEADLINE_MS = 600_000;

/** After the server said the reply is finished (finish reason, stop reason), wait this long for the terminator. */
export const FINISH_GRACE_MS = 3_000;

export interface HttpContext {
  /** provider name for messages, e.g. "OpenAI" */
  label: string;
  /** what to do when the browser cannot reach the server (CORS, not running) */
  blockedFix: string;
  secrets: (string | undefined)[];
  fetchImpl?: typeof fetch;
  /** abort when the server sends nothing for this long (default DEFAULT_IDLE_MS) */
  idleTimeoutMs?: number;
  /** abort an attempt that has not finished after this long (default DEFAULT_DEADLINE_MS) */
  deadlineMs?: number;
  /** how long to wait for the stream's terminator once the reply said it is finished (default FINISH_GRACE_MS) */
  finishGraceMs?: number;
  /** set once any request to this server got an HTTP response: later fetch failures are network, not blocked */
  state: { reached: boolean };
}

/**
 * A request in flight: its signal aborts on user stop, on idle timeout, or at the attempt's deadline; `touch()`
 * restarts the idle timer; `finishing()` ends a reply whose server said it is done but never closes the stream.
 */
export class Flight {
  readonly controller = new AbortController();
  timedOut = false;
  /** the attempt ran past its deadline */
  deadlineHit = false;
  /** the reply was complete and the grace for its terminator ran out: end the stream normally */
  ended = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly deadlineTimer: ReturnType<typeof setTimeout> | undefined;
  private graceMs: number | undefined;
  private readonly onUserAbort = () => this.controller.abort();

  constructor(
    private readonly user: AbortSignal | undefined,
    private readonly idleMs: number,
    private readonly deadlineMs?: number,
  ) {
    if (user?.aborted) this.controller.abort();
    user?.addEventListener('abort', this.onUserAbort, { once: true });
    if (deadlineMs !== undefined && Number.isFinite(deadlineMs) && deadlineMs > 0)
      this.deadlineTimer = setTimeout(() => {
        this.deadlineHit = true;
        this.controller.abort();
      }, deadlineMs);
    this.touch();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  touch() {
    clearTimeout(this.timer);
    if (this.graceMs !== undefined) {
      this.timer = setTimeout(() => {
        this.ended = true;
        this.controller.abort();
      }, this.graceMs);
      return;
    }
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, this.idleMs);
  }

  /** The server said the reply is finished: from now on, silence for `graceMs` ends the stream as complete. */
  finishing(graceMs: number) {
    if (this.graceMs !== undefined) return;
    this.graceMs = graceMs;
    this.touch();
  }

  done() {
    clearTimeout(this.timer);
    clearTimeout(this.deadlineTimer);
    this.user?.removeEventListener('abort', this.onUserAbort);
  }

  /** The error a generate() call ends with: mapped engine errors pass through, aborts/timeouts are named, bugs are 'unknown'. */
  settle(e: unknown, ctx: HttpContext): EngineError {
    if (e instanceof EngineError) return toEngineError(e, ctx.secrets);
    if (this.controller.signal.aborted) return this.failure(e, ctx, 'stream');
    return toEngineError(e, ctx.secrets);
  }

  /** Turn an exception raised while this flight ran into an EngineError. */
  failure(e: unknown, ctx: HttpContext, phase: 'connect' | 'stream'): EngineError {
    if (e instanceof EngineError) return e;
    if (this.deadlineHit && !this.user?.aborted) {
      return new EngineError(
        'network',
        `${ctx.label}: no complete reply within ${formatLimit(this.deadlineMs ?? 0)} (this engine's time limit per request); the request was abandoned.`,
        {
          secrets: ctx.secrets,
          action:
            'The sample is retried from the start. If replies are legitimately this slow, raise the time limit in the engine settings.',
        },
      );
    }
    if (this.timedOut) {
      return new EngineError(
        'network',
        `${ctx.label}: no data from the server for ${Math.round(this.idleMs / 1000)} s; the request was abandoned.`,
        { secrets: ctx.secrets },
      );
    }
    if (this.user?.aborted || isAbortError(e)) return new EngineError('aborted', 'The request was stopped.');
    const detail = e instanceof Error ? e.message : String(e);
    if (phase === 'stream') {
      return new EngineError('network', `${ctx.label}: the connection dropped mid-response (${detail}).`, {
        secrets: ctx.secrets,
        action: 'The sample is retried from the start; no partial reply is kept.',
      });
    }
    if (!ctx.state.reached) {
      return new EngineError('blocked', `${ctx.label}: the browser could not reach the server (${detail}).`, {
        secrets: ctx.secrets,
        action: ctx.blockedFix,
        retryable: false,
      });
    }
    return new EngineError('network', `${ctx.label}: network error (${detail}).`, { secrets: ctx.secrets });
  }
}

/** Send a request; resolves with an OK response or throws an EngineError (HTTP errors mapped, bodies read). */
export async function send(ctx: HttpContext, url: string, init: RequestInit, flight: Flight): Promise<Response> {
  let res: Response;
  try {
    res = await (ctx.fetchImpl ?? fetch)(url, { ...init, signal: flight.signal });
  } catch (e) {
    throw flight.failure(e, ctx, 'connect');
  }
  ctx.state.reached = true;
  flight.touch();
  if (res.ok) return res;
  let text = '';
  try {
    text = await res.text();
  } catch {
    /* body unreadable: keep the status alone */
  }
  throw httpError(res.status, text, res.headers, ctx.label, ctx.secrets);
}

/** Iterate a response's SSE events, restarting the idle timer per event and mapping read failures. */
export async function* events(ctx: HttpContext, res: Response, flight: Flight): AsyncGenerator<SseEvent> {
  if (!res.body) throw new EngineError('server', `${ctx.label}: the response had no body.`);
  const wrong = await notAStream(ctx, res);
  if (wrong) throw wrong;
  const it = readSse(res.body);
  for (;;) {
    let next: IteratorResult<SseEvent>;
    try {
      next = await it.next();
    } catch (e) {
      if (flight.ended) return; // complete reply; the server just never closed the stream
      throw flight.failure(e, ctx, 'stream');
    }
    if (next.done) return;
    flight.touch();
    yield next.value;
  }
}

/** "90 s", "10 min", "1.5 min" */
export function formatLimit(ms: number): string {
  const s = ms / 1000;
  if (s < 120) return `${Math.round(s * 10) / 10} s`;
  return `${Math.round((s / 60) * 10) / 10} min`;
}

/** Parse one SSE data payload as JSON, or fail as a server error naming the provider. */
export function parseJson<T>(ctx: HttpContext, data: string): T {
  try {
    return JSON.parse(data) as T;
  } catch {
    throw new EngineError('server', `${ctx.label}: the server sent malformed data (${data.slice(0, 120)}).`, {
      secrets: ctx.secrets,
    });
  }
}

/** The error for a stream that ended without its terminator (connection closed early). */
export function truncatedStream(ctx: HttpContext): EngineError {
  return new EngineError('network', `${ctx.label}: the stream ended before the reply was complete.`, {
    action: 'The sample is retried from the start; no partial reply is kept.',
  });
}

/**
 * A successful reply that is not an event stream: one JSON body (a server without streaming, or an error sent with
 * HTTP 200) or a web page (a base URL pointing at a website). Neither is a stream that "ended early", and retrying
 * gets the same answer.
 */
async function notAStream(ctx: HttpContext, res: Response): Promise<EngineError | undefined> {
  const type = (res.headers.get('content-type') ?? '').toLowerCase();
  if (!type || type.includes('event-stream')) return undefined;
  const base = { secrets: ctx.secrets, retryable: false };
  if (type.includes('json')) {
    const detail = extractMessage(await res.text().catch(() => '')).slice(0, 200);
    return new EngineError(
      'bad-request',
      `${ctx.label}: the server sent one JSON reply instead of a stream${detail ? ` (${detail})` : ''}.`,
      {
        ...base,
        action: 'Check that this base URL serves streaming chat completions (this app always asks for a stream).',
      },
    );
  }
  if (type.includes('html'))
    return new EngineError('bad-request', `${ctx.label}: the server sent a web page (HTML), not an API reply.`, {
      ...base,
      action: 'Check the base URL: it must point at the API (often ending in /v1), not at a website.',
    });
  return undefined;
}
