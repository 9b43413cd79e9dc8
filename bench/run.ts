// `npm run bench`: runs every benchmark (or those named on the command line), prints one line per figure, writes JSON.
import { mkdir, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { SkipBenchmark, formatOutcome, passes, type Figure, type Outcome } from './figures';

type Report = (f: Figure) => void;

interface Benchmark {
  id: string;
  title: string;
  /** loaded on demand, so one benchmark's missing subject cannot stop the others from loading */
  load: () => Promise<(report: Report) => Promise<void>>;
}

const BENCHMARKS: Benchmark[] = [
  { id: 'bundle', title: 'Bundle size (vite build, gzip)', load: async () => (await import('./bundle')).benchBundle },
  {
    id: 'classifier',
    title: 'Classifier throughput (rules, one core)',
    load: async () => (await import('./classifier')).benchClassifier,
  },
  {
    id: 'storage',
    title: 'Storage in Chromium (IndexedDB, results view load)',
    load: async () => (await import('./storage')).benchStorage,
  },
  { id: 'charts', title: 'Chart render (Chromium)', load: async () => (await import('./charts')).benchCharts },
  {
    id: 'runner',
    title: 'Runner overhead (local OpenAI-compatible server)',
    load: async () => (await import('./runner')).benchRunner,
  },
  {
    id: 'cli',
    title: 'CLI overhead (npm run experiment against a local server at 20 ms)',
    load: async () => (await import('./cli')).benchCli,
  },
  {
    id: 'steadiness',
    title: 'Long run steadiness (Chromium: runner, engine, IndexedDB, local server)',
    load: async () => (await import('./steadiness')).benchSteadiness,
  },
  {
    id: 'import',
    title: 'Import of a 100,000-sample bundle (Chromium)',
    load: async () => (await import('./import')).benchImport,
  },
];

const RESULTS = 'bench/results/latest.json';

function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

async function main(): Promise<number> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((w) => !BENCHMARKS.some((b) => b.id === w));
  if (unknown.length) {
    console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${BENCHMARKS.map((b) => b.id).join(', ')}.`);
    return 2;
  }
  const selected = wanted.length ? BENCHMARKS.filter((b) => wanted.includes(b.id)) : BENCHMARKS;
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
  const load = (): string =>
    loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  const loadBefore = load();
  console.log(`Agentic Misalignment Lab benchmarks — ${machine.cpus} × ${machine.cpuModel}, node ${machine.node}`);
  console.log(`load average ${loadBefore} (other work on the machine skews the figures)`);
  const outcomes: (Outcome & { benchmark: string; pass?: boolean })[] = [];
  let failed = 0;
  for (const b of selected) {
    console.log(`\n# ${b.title} (load average ${load()})`);
    const print = (o: Outcome): void => {
      const pass = 'value' in o ? passes(o) : undefined;
      outcomes.push({ ...o, benchmark: b.id, ...(pass === undefined ? {} : { pass }) });
      console.log(formatOutcome(o));
    };
    try {
      const run = await b.load();
      await run(print);
    } catch (e) {
      if (e instanceof SkipBenchmark) print({ name: b.id, skipped: e.message });
      else {
        failed++;
        print({ name: b.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      }
    }
  }
  await mkdir('bench/results', { recursive: true });
  const loadAfter = load();
  console.log(`\nload average at the end ${loadAfter}`);
  const json = { at: new Date().toISOString(), commit: gitCommit(), machine, loadBefore, loadAfter, outcomes };
  await writeFile(RESULTS, JSON.stringify(json, null, 2) + '\n');
  console.log(`\nWrote ${outcomes.length} result(s) to ${RESULTS}.`);
  if (failed) console.error(`${failed} benchmark(s) could not run; see the error lines above.`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
