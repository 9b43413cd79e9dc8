// Batch request bodies are the streaming engines' bodies, as the local servers received them, minus only the streaming switches.
import { describe, expect, it } from 'vitest';
import type { ChatRequest, ProviderKind } from '../../../src/lib/core/types';
import { anthropicBatchBody, geminiBatchBody, openAIBatchBody } from '../../../src/lib/engines/batch/bodies';
import type { EngineConfig } from '../../../src/lib/engines/config';
import { createEngine } from '../../../src/lib/engines/create';
import { startAnthropicServer } from '../../servers/anthropic';
import { startGeminiServer } from '../../servers/gemini';
import { startOpenAIServer } from '../../servers/openai-compatible';
import type { TestServer } from '../../servers/http-util';

const REQ: ChatRequest = {
  system: 'You are Alex.',
  messages: [{ role: 'user', content: 'Read the inbox.' }],
  temperature: 0.7,
  maxTokens: 321,
  seed: 42,
};

const cases: {
  provider: string;
  kind: ProviderKind;
  path: string;
  start: () => Promise<TestServer>;
  batch: (c: EngineConfig, r: ChatRequest) => Record<string, unknown>;
  streamOnly: string[];
  reasoning?: EngineConfig['reasoning'];
}[] = [
  {
    provider: 'openai',
    kind: 'openai-compatible',
    path: '/v1',
    start: startOpenAIServer,
    batch: openAIBatchBody,
    streamOnly: ['stream', 'stream_options'],
    reasoning: { effort: 'low' },
  },
  {
    provider: 'anthropic',
    kind: 'anthropic',
    path: '/v1',
    start: startAnthropicServer,
    batch: anthropicBatchBody,
    streamOnly: ['stream'],
    reasoning: { budgetTokens: 2048 },
  },
  {
    provider: 'gemini',
    kind: 'gemini',
    path: '/v1beta',
    start: startGeminiServer,
    batch: geminiBatchBody,
    streamOnly: [],
  },
];

describe.each(cases)('$provider batch body', ({ provider, kind, path, start, batch, streamOnly, reasoning }) => {
  it('equals what the streaming engine sent, without the streaming fields', async () => {
    const server = await start();
    try {
      const config: EngineConfig = {
        id: `${provider}:m`,
        label: provider,
        descriptor: { kind, provider, model: 'test-model', baseUrl: server.url + path },
        concurrency: 1,
        ...(reasoning ? { reasoning } : {}),
      };
      await createEngine(config, 'k-123456').generate(REQ);
      const sent = { ...(server.requests.at(-1)!.body as Record<string, unknown>) };
      for (const k of streamOnly) {
        expect(sent).toHaveProperty(k);
        delete sent[k];
      }
      expect(batch(config, REQ)).toEqual(sent);
    } finally {
      await server.close();
    }
  });
});
