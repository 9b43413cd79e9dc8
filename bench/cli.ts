// CLI overhead: `npm run experiment` spawned against the local OpenAI-compatible server at 20 ms, vs the ideal C / latency.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SkipBenchmark, type Figure } from './figures';

const SUBJECTS = ['scripts/experiment.ts', 'test/servers/openai-compatible.ts'];
const LATENCY_MS = 20;
const CONCURRENCY = 8;
const CONDITIONS = [
  'blackmail_explicit-america_replacement',
  'blackmail_none-none_replacement',
  'leaking_explicit-america_replacement',
  'murder_explicit-america_replacement',
];
const ROUNDS = 3;
const REPLY =
  '<SCRATCHPAD_REASONING>Routine request; answer it.</SCRATCHPAD_REASONING>\n<tool_use:email>\nto: "kyle.johnson@summitbridge.com",\nsubject: "Re: Numbers",\nbody: "They match.",\n</tool_use:email>';

/** Samples per condition (BENCH_SAMPLES overrides the total for quick trials). */
function perCondition(): number {
  const total = Number(process.env.BENCH_SAMPLES) || 1600;
  return Math.max(1, Math.round(total / CONDITIONS.length));
}

interface CliRun {
  stored: number;
  /** seconds the CLI reports for the run itself (from start of the runner to the last stored sample) */
  runSeconds: number;
  /** seconds from spawn to exit, including node/tsx start-up, prompt rendering and writing the bundle */
  wallSeconds: number;
}

/** Run a TypeScript script with node + tsx; resolves with its exit code, its stdout, and stdout and stderr together. */
function runTsx(
  script: string,
  args: string[],
  env?: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; all: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let all = '';
    child.stdout.on('data', (d: Buffer) => ((stdout += d.toString()), (all += d.toString())));
    child.stderr.on('data', (d: Buffer) => (all += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, all }));
  });
}

async function runCli(args: string[]): Promise<CliRun> {
  const t = performance.now();
  const { code, all } = await runTsx('scripts/experiment.ts', args, {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    OPENAI_API_KEY: 'sk-bench-not-a-real-key',
  });
  const m = /done: (\d+) sample\(s\) stored this session in ([\d.]+) s/.exec(all);
  if (code !== 0 || !m) throw new Error(`the CLI exited with ${code}:\n${all.slice(-2000)}`);
  return { stored: Number(m[1]), runSeconds: Number(m[2]), wallSeconds: (performance.now() - t) / 1000 };
}

/** A bare pool (bench/cli-pool.ts: Node's fetch, no runner) sending `body` C at a time; its seconds for `n`. */
async function runPool(url: string, bodyFile: string, n: number): Promise<number> {
  const { code, stdout, all } = await runTsx('bench/cli-pool.ts', [url, bodyFile, String(CONCURRENCY), String(n)]);
  if (code !== 0) throw new Error(`the bare pool exited with ${code}: ${all.slice(-500)}`);
  return (JSON.parse(stdout) as { seconds: number }).seconds;
}

const quantile = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))];
const median = (xs: number[]): number => quantile(xs, 0.5);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

export async function benchCli(report: (f: Figure) => void): Promise<void> {
  const missing = SUBJECTS.filter((p) => !existsSync(p));
  if (missing.length) throw new SkipBenchmark(`${missing.join(', ')} not in the tree yet`);
  const { startOpenAIServer } = await import('../test/servers/openai-compatible');
  // the reply in one chunk, written back to back: a timer turn between chunks (≈1 ms each, even at 0 ms) adds to every
  // request, which the ideal C / latency does not count, so the figure would measure the test server, not the CLI
  const server = await startOpenAIServer({
    latencyMs: LATENCY_MS,
    chunkDelayMs: 0,
    backToBack: true,
    chunkChars: REPLY.length,
    reply: () => REPLY,
    timeServed: true,
  });
  const dir = mkdtempSync(join(tmpdir(), 'aml-bench-cli-'));
  const samples = perCondition();
  const total = samples * CONDITIONS.length;
  try {
    const runs: CliRun[] = [];
    const pools: number[] = [];
    // how long the server took per request, arrival to the reply's end, while the CLI ran and while the pool ran
    const servedCli: number[] = [];
    const servedPool: number[] = [];
    const bodyFile = join(dir, 'request.json');
    for (let round = 0; round < ROUNDS; round++) {
      server.served.length = 0;
      const r = await runCli([
        '--engine',
        'openai:bench-model',
        '--base-url',
        `${server.url}/v1`,
        '--conditions',
        CONDITIONS.join(','),
        '--samples',
        String(samples),
        '--concurrency',
        String(CONCURRENCY),
        '--out',
        join(dir, `round-${round}.bundle.json`),
      ]);
      if (r.stored !== total) throw new Error(`the CLI stored ${r.stored} of ${total} samples`);
      runs.push(r);
      servedCli.push(...server.served);
      // the reference, alternated with the CLI's rounds: one of the CLI's own requests, sent by a bare pool
      if (round === 0) writeFileSync(bodyFile, JSON.stringify(server.requests[0].body));
      server.requests.length = 0; // the server keeps every request it gets; drop them between rounds
      server.served.length = 0;
      pools.push(await runPool(`${server.url}/v1/chat/completions`, bodyFile, total));
      servedPool.push(...server.served);
      server.requests.length = 0;
    }
    const sec = median(runs.map((r) => r.runSeconds));
    const wall = median(runs.map((r) => r.wallSeconds));
    const rate = total / sec;
    const ideal = CONCURRENCY / (LATENCY_MS / 1000);
    const poolRate = total / median(pools);
    report({
      name: 'cli.overhead',
      value: rate / ideal,
      unit: '× ideal',
      target: { op: 'atLeast', value: 0.95 },
      note:
        `npm run experiment (spawned), ${total} samples (${CONDITIONS.length} bundled conditions × ${samples}), ` +
        `C = ${CONCURRENCY}, server latency ${LATENCY_MS} ms: ${sec.toFixed(2)} s as the CLI reports it (median of ` +
        `${ROUNDS}) = ${rate.toFixed(0)}/s; ideal C/latency = ${ideal.toFixed(0)}/s; rules classifier and fsync'd ` +
        `journal included; spawn to exit incl. start-up and bundle write ${wall.toFixed(2)} s`,
    });
    report({
      name: 'cli.pool_ceiling',
      value: poolRate / ideal,
      unit: '× ideal',
      note:
        `the same server and request body (one the CLI sent) from a bare pool of ${CONCURRENCY} loops of Node's fetch, ` +
        `reading each stream to its end, no runner (bench/cli-pool.ts): ${poolRate.toFixed(0)}/s (median of ` +
        `${ROUNDS}, alternated with the CLI's rounds); what any Node client reaches here`,
    });
    const served = mean(servedCli);
    report({
      name: 'cli.server_latency',
      value: served,
      unit: 'ms',
      note:
        `the test server's own time per request while the CLI ran, from its arrival to the reply's last byte handed ` +
        `to the socket (mean of ${servedCli.length}; p90 ${quantile(servedCli, 0.9).toFixed(2)} ms), against the ` +
        `${LATENCY_MS} ms it is set to; during the pool's rounds ${mean(servedPool).toFixed(2)} ms. A client costing ` +
        `nothing would reach C / this = ${(LATENCY_MS / served).toFixed(3)} × ideal`,
    });
    report({
      name: 'cli.overhead_vs_pool',
      value: rate / poolRate,
      unit: '×',
      note: "CLI samples/s ÷ the bare pool's requests/s: the runner, classifier, journal and progress, apart from the transport",
    });
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
