// The run the batch-runner tests submit: one engine of a batch provider pointed at a local batch server.
import type { Run } from '../../../src/lib/core/types';
import { getPreset } from '../../../src/lib/engines/presets';
import { createRuns } from '../../../src/lib/runner/experiment';
import { loadPackFromDir } from '../../../scripts/lib/load-pack';

export const BATCH_KEY = 'test-batch-key-0123456789';
export const BATCH_CONDITIONS = ['blackmail_explicit-america_replacement', 'blackmail_none-none_replacement'];
export const batchPack = loadPackFromDir();

/** A new run of `samples` per condition on `provider` at the local server `url` (Gemini under /v1beta, others /v1). */
export function batchTestRun(
  provider: 'openai' | 'anthropic' | 'gemini',
  url: string,
  opts: { name: string; model: string; samples: number },
): Run {
  const preset = getPreset(provider);
  const [run] = createRuns(
    {
      name: opts.name,
      conditionIds: BATCH_CONDITIONS,
      engines: [
        {
          id: `${provider}:m`,
          label: provider,
          descriptor: {
            kind: preset.kind,
            provider,
            model: opts.model,
            baseUrl: `${url}${provider === 'gemini' ? '/v1beta' : '/v1'}`,
          },
          concurrency: 1,
        },
      ],
      samplesPerCondition: opts.samples,
      params: { temperature: 1, maxTokens: 500 },
      pack: { id: batchPack.id, hash: batchPack.hash },
    },
    { appVersion: 'test', now: new Date() },
  );
  return run;
}
