// Cancelling a batch run: the real batch clients ask the local OpenAI, Anthropic and Gemini batch servers to cancel, the answers are stored, nothing is re-queued, and a resume submits only what is missing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyRules } from '../../../src/lib/core/classify/rules';
import type { Run } from '../../../src/lib/core/types';
import { createBatchClient } from '../../../src/lib/engines/batch/create';
import { BatchRunner, type BatchRunOptions } from '../../../src/lib/runner/batch-run';
import { preparerFor } from '../../../src/lib/runner/prepare';
import { BATCH_CONDITIONS, BATCH_KEY, batchPack, batchTestRun } from './batch-fixtures';
import { JournalStore } from '../../../scripts/lib/journal';
import { startAnthropicBatchServer } from '../../servers/batch-anthropic';
import { startGeminiBatchServer } from '../../servers/batch-gemini';
import { startOpenAIBatchServer, type BatchServerOptions, type BatchTestServer } from '../../servers/batch-openai';

type Provider = 'openai' | 'anthropic' | 'gemini';
const KEY = BATCH_KEY;
const CONDITIONS = BATCH_CONDITIONS;
const SAMPLES = 5;
const TOTAL = CONDITIONS.length * SAMPLES;
const pack = batchPack;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aml-batch-cancel-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function newRun(provider: Provider, server: BatchTestServer): Run {
  return batchTestRun(provider, server.url, { name: 'cancel test', model: 'm', samples: SAMPLES });
}

/** One session over the journal; `onSleep` runs at each wait between polls (with the runner, e.g. to cancel it). */
async function session(
  run: Run,
  file: string,
  opts: Partial<BatchRunOptions> = {},
  onSleep?: (r: BatchRunner) => void,
) {
  const store = await JournalStore.open(file);
  const stored = store.run ?? run;
  if (!store.run) await store.putRun(run);
  const client = createBatchClient({ id: 'x', label: 'x', descriptor: stored.engine, concurrency: 1 }, KEY);
  const events: string[] = [];
  const runner: BatchRunner = new BatchRunner(
    stored,
    {
      prepare: preparerFor(stored, pack),
      classify: classifyRules,
      store,
      client,
      sleep: async () => onSleep?.(runner),
    },
    { pollMs: 0, onEvent: (l) => events.push(l), ...opts },
  );
  const outcome = await runner.start();
  const result = {
    outcome,
    samples: store.samples(),
    batches: await store.listBatches(stored.id),
    status: runner.run.status,
    events,
  };
  await store.close();
  return result;
}

const servers: Record<Provider, (o: BatchServerOptions) => Promise<BatchTestServer>> = {
  openai: startOpenAIBatchServer,
  anthropic: startAnthropicBatchServer,
  gemini: startGeminiBatchServer,
};
/** requests a cancelled batch answered before it closed: the first half (Gemini returns no output for it) */
const answered: Record<Provider, number> = {
  openai: Math.floor(TOTAL / 2),
  anthropic: Math.floor(TOTAL / 2),
  gemini: 0,
};
const closedAs: Record<Provider, string> = { openai: 'cancelled', anthropic: 'collected', gemini: 'cancelled' };

describe.each(['openai', 'anthropic', 'gemini'] as const)('cancelling a %s batch run', (provider) => {
  it('cancels the open batch at the provider, stores what it answered, queues nothing again; resume submits the rest', async () => {
    const server = await servers[provider]({ requireKey: KEY, pollsBeforeEnd: 3 });
    try {
      const run = newRun(provider, server);
      const file = join(dir, `${provider}.journal.jsonl`);
      // the site's Cancel: the runner is told while it waits between polls
      const s1 = await session(run, file, {}, (r) => r.cancel());
      expect(s1.outcome).toBe('cancelled');
      expect(s1.status).toBe('cancelled');
      expect(server.book.cancelled).toHaveLength(1);
      expect(server.book.submitted).toHaveLength(TOTAL); // nothing re-queued
      expect(s1.samples).toHaveLength(answered[provider]);
      expect(s1.batches).toHaveLength(1);
      expect(s1.batches[0]).toMatchObject({ status: closedAs[provider], cancelRequested: true, requeued: 0 });
      expect(s1.events.some((e) => e.startsWith(`Asked ${provider} to cancel batch`))).toBe(true);
      expect(s1.events.some((e) => /cancelled before an answer \(not queued again\)/.test(e))).toBe(true);

      // a later resume submits only the samples still missing, once
      const s2 = await session(run, file);
      expect(s2.outcome).toBe('done');
      expect(s2.samples).toHaveLength(TOTAL);
      expect(new Set(s2.samples.map((s) => s.id)).size).toBe(TOTAL);
      expect(server.book.submitted).toHaveLength(TOTAL + TOTAL - answered[provider]);
      expect(server.book.cancelled).toHaveLength(1);
    } finally {
      await server.close();
    }
  }, 30_000);

  it('a batch that already ended is not cancelled: the provider says so and the run collects it', async () => {
    const server = await servers[provider]({ requireKey: KEY, pollsBeforeEnd: 0 });
    try {
      const run = newRun(provider, server);
      const file = join(dir, `${provider}-ended.journal.jsonl`);
      expect((await session(run, file, { wait: false })).outcome).toBe('submitted');
      const [id] = server.book.batches.keys();
      server.book.poll(server.book.batches.get(id)!); // it ends at the provider meanwhile
      const client = createBatchClient({ id: 'x', label: 'x', descriptor: run.engine, concurrency: 1 }, KEY);
      await expect(client.cancel(id)).rejects.toThrow(/cancel|finished/i);
      // the CLI's --cancel on it: the refusal is reported, the results collected, the run ends cancelled
      const s = await session(run, file, { cancel: true });
      expect(s.outcome).toBe('cancelled');
      expect(s.events.some((e) => e.startsWith(`Cancelling batch ${id} failed`))).toBe(true);
      expect(s.samples).toHaveLength(TOTAL);
      expect(server.book.cancelled).toEqual([]);
    } finally {
      await server.close();
    }
  }, 30_000);
});
