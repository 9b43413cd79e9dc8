// Picks the batch client for a provider: OpenAI (and only OpenAI's own API), Anthropic and Gemini have batch APIs.
import type { EngineConfig } from '../config';
import { EngineError } from '../errors';
import type { ApiEngineOptions } from '../openai-compatible';
import { AnthropicBatchClient } from './anthropic';
import { GeminiBatchClient } from './gemini';
import { OpenAIBatchClient } from './openai';
import { supportsBatch, type BatchClient } from './types';

export function createBatchClient(config: EngineConfig, key?: string, opts: ApiEngineOptions = {}): BatchClient {
  const p = config.descriptor.provider;
  if (!supportsBatch(p))
    throw new EngineError('bad-request', `Batch mode is available for OpenAI, Anthropic and Gemini, not "${p}".`, {
      action: 'Run without batch mode, or choose one of those providers.',
      retryable: false,
    });
  if (p === 'anthropic') return new AnthropicBatchClient(config, key, opts);
  if (p === 'gemini') return new GeminiBatchClient(config, key, opts);
  return new OpenAIBatchClient(config, key, opts);
}
