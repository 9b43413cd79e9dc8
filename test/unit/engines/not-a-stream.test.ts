// A 200 reply that is not a stream (one JSON body, or a web page) is named for what it is and not retried.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, EngineError, withRetries, type EngineConfig } from '../../../src/lib/engines';

const bodies: Record<string, [string, string]> = {
  '/json/v1/chat/completions': [
    'application/json',
    JSON.stringify({ choices: [{ message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }] }),
  ],
  '/html/v1/chat/completions': ['text/html; charset=utf-8', '<!doctype html><title>My site</title><p>Welcome</p>'],
};
let server: http.Server;
let url = '';
let hits = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits++;
    const [type, body] = bodies[req.url ?? ''] ?? ['text/plain', 'not found'];
    res.writeHead(200, { 'content-type': type, 'access-control-allow-origin': '*' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const config = (path: string): EngineConfig => ({
  id: 'x',
  label: 'Local',
  descriptor: { kind: 'openai-compatible', provider: 'custom', model: 'm', baseUrl: `${url}/${path}/v1` },
  concurrency: 1,
});

describe('a reply that is not a stream', () => {
  it.each([
    ['json', /sent one JSON reply instead of a stream/, /streaming chat completions/],
    ['html', /sent a web page \(HTML\)/, /Check the base URL/],
  ])('%s: says so, and is not retried', async (path, message, action) => {
    hits = 0;
    const engine = createEngine(config(path));
    const err = await withRetries(
      () => engine.generate({ system: 's', messages: [{ role: 'user', content: 'u' }], temperature: 0, maxTokens: 5 }),
      { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    const e = err as EngineError;
    expect(e.message).toMatch(message);
    expect(e.message).not.toMatch(/ended before|ended early/);
    expect(e.action).toMatch(action);
    expect(e.retryable).toBe(false);
    expect(hits).toBe(1);
  });
});
