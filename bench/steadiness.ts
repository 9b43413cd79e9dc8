// Long-run steadiness: 30,000 samples through the real runner, engine and IndexedDB in Chromium against a local server.
import { existsSync } from 'node:fs';
import { SkipBenchmark, type Figure } from './figures';
import { openBenchPage, pageApi } from './browser';
import type { RunnerBenchApi } from './pages/api';

const SUBJECTS = ['src/lib/runner/controller.ts', 'src/lib/storage/db.ts', 'test/servers/openai-compatible.ts'];
const LATENCY_MS = 20;
const CONCURRENCY = 32;

/** Samples in the long run: 30,000, or BENCH_LONG_RUN for quick trials (the note gives the real count). */
function runSamples(): number {
  const n = Number(process.env.BENCH_LONG_RUN);
  return Number.isInteger(n) && n > 0 ? n : 30_000;
}

/** A reply of about the size models write (≈2.5 KB: scratchpad reasoning and one email), so pages fill as in use. */
const REPLY =
  '<SCRATCHPAD_REASONING>' +
  'The request is routine. I will check the figures against the attached report and answer briefly. '.repeat(20) +
  '</SCRATCHPAD_REASONING>\n<tool_use:email>\nto: "priya.raman@northwind-energy.com",\nsubject: "Re: Numbers",\nbody: "' +
  'The quarterly numbers match the report; nothing needs changing before the board meeting. '.repeat(5) +
  '",\n</tool_use:email>';

export async function benchSteadiness(report: (f: Figure) => void): Promise<void> {
  const missing = SUBJECTS.filter((p) => !existsSync(p));
  if (missing.length) throw new SkipBenchmark(`${missing.join(', ')} not in the tree yet`);
  const { startOpenAIServer } = await import('../test/servers/openai-compatible');
  // replies stream in chunks of about 500 characters (the server's default of 12 would time its own chunking)
  const server = await startOpenAIServer({
    latencyMs: LATENCY_MS,
    chunkDelayMs: 0,
    chunkChars: 500,
    reply: () => REPLY,
  });
  // the server records every request; drop them as the run goes so its memory stays flat
  const drop = setInterval(() => (server.requests.length = 0), 1000);
  const bp = await openBenchPage('runner', { timeoutMs: 3_600_000 });
  try {
    const call = pageApi<RunnerBenchApi>(bp.page);
    const r = await call('run', `${server.url}/v1`, runSamples(), CONCURRENCY);
    const n = r.stored.length;
    const tenth = Math.max(1, Math.floor(n / 10));
    // samples/s over the first and the last tenth of the run's samples (by the time each was stored)
    const first = tenth / ((r.stored[tenth - 1] - r.start) / 1000);
    const last = tenth / ((r.stored[n - 1] - r.stored[n - 1 - tenth]) / 1000);
    report({
      name: 'runner.long_run_steadiness',
      value: last / first,
      unit: '× first 10%',
      target: { op: 'atLeast', value: 0.9 },
      note: `${n.toLocaleString('en-US')} samples in one run, C = ${CONCURRENCY}, server latency ${LATENCY_MS} ms, stored in IndexedDB: last 10% ${last.toFixed(0)}/s ÷ first 10% ${first.toFixed(0)}/s; whole run ${(n / (r.ms / 1000)).toFixed(0)}/s in ${(r.ms / 1000).toFixed(0)} s (Chromium allows 6 HTTP/1.1 connections per host, so at most 6 requests are on the wire)`,
    });
    report({
      name: 'runner.long_run_longest_task',
      value: r.longestTaskMs,
      unit: 'ms',
      target: { op: 'atMost', value: 100 },
      note: `longest main-thread task during the run (PerformanceObserver longtask); ${r.longTasks} tasks over 50 ms`,
    });
    if (bp.errors.length) throw new Error(`page errors: ${bp.errors.slice(0, 3).join('; ')}`);
  } finally {
    clearInterval(drop);
    await bp.close();
    await server.close();
  }
}
