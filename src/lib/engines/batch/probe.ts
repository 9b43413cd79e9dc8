// Whether a provider's batch endpoints answer this browser (CORS), checked with the user's key by listing one batch.
import type { EngineConfig } from '../config';
import { toEngineError } from '../errors';
import type { ApiEngineOptions } from '../openai-compatible';
import { createBatchClient } from './create';
import { supportsBatch } from './types';

/**
 * `available`: the batch endpoints answered (batch mode can run here); `blocked`: the browser could not read them
 * (no CORS answer: use the command line); `key`: they answered but refused the key; `error`: any other failure;
 * `unsupported`: the provider has no batch API this app speaks.
 */
export type BatchProbeState = 'available' | 'blocked' | 'key' | 'error' | 'unsupported';

export interface BatchProbe {
  state: BatchProbeState;
  /** one sentence for the Setup view, with what to do next */
  message: string;
  /** ISO time of the check */
  at: string;
}

export async function probeBatch(
  config: EngineConfig,
  key: string | undefined,
  opts: ApiEngineOptions & { signal?: AbortSignal; now?: () => Date } = {},
): Promise<BatchProbe> {
  const at = (opts.now ?? (() => new Date()))().toISOString();
  const provider = config.descriptor.provider;
  if (!supportsBatch(provider))
    return {
      state: 'unsupported',
      message: 'This provider has no batch API the lab speaks (OpenAI, Anthropic and Gemini do).',
      at,
    };
  try {
    await createBatchClient(config, key, opts).probe(opts.signal);
    return {
      state: 'available',
      message: 'The batch API answers this browser: API runs can go through it at the batch price.',
      at,
    };
  } catch (e) {
    const err = toEngineError(e, [key]);
    if (err.kind === 'blocked')
      return {
        state: 'blocked',
        message:
          'The batch API does not answer browsers (no CORS answer). Run batch mode from the command line: the run ' +
          'page shows the command.',
        at,
      };
    if (err.kind === 'auth') return { state: 'key', message: `${err.message} ${err.action}`, at };
    return { state: 'error', message: `${err.message} ${err.action}`, at };
  }
}
