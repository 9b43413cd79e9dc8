// probeBatch against the local batch servers: answers, refused keys, unreachable endpoints, providers without a batch API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineConfig } from '../../../src/lib/engines/config';
import { probeBatch } from '../../../src/lib/engines/batch/probe';
import { startOpenAIBatchServer, type BatchTestServer } from '../../servers/batch-openai';
import { startAnthropicBatchServer } from '../../servers/batch-anthropic';
import { startGeminiBatchServer } from '../../servers/batch-gemini';

const KEY = 'sk-probe-0123456789SECRET';
const servers: Record<string, BatchTestServer> = {};

beforeAll(async () => {
  servers.openai = await startOpenAIBatchServer({ requireKey: KEY });
  servers.anthropic = await startAnthropicBatchServer({ requireKey: KEY });
  servers.gemini = await startGeminiBatchServer({ requireKey: KEY });
});
afterAll(async () => {
  for (const s of Object.values(servers)) await s.close();
});

const KIND = { openai: 'openai-compatible', anthropic: 'anthropic', gemini: 'gemini' } as const;
const PATH = { openai: '/v1', anthropic: '/v1', gemini: '/v1beta' } as const;

function config(provider: keyof typeof KIND, baseUrl: string): EngineConfig {
  return {
    id: `${provider}:m`,
    label: provider,
    descriptor: { kind: KIND[provider], provider, model: 'm', baseUrl },
    concurrency: 1,
  };
}

describe('probeBatch', () => {
  it.each(['openai', 'anthropic', 'gemini'] as const)('%s: lists batches with the key → available', async (p) => {
    const s = servers[p];
    const before = s.requests.length;
    const r = await probeBatch(config(p, `${s.url}${PATH[p]}`), KEY);
    expect(r.state).toBe('available');
    const req = s.requests.slice(before);
    expect(req).toHaveLength(1);
    expect(req[0].method).toBe('GET');
    expect(req[0].path).toMatch(/\/batches$/);
    expect(s.book.submitted).toEqual([]); // a probe never submits anything
  });

  it.each(['openai', 'anthropic'] as const)('%s: a refused key → key, with the key scrubbed', async (p) => {
    const r = await probeBatch(config(p, `${servers[p].url}${PATH[p]}`), 'sk-wrong-key-0123456789');
    expect(r.state).toBe('key');
    expect(r.message).not.toContain('sk-wrong-key-0123456789');
  });

  it('an endpoint that never answers → blocked (what a refused CORS preflight looks like to a page)', async () => {
    const r = await probeBatch(config('anthropic', 'http://127.0.0.1:9/v1'), KEY);
    expect(r.state).toBe('blocked');
    expect(r.message).toContain('command line');
  });

  it('providers without a batch API → unsupported, no request', async () => {
    const r = await probeBatch(
      {
        id: 'openrouter:m',
        label: 'x',
        descriptor: { kind: 'openai-compatible', provider: 'openrouter', model: 'm' },
        concurrency: 1,
      },
      KEY,
    );
    expect(r.state).toBe('unsupported');
  });
});
