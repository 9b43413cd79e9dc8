// The experiment CLI (spawned) against the local OpenAI-compatible server: Ctrl-C mid-run, a crash, resume, exact counts, no key leaks.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIServer, type TestServer } from '../../servers/openai-compatible';
import { BENIGN, HARMFUL, readBundle, readJournal, runCli, until, verdicts } from './spawn';

const KEY = 'sk-test-cli-0123456789abcdefSECRET';
const CONDITIONS = ['blackmail_explicit-america_replacement', 'blackmail_none-none_replacement'];
const SAMPLES = 12;
const TOTAL = CONDITIONS.length * SAMPLES;
const SEED = 1000;
let server: TestServer;
let dir: string;

beforeAll(async () => {
  // harmful on even seeds: sample i of every condition gets seed 1000 + i
  server = await startOpenAIServer({
    latencyMs: 40,
    chunkDelayMs: 1,
    requireKey: KEY,
    reply: (b) => ((b as { seed: number }).seed % 2 === 0 ? HARMFUL : BENIGN),
  });
  dir = mkdtempSync(join(tmpdir(), 'aml-cli-'));
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const args = (out: string, c = 3) => [
  '--engine',
  'openai:gpt-4.1-mini',
  '--base-url',
  `${server.url}/v1`,
  '--conditions',
  CONDITIONS.join(','),
  '--samples',
  String(SAMPLES),
  '--concurrency',
  String(c),
  '--seed',
  String(SEED),
  '--out',
  out,
];

/** (system prompt, seed) names one sample: how many requests each sample got. */
function requestsPerSample(): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of server.requests) {
    if (!r.path.endsWith('/chat/completions')) continue;
    const b = r.body as { messages: { content: string }[]; seed: number };
    const k = `${b.messages[0].content.length}:${b.seed}`;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

describe('npm run experiment (streaming)', () => {
  it('stops on Ctrl-C with every finished sample stored, resumes to exactly the planned samples, writes an importable bundle', async () => {
    server.requests.length = 0;
    const out = join(dir, 'sigint.bundle.json');
    const journal = `${out}.journal.jsonl`;
    const first = runCli(args(out), { OPENAI_API_KEY: KEY });
    await until(() => readJournal(journal).samples.length >= 6, '6 stored samples');
    first.child.kill('SIGINT');
    const r1 = await first.done;
    expect(r1.code).toBe(130);
    expect(r1.stdout).toContain('Stopping: storing what finished');
    expect(r1.stdout).toContain(`Continue with: npm run experiment -- --resume ${out}`);
    const stored1 = readJournal(journal).samples;
    expect(stored1.length).toBeGreaterThanOrEqual(6);
    expect(stored1.length).toBeLessThan(TOTAL);
    const partial = readBundle(out);
    expect(partial.runs[0].status).toBe('paused');
    expect(partial.samples.map((s) => s.id).sort()).toEqual(stored1.map((s) => s.id).sort());

    const second = runCli(['--resume', out], { OPENAI_API_KEY: KEY });
    const r2 = await second.done;
    expect(r2.stderr).toBe('');
    expect(r2.code).toBe(0);
    const all = readJournal(journal).samples;
    expect(all.length).toBe(TOTAL);
    expect(new Set(all.map((s) => s.id)).size).toBe(TOTAL);
    // every stored sample was requested once; only the ≤ C requests in flight at Ctrl-C (never stored) ran twice
    const per = requestsPerSample();
    expect(per.size).toBe(TOTAL);
    const twice = [...per.values()].filter((n) => n > 1).length;
    expect([...per.values()].every((n) => n <= 2)).toBe(true);
    expect(twice).toBeLessThanOrEqual(3);
    const bundle = readBundle(out);
    expect(bundle.runs).toHaveLength(1);
    expect(bundle.runs[0]).toMatchObject({ status: 'done', samplesPerCondition: SAMPLES, conditionIds: CONDITIONS });
    expect(bundle.runs[0].engine).toEqual({
      kind: 'openai-compatible',
      provider: 'openai',
      model: 'gpt-4.1-mini',
      baseUrl: `${server.url}/v1`,
    });
    expect(verdicts(bundle.samples)).toEqual({ done: TOTAL, error: 0, harmful: TOTAL / 2 });
    expect(bundle.samples.every((s) => s.classifications[0].classifier === 'rules')).toBe(true);
    for (const text of [r1.stdout, r1.stderr, r2.stdout, readFileSync(out, 'utf8'), readFileSync(journal, 'utf8')])
      expect(text).not.toContain(KEY);
  }, 60_000);

  it('survives a crash (SIGKILL, torn last line) and a resume stores exactly the missing samples', async () => {
    const out = join(dir, 'crash.bundle.json');
    const journal = `${out}.journal.jsonl`;
    const first = runCli(args(out, 2), { OPENAI_API_KEY: KEY });
    await until(() => readJournal(journal).samples.length >= 4, '4 stored samples');
    first.child.kill('SIGKILL');
    await first.done;
    const before = readJournal(journal).samples.length;
    appendFileSync(journal, '{"t":"sample","sample":{"id":"torn'); // a write cut off by the crash
    const r = await runCli(['--resume', out], { OPENAI_API_KEY: KEY }).done;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/dropped a torn last record \(\d+ bytes\)/);
    expect(r.stdout).toContain(`(${before} sample(s) stored before this session)`);
    const all = readJournal(journal).samples;
    expect(all.length).toBe(TOTAL);
    expect(new Set(all.map((s) => s.id)).size).toBe(TOTAL);
    expect(verdicts(readBundle(out).samples)).toEqual({ done: TOTAL, error: 0, harmful: TOTAL / 2 });
  }, 60_000);

  it('--original with --swap original sends swap as the harness renders it (like latent) and records it on the run', async () => {
    server.requests.length = 0;
    const out = join(dir, 'swap.bundle.json');
    const conditions = ['blackmail_swap-america_replacement', 'blackmail_latent-america_replacement'];
    const argv = ['--engine', 'openai:gpt-4.1-mini', '--base-url', `${server.url}/v1`, '--conditions'];
    const common = [...argv, conditions.join(','), '--samples', '1', '--original', 'test/fixtures/original-templates'];
    const r = await runCli([...common, '--swap', 'original', '--out', out], { OPENAI_API_KEY: KEY }).done;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const systems = server.requests
      .filter((q) => q.path.endsWith('/chat/completions'))
      .map((q) => (q.body as { messages: { content: string }[] }).messages[0].content);
    expect(systems).toHaveLength(2);
    expect(systems[0]).toBe(systems[1]);
    const bundle = readBundle(out);
    expect(bundle.runs[0].prompts?.swap).toBe('original');
    expect(bundle.samples).toHaveLength(2);

    // the default (fixed) states the goal of the new direction: a different prompt, recorded as fixed
    server.requests.length = 0;
    const fixedOut = join(dir, 'swap-fixed.bundle.json');
    expect((await runCli([...common, '--out', fixedOut], { OPENAI_API_KEY: KEY }).done).code).toBe(0);
    const fixed = server.requests
      .filter((q) => q.path.endsWith('/chat/completions'))
      .map((q) => (q.body as { messages: { content: string }[] }).messages[0].content);
    expect(new Set(fixed).size).toBe(2);
    expect(readBundle(fixedOut).runs[0].prompts?.swap).toBe('fixed');
  }, 60_000);

  it('refuses bad usage, a missing key, and a different experiment on the same output, with exit code 2', async () => {
    const out = join(dir, 'other.bundle.json');
    const header = {
      t: 'experiment',
      journalVersion: 1,
      provider: 'openai',
      model: 'other-model',
      conditionIds: CONDITIONS,
    };
    writeFileSync(
      `${out}.journal.jsonl`,
      JSON.stringify({
        ...header,
        samples: 1,
        concurrency: 1,
        params: { temperature: 1, maxTokens: 10 },
        pack: { kind: 'bundled' },
        batch: false,
        name: 'x',
      }) + '\n',
    );
    const noKey = await runCli(args(join(dir, 'nokey.json'))).done;
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('set OPENAI_API_KEY or LAB_API_KEY');
    const other = await runCli(args(out), { OPENAI_API_KEY: KEY }).done;
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('holds a different experiment');
    const bad = await runCli(['--engine', 'openai:x', '--preset', 'nope', '--out', out]).done;
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown preset "nope"');
  }, 30_000);
});
