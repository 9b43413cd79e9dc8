// Shared plumbing for the local provider test servers: CORS, body reading, SSE writing, scripted faults, recording.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted behaviour for the next model request; requests beyond the script get the normal reply. */
export type Fault =
  /**
   * HTTP error status with the provider's error body; retryAfter (seconds) sets the retry-after header, which a
   * browser page can read only when exposed under CORS (`hideRetryAfter` leaves it out of access-control-expose-headers)
   */
  | {
      kind: 'status';
      status: number;
      retryAfter?: number;
      hideRetryAfter?: boolean;
      message?: string;
      code?: string;
      errorType?: string;
    }
  /** provider's "prompt too long" error */
  | { kind: 'context-length' }
  /** stream starts, sends this many text chunks, then the socket is destroyed */
  | { kind: 'drop'; afterChunks: number }
  /** wait this long before answering (on top of latencyMs) */
  | { kind: 'slow'; delayMs: number }
  /** refusal / safety block outcome, as the provider reports it */
  | { kind: 'refusal'; message?: string }
  /** overloaded error sent inside an already-open stream (Anthropic `overloaded_error` event) */
  | { kind: 'stream-error'; afterChunks: number; errorType?: string; message?: string }
  /** answer without CORS headers so a browser page cannot read it */
  | { kind: 'no-cors' }
  /** accept the request and never answer (no status, no headers) until the client gives up */
  | { kind: 'silent' }
  /** stream text forever, ignoring max tokens, until the client disconnects */
  | { kind: 'endless' }
  /** open the stream and send keep-alive events with no text forever (`everyMs` apart): the idle timer never trips */
  | { kind: 'trickle'; everyMs?: number }
  /** send the whole reply and its finish/stop reason, then neither the terminator nor the end of the stream */
  | { kind: 'no-terminator' }
  /** stream a reply of `chars` characters in 64 KB pieces, then finish normally */
  | { kind: 'huge'; chars: number };

/** What a server replies with; a plain string is the answer text. */
export interface ReplySpec {
  text: string;
  reasoning?: string;
  /** OpenAI-compatible only: which delta field carries reasoning (default reasoning_content) */
  reasoningField?: 'reasoning_content' | 'reasoning';
  /** provider finish/stop reason to report (default the provider's normal "stop") */
  finishReason?: string;
  /** model id to report (default: the requested one, or opts.servedModel) */
  model?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** full request URL (path + query) */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  at: number;
}

export interface ServerOptions {
  /** fixed delay before every model response, ms */
  latencyMs?: number;
  /** address to listen on (default 127.0.0.1; '::1' for an IPv6-only local server) */
  host?: string;
  /** delay between streamed chunks, ms (default 2) */
  chunkDelayMs?: number;
  /**
   * OpenAI-compatible server: write a reply's chunks back to back in one turn, with no timer between them (a timer of
   * 0 ms still waits about 1 ms); for benchmarks that time the client against the configured latency alone
   */
  backToBack?: boolean;
  /** characters per streamed text chunk, about (default 12; benchmarks with long replies send bigger chunks) */
  chunkChars?: number;
  /** faults for the 1st, 2nd, ... model request; `undefined`/`null` entries mean "normal" */
  script?: (Fault | null | undefined)[];
  /** build the reply from the parsed request body and its headers (default: a short fixed sentence) */
  reply?: (body: unknown, headers?: http.IncomingHttpHeaders) => string | ReplySpec;
  /** model id the server claims answered (default: the requested model) */
  servedModel?: string;
  /** models GET /models lists (a function gets the request headers) */
  models?: string[] | ((headers: http.IncomingHttpHeaders) => string[]);
  /** when set, requests must carry this key (401 otherwise) */
  requireKey?: string;
  /** path prefixes that answer without CORS headers and refuse preflights (as Anthropic's batch endpoints do) */
  noPreflight?: string[];
  /** keep, in `served`, each model request's milliseconds from arrival to its reply's last byte handed to the socket */
  timeServed?: boolean;
}

export interface TestServer {
  url: string;
  close(): Promise<void>;
  requests: RecordedRequest[];
  /** with `timeServed`: ms from each model request's arrival to the end of its reply, in the order they ended */
  served: number[];
}

export const DEFAULT_REPLY = 'Hello from the local test server. This reply is streamed in several chunks.';

/** The model ids GET /models lists for this request. */
export function listedModels(opts: ServerOptions, headers: http.IncomingHttpHeaders, fallback: string[]): string[] {
  return (typeof opts.models === 'function' ? opts.models(headers) : opts.models) ?? fallback;
}

export function normaliseReply(r: string | ReplySpec): ReplySpec {
  return typeof r === 'string' ? { text: r } : r;
}

/** Split text into chunks of about n characters on word boundaries (keeps every character, in order). */
export function chunkText(text: string, n = 12): string[] {
  const out: string[] = [];
  let cur = '';
  for (const part of text.split(/(?<=\s)/)) {
    cur += part;
    if (cur.length >= n) {
      out.push(cur);
      cur = '';
    }
  }
  if (cur) out.push(cur);
  return out;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Wait until `performance.now()` reaches `deadline`: a timer for all but the last millisecond (Node's timers fire up
 * to a millisecond or more late), then event-loop turns for the rest, so a server's latency is what it is set to.
 */
export async function sleepUntil(deadline: number): Promise<void> {
  const ahead = deadline - performance.now() - 1;
  if (ahead >= 1) await sleep(Math.floor(ahead));
  while (performance.now() < deadline) await new Promise<void>((r) => setImmediate(r));
}

/** The client went away (aborted, timed out): endless fault loops stop here. */
export function clientGone(ctx: HandlerContext): boolean {
  return ctx.res.destroyed || ctx.res.writableEnded || !!ctx.req.socket?.destroyed;
}

/** Resolve when the client disconnects. */
export function untilGone(ctx: HandlerContext): Promise<void> {
  return new Promise((resolve) => {
    if (clientGone(ctx)) return resolve();
    ctx.res.once('close', () => resolve());
  });
}

/** Pieces of a `chars`-character reply, 64 KB each (words separated by spaces). */
export function* hugeText(chars: number): Generator<string> {
  const piece = 'lorem ipsum dolor sit amet '.repeat(Math.ceil(65_536 / 27)).slice(0, 65_536);
  for (let sent = 0; sent < chars; sent += piece.length) yield piece.slice(0, Math.min(piece.length, chars - sent));
}

/** Write keep-alive or text events until the client goes away. */
export async function forever(ctx: HandlerContext, write: () => void, everyMs: number): Promise<void> {
  while (!clientGone(ctx)) {
    write();
    await sleep(everyMs);
  }
}

export function corsHeaders(req: http.IncomingMessage): Record<string, string> {
  return {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers':
      (req.headers['access-control-request-headers'] as string | undefined) ??
      'authorization, content-type, x-api-key, anthropic-version, anthropic-dangerous-direct-browser-access, x-goog-api-key',
    'access-control-expose-headers': 'retry-after, retry-after-ms, request-id, x-request-id',
    'access-control-max-age': '600',
  };
}

export async function readBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Per-server context handed to the protocol handler. */
export interface HandlerContext {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  path: string;
  query: URLSearchParams;
  body: unknown;
  cors: Record<string, string>;
  /** the fault for this model request (consumed from the script), if any */
  takeFault(): Fault | undefined;
  opts: ServerOptions;
}

export function sendJson(ctx: HandlerContext, status: number, obj: unknown, extra: Record<string, string> = {}) {
  ctx.res.writeHead(status, { 'content-type': 'application/json', ...ctx.cors, ...extra });
  ctx.res.end(JSON.stringify(obj));
}

export function startSse(ctx: HandlerContext) {
  ctx.res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...ctx.cors,
  });
  ctx.res.flushHeaders();
}

/** Write one SSE event; `event` adds an `event:` line (Anthropic style). */
export function writeSse(ctx: HandlerContext, data: unknown, event?: string) {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  ctx.res.write(`${event ? `event: ${event}\n` : ''}data: ${payload}\n\n`);
}

/** Cut the connection mid-response the way a dropped proxy or network would. */
export function dropConnection(ctx: HandlerContext) {
  ctx.res.socket?.destroy();
}

/** Start a node:http server on 127.0.0.1:0 that records requests, answers CORS preflights and dispatches. */
export async function startServer(
  opts: ServerOptions,
  handle: (ctx: HandlerContext) => Promise<void>,
  isModelRequest: (method: string, path: string) => boolean,
): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const served: number[] = [];
  const script = [...(opts.script ?? [])];
  let modelRequests = 0;
  const server = http.createServer(async (req, res) => {
    // the latency counts from the request's arrival, not from when its body has been read and parsed
    const arrived = performance.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const refused = opts.noPreflight?.some((prefix) => url.pathname.startsWith(prefix)) ?? false;
    const cors = refused ? {} : corsHeaders(req);
    if (req.method === 'OPTIONS') {
      res.writeHead(refused ? 405 : 204, cors);
      res.end();
      return;
    }
    const body = await readBody(req);
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      url: req.url ?? '/',
      headers: req.headers,
      body,
      at: Date.now(),
    });
    let fault: Fault | undefined;
    if (isModelRequest(req.method ?? 'GET', url.pathname)) {
      fault = script[modelRequests] ?? undefined;
      modelRequests++;
      if (opts.timeServed) res.once('finish', () => served.push(performance.now() - arrived));
    }
    if (fault?.kind === 'status' && fault.hideRetryAfter)
      cors['access-control-expose-headers'] = 'request-id, x-request-id';
    const ctx: HandlerContext = {
      req,
      res,
      path: url.pathname,
      query: url.searchParams,
      body,
      cors: fault?.kind === 'no-cors' ? {} : cors,
      takeFault: () => fault,
      opts,
    };
    try {
      if (opts.latencyMs) await sleepUntil(arrived + opts.latencyMs);
      if (fault?.kind === 'slow') await sleep(fault.delayMs);
      if (fault?.kind === 'silent') return await untilGone(ctx);
      await handle(ctx);
    } catch (e) {
      if (!res.headersSent) sendJson(ctx, 500, { error: { message: `test server crashed: ${(e as Error).message}` } });
      else res.destroy();
    }
  });
  // keep-alive sockets would make close() wait; track and destroy them
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    requests,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Bearer / x-api-key / x-goog-api-key check shared by the servers (and tests reading recorded requests); returns the presented key. */
export function presentedKey(req: Pick<http.IncomingMessage, 'headers'>): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7);
  return (req.headers['x-api-key'] as string | undefined) ?? (req.headers['x-goog-api-key'] as string | undefined);
}
