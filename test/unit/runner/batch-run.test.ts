// The batch runner over the real batch clients and the local Anthropic and Gemini batch servers, stored in a real journal.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyRules } from '../../../src/lib/core/classify/rules';
import type { Run } from '../../../src/lib/core/types';
import { createBatchClient } from '../../../src/lib/engines/batch/create';
import { BatchRunner } from '../../../src/lib/runner/batch-run';
import { preparerFor } from '../../../src/lib/runner/prepare';
import { BATCH_CONDITIONS, BATCH_KEY, batchPack, batchTestRun } from './batch-fixtures';
import { JournalStore } from '../../../scripts/lib/journal';
import { startAnthropicBatchServer } from '../../servers/batch-anthropic';
import { startGeminiBatchServer } from '../../servers/batch-gemini';
import type { BatchOutcome, BatchTestServer } from '../../servers/batch-openai';
import { BENIGN, HARMFUL, verdicts } from '../cli/spawn';

const KEY = BATCH_KEY;
const CONDITIONS = BATCH_CONDITIONS;
const SAMPLES = 6;
const TOTAL = CONDITIONS.length * SAMPLES;
const pack = batchPack;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aml-batch-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Harmful for the explicit-goal condition (its system prompt states the America goal), benign for the other. */
const reply = (body: unknown) => (JSON.stringify(body).includes('American') ? HARMFUL : BENIGN);

function newRun(provider: 'anthropic' | 'gemini', server: BatchTestServer): Run {
  return batchTestRun(provider, server.url, { name: 'batch test', model: 'test-model', samples: SAMPLES });
}

async function session(run: Run, server: BatchTestServer, file: string, retryFailed = false) {
  const store = await JournalStore.open(file);
  const stored = store.run ?? run;
  if (!store.run) await store.putRun(run);
  const client = createBatchClient({ id: 'x', label: 'x', descriptor: stored.engine, concurrency: 1 }, KEY);
  const events: string[] = [];
  const runner = new BatchRunner(
    stored,
    { prepare: preparerFor(stored, pack), classify: classifyRules, store, client, sleep: async () => {} },
    { pollMs: 0, retryFailed, onEvent: (l) => events.push(l) },
  );
  const outcome = await runner.start();
  const samples = store.samples();
  const batches = await store.listBatches(stored.id);
  await store.close();
  return { outcome, samples, batches, events, counts: verdicts(samples) };
}

const cases: { provider: 'anthropic' | 'gemini'; start: () => Promise<BatchTestServer> }[] = [
  { provider: 'anthropic', start: () => startAnthropicBatchServer({ requireKey: KEY, reply, outcomes: OUTCOMES }) },
  { provider: 'gemini', start: () => startGeminiBatchServer({ requireKey: KEY, reply, outcomes: OUTCOMES }) },
];
/** batch 1 expires half-way; the re-queued half partly fails; a retry fails as a whole; the next retry succeeds */
const OUTCOMES: BatchOutcome[] = ['expired', 'partial', 'failed', 'ok'];

describe.each(cases)('BatchRunner with the $provider batch API', ({ provider, start }) => {
  it('re-queues expired requests, stores partial failures, survives a failed batch, and never stores a sample twice', async () => {
    const server = await start();
    try {
      const file = join(dir, `${provider}.journal.jsonl`);
      const run = newRun(provider, server);
      const s1 = await session(run, server, file);
      expect(s1.outcome).toBe('done');
      // Anthropic answers the first half of an expired batch; Gemini's expired batch has no results at all
      const expired = provider === 'anthropic' ? TOTAL / 2 : TOTAL;
      const answered = TOTAL - expired;
      const failedPositions = Math.floor((expired + 1) / 3); // positions 1, 4, 7, … of the re-queued batch
      expect(s1.counts).toEqual({ done: TOTAL - failedPositions, error: failedPositions, harmful: expect.any(Number) });
      expect(s1.batches.map((b) => [b.status, b.sampleIds.length, b.stored, b.requeued])).toEqual([
        // an Anthropic batch with expired requests still "ends"; Gemini's whole batch expires
        [provider === 'anthropic' ? 'collected' : 'expired', TOTAL, answered, expired],
        ['collected', expired, expired, 0],
      ]);
      expect(s1.events.join('\n')).toContain(`${expired} request(s) expired or unanswered, queued again`);
      expect(server.book.submitted.length).toBe(TOTAL + expired);
      const failed = s1.samples.filter((s) => s.status === 'error');
      expect(failed.every((s) => s.error!.kind === 'server' && s.error!.attempts === 1)).toBe(true);

      // a resume without --retry-failed has nothing to submit
      const s2 = await session(run, server, file);
      expect(s2.outcome).toBe('done');
      expect(server.book.submitted.length).toBe(TOTAL + expired);

      // retrying the failed ones: that batch fails as a whole, so they stay failed with the provider's words
      const s3 = await session(run, server, file, true);
      expect(s3.counts.error).toBe(failedPositions);
      const rejected = s3.samples.filter((s) => s.status === 'error');
      for (const s of rejected) {
        expect(s.error!.kind).toBe('bad-request');
        expect(s.error!.attempts).toBe(2);
        // Anthropic has no batch-wide failure: its server errors each request; Gemini's batch fails as a whole
        expect(s.error!.message).toMatch(
          provider === 'anthropic' ? /^x: invalid_request_error: .*failed/ : /^gemini batch \S+ failed: .+\.$/,
        );
      }

      const s4 = await session(run, server, file, true);
      expect(s4.counts).toEqual({ done: TOTAL, error: 0, harmful: TOTAL / 2 });
      expect(new Set(s4.samples.map((s) => s.id)).size).toBe(TOTAL);
      expect(server.book.submitted.length).toBe(TOTAL + expired + 2 * failedPositions);
      const done = s4.samples.find((s) => s.conditionId === CONDITIONS[0])!;
      expect(done).toMatchObject({ status: 'done', response: HARMFUL, modelId: 'test-model', finishReason: 'stop' });
      expect(done.usage?.inputTokens).toBeGreaterThan(1000);
      expect(done.timings).toEqual({ startedAt: expect.any(String), totalMs: 0 });
    } finally {
      await server.close();
    }
  });
});
