// Every request is bounded, against local servers that misbehave on the wire: silent, keep-alive forever, endless text, no terminator, a 20 MB reply.
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_REPLY_CHARS, type ChatResult } from '../../../src/lib/core/types';
import { createEngine, EngineError, withRetries, type EngineConfig } from '../../../src/lib/engines';
import type { ApiEngineOptions } from '../../../src/lib/engines/openai-compatible';
import { streamCharLimit } from '../../../src/lib/engines/accumulate';
import { capReply } from '../../../src/lib/runner/sample';
import { startAnthropicServer } from '../../servers/anthropic';
import { startGeminiServer } from '../../servers/gemini';
import { startOpenAIServer, type Fault, type TestServer } from '../../servers/openai-compatible';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const providers = {
  openai: {
    start: startOpenAIServer,
    config: (url: string, over: Partial<EngineConfig> = {}): EngineConfig => ({
      id: 'openai:gpt-test',
      label: 'Local OpenAI',
      descriptor: { kind: 'openai-compatible', provider: 'openai', model: 'gpt-test', baseUrl: `${url}/v1` },
      concurrency: 1,
      ...over,
    }),
  },
  anthropic: {
    start: startAnthropicServer,
    config: (url: string, over: Partial<EngineConfig> = {}): EngineConfig => ({
      id: 'anthropic:claude-test',
      label: 'Local Anthropic',
      descriptor: { kind: 'anthropic', provider: 'anthropic', model: 'claude-test', baseUrl: `${url}/v1` },
      concurrency: 1,
      ...over,
    }),
  },
  gemini: {
    start: startGeminiServer,
    config: (url: string, over: Partial<EngineConfig> = {}): EngineConfig => ({
      id: 'gemini:gemini-test',
      label: 'Local Gemini',
      descriptor: { kind: 'gemini', provider: 'gemini', model: 'gemini-1.5-test', baseUrl: `${url}/v1beta` },
      concurrency: 1,
      ...over,
    }),
  },
} as const;
type Name = keyof typeof providers;

const req = (maxTokens = 64) => ({
  system: 'You are terse.',
  messages: [{ role: 'user' as const, content: 'Say hello.' }],
  temperature: 0,
  maxTokens,
});

async function engineFor(
  name: Name,
  script: Fault[],
  over: Partial<EngineConfig> = {},
  opts: ApiEngineOptions = {},
  reply?: string,
) {
  const p = providers[name];
  server = await p.start({ script, chunkDelayMs: 1, ...(reply ? { reply: () => reply } : {}) });
  return createEngine(p.config(server.url, over), 'k-test-0123456789', opts);
}

async function failure(p: Promise<unknown>): Promise<EngineError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(EngineError);
    return e as EngineError;
  }
  throw new Error('expected a failure');
}

describe.each(Object.keys(providers) as Name[])('%s engine: bounded requests', (name) => {
  it('abandons a silent server at the engine config’s time limit per request, well before the idle timeout', async () => {
    const engine = await engineFor(name, [{ kind: 'silent' }], { deadlineMs: 400 });
    const t0 = Date.now();
    const e = await failure(engine.generate(req()));
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(e.kind).toBe('network');
    expect(e.retryable).toBe(true);
    expect(e.message).toMatch(/no complete reply within 0\.4 s \(this engine's time limit per request\)/);
    expect(e.action).toMatch(/raise the time limit in the engine settings/);
  });

  it('abandons a stream of keep-alive events that never ends at the time limit (the idle timer never trips)', async () => {
    const engine = await engineFor(
      name,
      [{ kind: 'trickle', everyMs: 30 }],
      { deadlineMs: 600 },
      { idleTimeoutMs: 300 },
    );
    const e = await failure(engine.generate(req()));
    expect(e.message).toMatch(/time limit per request/);
  });

  it('a user stop before the time limit is still an abort, not a timeout', async () => {
    const engine = await engineFor(name, [{ kind: 'silent' }], { deadlineMs: 60_000 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const e = await failure(engine.generate({ ...req(), signal: ac.signal }));
    expect(e.kind).toBe('aborted');
  });

  it('stops an endless stream past its max tokens (with a margin) and keeps it as cut', async () => {
    const engine = await engineFor(name, [{ kind: 'endless' }]);
    const r = await withRetries(() => engine.generate(req(64)), { maxAttempts: 3, baseDelayMs: 1 });
    expect(r.finishReason).toBe('length');
    expect(r.truncated).toBe('max-tokens');
    expect(r.text.length).toBeGreaterThan(64 * 4); // the margin: a reply within its limit is never cut
    expect(r.text.length).toBeLessThanOrEqual(streamCharLimit(64));
    expect(server!.requests).toHaveLength(1);
  });

  it('accepts a finished reply whose stream never sends its terminator (no retry, nothing thrown away)', async () => {
    const text = 'The reply is complete; only the terminator is missing.';
    const engine = await engineFor(name, [{ kind: 'no-terminator' }], {}, { finishGraceMs: 200 }, text);
    const t0 = Date.now();
    const r = await withRetries(() => engine.generate(req()), { maxAttempts: 3, baseDelayMs: 1 });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.text).toBe(text);
    expect(r.finishReason).toBe('stop');
    expect(r.truncated).toBeUndefined();
    expect(server!.requests).toHaveLength(1);
  });

  it('cuts a 20 MB reply at the stored size limit, flagged, when max tokens would allow it', async () => {
    const engine = await engineFor(name, [{ kind: 'huge', chars: 20 * 2 ** 20 }]);
    const r = await engine.generate(req(200_000));
    expect(r.text.length).toBe(MAX_REPLY_CHARS);
    expect(r.truncated).toBe('size');
    expect(r.finishReason).toBe('length');
  });

  it('cuts the same 20 MB reply at max tokens when those are lower', async () => {
    const engine = await engineFor(name, [{ kind: 'huge', chars: 20 * 2 ** 20 }]);
    const r = await engine.generate(req(1000));
    expect(r.text.length).toBe(streamCharLimit(1000));
    expect(r.truncated).toBe('max-tokens');
  });
});

describe('capReply (every engine, web-llm and batch included)', () => {
  const base: ChatResult = {
    text: 'short',
    finishReason: 'stop',
    usage: {},
    modelId: 'm',
    timings: { startedAt: '2026-01-01T00:00:00Z', totalMs: 1 },
  };
  it.each([
    ['a short reply is kept as is', base, 5, undefined],
    ['a long text is cut and flagged', { ...base, text: 'x'.repeat(MAX_REPLY_CHARS + 10) }, MAX_REPLY_CHARS, 'size'],
    ['long reasoning is cut and flagged', { ...base, reasoning: 'r'.repeat(MAX_REPLY_CHARS + 1) }, 5, 'size'],
    [
      'an engine-cut reply keeps its reason',
      { ...base, text: 'x'.repeat(MAX_REPLY_CHARS + 1), truncated: 'max-tokens' as const },
      MAX_REPLY_CHARS,
      'max-tokens',
    ],
  ])('%s', (_n, r, textLength, truncated) => {
    const out = capReply(r);
    expect(out.text.length).toBe(textLength);
    expect(out.reasoning?.length ?? 0).toBeLessThanOrEqual(MAX_REPLY_CHARS);
    expect(out.truncated).toBe(truncated);
  });
});
