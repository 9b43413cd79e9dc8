// The HTTP plumbing shared by the batch clients: one guarded request through the engines' fetch layer, JSON or text back.
import type { EngineConfig } from '../config';
import { Flight, send, type HttpContext } from '../http';
import { httpContext, type ApiEngineOptions } from '../openai-compatible';
import { getPreset } from '../presets';

/** Batch calls are short control requests: give up after this long without a byte. */
const BATCH_IDLE_MS = 120_000;

export function batchContext(config: EngineConfig, key: string | undefined, o: ApiEngineOptions): HttpContext {
  return httpContext(config, getPreset(config.descriptor.provider), key, o);
}

/** Send one request and read the whole body; HTTP errors come back as EngineErrors with the key scrubbed. */
export async function call(
  ctx: HttpContext,
  url: string,
  init: RequestInit,
  signal?: AbortSignal,
): Promise<{ text: string; headers: Headers }> {
  const flight = new Flight(signal, ctx.idleTimeoutMs ?? BATCH_IDLE_MS);
  try {
    const res = await send(ctx, url, init, flight);
    return { text: await res.text(), headers: res.headers };
  } catch (e) {
    throw flight.settle(e, ctx);
  } finally {
    flight.done();
  }
}

export async function callJson<T>(ctx: HttpContext, url: string, init: RequestInit, signal?: AbortSignal): Promise<T> {
  const { text } = await call(ctx, url, init, signal);
  return JSON.parse(text) as T;
}

/** The lines of a JSON Lines body, parsed; unparseable lines are skipped (their requests count as missing). */
export function jsonLines<T>(text: string): T[] {
  const out: T[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      /* a torn line: its request is missing and gets queued again */
    }
  }
  return out;
}
