// The experiment CLI in batch mode (spawned) against the local OpenAI Batch API: submit, Ctrl-C while polling, resume, retry.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIBatchServer, type BatchTestServer } from '../../servers/batch-openai';
import { BENIGN, HARMFUL, readBundle, readJournal, runCli, until, verdicts } from './spawn';

const KEY = 'sk-test-batch-0123456789abcdefSECRET';
const CONDITIONS = ['blackmail_explicit-america_replacement', 'blackmail_none-none_replacement'];
const SAMPLES = 6;
const TOTAL = CONDITIONS.length * SAMPLES;
let server: BatchTestServer;
let dir: string;

beforeAll(async () => {
  server = await startOpenAIBatchServer({
    requireKey: KEY,
    pollsBeforeEnd: 2,
    // batch 1 fails every third request; the retry of those expires half-way; the re-queued rest succeeds
    outcomes: ['partial', 'expired', 'ok'],
    reply: (b) => ((b as { seed: number }).seed % 2 === 0 ? HARMFUL : BENIGN),
  });
  dir = mkdtempSync(join(tmpdir(), 'aml-cli-batch-'));
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run experiment --batch (OpenAI Batch API)', () => {
  it('submits, stops polling on Ctrl-C, resumes from the journal, re-queues expired requests and retries failures', async () => {
    const out = join(dir, 'batch.bundle.json');
    const journal = `${out}.journal.jsonl`;
    const env = { OPENAI_API_KEY: KEY };
    const submit = await runCli(
      [
        ...['--engine', 'openai:gpt-4.1-mini', '--base-url', `${server.url}/v1`, '--batch', '--no-wait'],
        ...['--conditions', CONDITIONS.join(','), '--samples', String(SAMPLES), '--seed', '0', '--out', out],
      ],
      env,
    ).done;
    expect(submit.stderr).toBe('');
    expect(submit.code).toBe(0);
    expect(submit.stdout).toContain(`Submitted batch batch_1 with ${TOTAL} request(s).`);
    expect(submit.stdout).toMatch(/at batch price \(50% of list\)/);
    expect(
      readJournal(journal)
        .lines.filter((l) => l.t === 'batch')
        .map((l) => l.batch!.id),
    ).toEqual(['batch_1']);
    expect(readBundle(out).samples).toHaveLength(0);
    // the request lines carry the sample ids as custom_id and the streaming body without stream switches
    const upload = server.requests.find((r) => r.path === '/v1/files')!;
    expect(String(upload.body)).toContain('"custom_id":"run-');
    expect(String(upload.body)).toContain('"url":"/v1/chat/completions"');

    // polling: Ctrl-C after the first in-progress poll leaves the batch running and the journal resumable
    const polling = runCli(['--resume', out, '--poll-seconds', '30'], env);
    await until(() => polling.out.stdout.includes('Batch batch_1: 0/12 finished.'), 'first poll');
    polling.child.kill('SIGINT');
    const stopped = await polling.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stdout).toContain(`Continue with: npm run experiment -- --resume ${out}`);

    const collect = await runCli(['--resume', out, '--poll-seconds', '0'], env).done;
    expect(collect.code).toBe(1); // four samples failed
    expect(collect.stdout).toContain('Batch batch_1 ended: 12 result(s) stored.');
    expect(collect.stdout).toContain(
      `To run the failed samples again: npm run experiment -- --resume ${out} --retry-failed`,
    );
    expect(verdicts(readBundle(out).samples)).toMatchObject({ done: 8, error: 4 });

    const retry = await runCli(['--resume', out, '--poll-seconds', '0', '--retry-failed'], env).done;
    expect(retry.stderr).toBe('');
    expect(retry.code).toBe(0);
    expect(retry.stdout).toContain(
      'Batch batch_2 expired: 2 result(s) stored, 2 request(s) expired or unanswered, queued again.',
    );
    expect(retry.stdout).toContain('Submitted batch batch_3 with 2 request(s).');
    const all = readJournal(journal).samples;
    const latest = new Map(all.map((s) => [s.id, s]));
    expect(latest.size).toBe(TOTAL);
    const bundle = readBundle(out);
    expect(bundle.runs[0].batch).toBe(true); // the run says its samples came through the batch API
    expect(bundle.runs[0].status).toBe('done');
    expect(verdicts(bundle.samples)).toEqual({ done: TOTAL, error: 0, harmful: TOTAL / 2 });
    // each sample was sent once, the 4 failures once more, the 2 expired of those a third time
    expect(server.book.submitted.length).toBe(TOTAL + 4 + 2);
    expect(new Set(server.book.submitted).size).toBe(TOTAL);
    for (const text of [
      submit.stdout,
      collect.stdout,
      retry.stdout,
      readFileSync(out, 'utf8'),
      readFileSync(journal, 'utf8'),
    ])
      expect(text).not.toContain(KEY);
  }, 90_000);

  it('--resume --cancel cancels the open batch at the provider, stores its answers, and a later --resume submits the rest', async () => {
    const own = await startOpenAIBatchServer({ requireKey: KEY, pollsBeforeEnd: 3 });
    try {
      const out = join(dir, 'cancel.bundle.json');
      const env = { OPENAI_API_KEY: KEY };
      const argv = ['--engine', 'openai:gpt-4.1-mini', '--base-url', `${own.url}/v1`, '--batch', '--no-wait'];
      const conds = ['--conditions', CONDITIONS.join(','), '--samples', String(SAMPLES), '--out', out];
      expect((await runCli([...argv, ...conds], env).done).code).toBe(0);

      const misuse = await runCli([...argv.slice(0, -1), ...conds, '--cancel'], env).done;
      expect(misuse.code).toBe(2);
      expect(misuse.stderr).toContain('give it with --resume FILE');

      const cancel = await runCli(['--resume', out, '--cancel', '--poll-seconds', '0'], env).done;
      expect(cancel.stderr).toBe('');
      expect(cancel.code).toBe(0);
      expect(cancel.stdout).toContain('Asked openai to cancel batch batch_1.');
      expect(cancel.stdout).toContain(
        'Batch batch_1 cancelled: 6 result(s) stored, 6 request(s) cancelled before an answer (not queued again).',
      );
      expect(cancel.stdout).toContain(
        `6 sample(s) still missing; to submit them again: npm run experiment -- --resume ${out}`,
      );
      expect(own.book.cancelled).toEqual(['batch_1']);
      expect(own.requests.filter((r) => r.method === 'POST' && r.path === '/v1/batches/batch_1/cancel')).toHaveLength(
        1,
      );
      const cancelled = readBundle(out);
      expect(cancelled.runs[0].status).toBe('cancelled');
      expect(cancelled.samples).toHaveLength(6);
      expect(own.book.submitted).toHaveLength(TOTAL);

      const rest = await runCli(['--resume', out, '--poll-seconds', '0'], env).done;
      expect(rest.code).toBe(0);
      expect(rest.stdout).toContain('Submitted batch batch_2 with 6 request(s).');
      const bundle = readBundle(out);
      expect(bundle.runs[0].status).toBe('done');
      expect(new Set(bundle.samples.map((s) => s.id)).size).toBe(TOTAL);
      expect(own.book.submitted).toHaveLength(TOTAL + 6);
      expect(new Set(own.book.submitted).size).toBe(TOTAL);
    } finally {
      await own.close();
    }
  }, 90_000);
});
