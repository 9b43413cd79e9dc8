// The thin fetch layer under every API engine: abort + idle timeout, blocked/network detection, HTTP error mapping, SSE reading.
import { EngineError, extractMessage, httpError, isAbortError, toEngineError } from './errors';
import { readSse, type SseEvent } from './sse';

/**
 * Abandon a request when the server sends nothing for this long. Generous because reasoning models may think for
 * minutes before their first byte (OpenAI o-series stream nothing while reasoning).
 */
export const DEFAULT_IDLE_MS = 600_000;

export interface HttpContext {
  /** provider name for messages, e.g. "OpenAI" */
  label: string;
  /** what to do when the browser cannot reach the server (CORS, not running) */
  blockedFix: string;
  secrets: (string | undefined)[];
  fetchImpl?: typeof fetch;
  /** abort when the server sends nothing for this long (default DEFAULT_IDLE_MS) */
  idleTimeoutMs?: number;
  /** set once any request to this server got an HTTP response: later fetch failures are network, not blocked */
  state: { reached: boolean };
}

/** A request in flight: its signal aborts on user stop or on idle timeout; `touch()` restarts the idle timer. */
export class Flight {
  readonly controller = new AbortController();
  timedOut = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onUserAbort = () => this.controller.abort();

  constructor(
    private readonly user: AbortSignal | undefined,
    private readonly idleMs: number,
  ) {
    if (user?.aborted) this.controller.abort();
    user?.addEventListener('abort', this.onUserAbort, { once: true });
    this.touch();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  touch() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, this.idleMs);
  }

  done() {
    clearTimeout(this.timer);
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
      throw flight.failure(e, ctx, 'stream');
    }
    if (next.done) return;
    flight.touch();
    yield next.value;
  }
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
