// `npm run experiment`: the site's runner, engines, prompts and classifier in Node, stored in a journal, written as a bundle.
import { EventEmitter } from 'node:events';
import { rename, writeFile } from 'node:fs/promises';
import { buildBundle } from '../src/lib/core/bundle/export';
import { runPrompts } from '../src/lib/core/scenario/index';
import { classifyRules } from '../src/lib/core/classify/rules';
import { lookupPrice } from '../src/lib/core/cost';
import { APP_VERSION } from '../src/lib/config/version';
import type { Run } from '../src/lib/core/types';
import { createEngine } from '../src/lib/engines/create';
import { createBatchClient } from '../src/lib/engines/batch/create';
import { redact } from '../src/lib/engines/errors';
import { getPreset } from '../src/lib/engines/presets';
import type { EngineConfig } from '../src/lib/engines/config';
import { BatchRunner } from '../src/lib/runner/batch-run';
import { RunController } from '../src/lib/runner/controller';
import { createRuns } from '../src/lib/runner/experiment';
import { planJobs } from '../src/lib/runner/plan';
import { preparerFor } from '../src/lib/runner/prepare';
import type { RunProgress } from '../src/lib/runner/types';
import { keyFor } from './lib/cli-key';
import { parseCli, sameExperiment, UsageError, USAGE, type CliOptions } from './lib/experiment-args';
import { loadExperimentPack } from './lib/experiment-pack';
import { JournalStore, journalPath, type ExperimentHeader } from './lib/journal';
import { estimateLine, progressLine, type CostBasis } from './lib/progress';

let secret: string | undefined;
const say = (s: string) => process.stdout.write(`${redact(s, [secret])}\n`);
const fail = (s: string, code = 1): never => {
  process.stderr.write(`experiment: ${redact(s, [secret])}\n`);
  process.exit(code);
};

async function openJournal(
  o: CliOptions,
): Promise<{ journal: JournalStore; header: ExperimentHeader; fresh: boolean }> {
  const journal = await JournalStore.open(journalPath(o.out));
  if (journal.recovered.droppedBytes)
    say(
      `Journal: dropped a torn last record (${journal.recovered.droppedBytes} bytes) left by a crash; it was never stored.`,
    );
  if (o.resume) {
    if (!journal.header)
      fail(`there is no journal at ${journal.path} to resume (was the run started with --out ${o.out}?)`, 2);
    return { journal, header: journal.header!, fresh: false };
  }
  const header = o.header!;
  if (journal.header) {
    if (!sameExperiment(journal.header, header))
      fail(`${journal.path} holds a different experiment; use --resume ${o.out}, or choose another --out`, 2);
    say(`Resuming the experiment in ${journal.path}.`);
    return { journal, header: journal.header, fresh: false };
  }
  return { journal, header, fresh: true };
}

async function writeBundle(out: string, journal: JournalStore): Promise<void> {
  const bundle = buildBundle(journal.run ? [journal.run] : [], journal.samples(), {
    appVersion: APP_VERSION,
    label: `npm run experiment (${journal.header?.provider}:${journal.header?.model})`,
  });
  const tmp = `${out}.tmp-${process.pid}`;
  await writeFile(tmp, JSON.stringify(bundle));
  await rename(tmp, out);
}

/** Progress on a terminal: one line rewritten in place; otherwise a plain line every few seconds and at the end. */
function progressPrinter(basis: CostBasis) {
  const tty = process.stdout.isTTY;
  let last = 0;
  let startDone = -1;
  let latest: RunProgress | undefined;
  const line = (p: RunProgress) => progressLine(p, p.done + p.failed - startDone, basis);
  return {
    update(p: RunProgress) {
      if (startDone < 0) startDone = p.done + p.failed;
      latest = p;
      const now = Date.now();
      if (now - last < (tty ? 250 : 5000)) return;
      last = now;
      if (tty) process.stdout.write(`\r\x1b[2K${line(p)}`);
      else say(line(p));
    },
    end() {
      if (tty && last) process.stdout.write('\n');
      if (latest) say(line(latest));
      return latest;
    },
    stored: () => (latest ? latest.done + latest.failed - Math.max(0, startDone) : 0),
  };
}

async function main(): Promise<number> {
  let o: CliOptions | 'help';
  try {
    o = parseCli(process.argv.slice(2));
  } catch (e) {
    return fail(`${(e as Error).message}\n\n${USAGE}`, 2);
  }
  if (o === 'help') {
    say(USAGE);
    return 0;
  }
  const { journal, header, fresh } = await openJournal(o);
  if (o.cancel && !header.batch)
    return fail('--cancel is for batch runs; a streaming run stops with Ctrl-C (and --resume continues it)', 2);
  const preset = getPreset(header.provider);
  const k = keyFor(header.provider, process.env);
  secret = k.key;
  if (preset.needsKey && !k.key)
    return fail(`${preset.label} needs an API key: set ${k.names.join(' or ')} in the environment`, 2);
  const pack = loadExperimentPack(header.pack);
  if (fresh) await journal.writeHeader(header);
  let run: Run | undefined = journal.run;
  if (!run) {
    [run] = createRuns(
      {
        name: header.name,
        conditionIds: header.conditionIds,
        engines: [
          {
            id: `${header.provider}:${header.model}`,
            label: `${preset.label} ${header.model}`,
            descriptor: { kind: preset.kind, provider: preset.id, model: header.model, baseUrl: header.baseUrl },
            concurrency: header.concurrency,
          },
        ],
        samplesPerCondition: header.samples,
        params: header.params,
        pack: { id: pack.id, hash: pack.hash },
        prompts: runPrompts(pack, header.conditionIds),
        ...(header.batch ? { batchEngineIds: [`${header.provider}:${header.model}`] } : {}),
      },
      { appVersion: APP_VERSION, now: new Date() },
    );
    run.source = { kind: 'local', label: 'command line (npm run experiment)' };
    await journal.putRun(run);
  }
  if (o.concurrency) run = { ...run, concurrency: o.concurrency };
  const prepare = preparerFor(run, pack);
  const config: EngineConfig = {
    id: `${header.provider}:${header.model}`,
    label: preset.label,
    descriptor: {
      kind: preset.kind,
      provider: preset.id,
      model: header.model,
      baseUrl: header.baseUrl ?? preset.baseUrl,
    },
    concurrency: run.concurrency,
  };
  const price = o.price ?? lookupPrice(header.model);
  const basis: CostBasis = {
    pricing: price,
    batch: header.batch,
    source: o.price ? 'prices from --price-in/--price-out' : price ? `list price of ${header.model}` : 'no known price',
  };
  const pending = planJobs(run, journal.samples(), o.retryFailed).length;
  say(
    `Run ${run.id}: ${preset.label} ${header.model}, ${run.conditionIds.length} condition(s) × ${run.samplesPerCondition} samples; key from ${k.from ?? 'nowhere (none needed)'}.`,
  );
  say(estimateLine(run.conditionIds.map(prepare), run.samplesPerCondition, pending, basis));
  say(`Journal: ${journal.path} (${journal.samples().length} sample(s) stored before this session).`);

  const stop = new AbortController();
  let onStop = () => {};
  let interrupted = false;
  const handler = () => {
    if (interrupted) process.exit(130); // second Ctrl-C: everything stored is already fsync'd
    interrupted = true;
    say('\nStopping: storing what finished (Ctrl-C again quits at once; stored samples are safe).');
    stop.abort();
    onStop();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  EventEmitter.defaultMaxListeners = Math.max(EventEmitter.defaultMaxListeners, run.concurrency * 2 + 16);
  const printer = progressPrinter(basis);
  const t0 = performance.now();
  let outcome: string;
  let message: string | undefined;
  if (header.batch) {
    const runner = new BatchRunner(
      run,
      { prepare, classify: classifyRules, store: journal, client: createBatchClient(config, k.key) },
      {
        pollMs: o.pollMs,
        wait: o.wait,
        retryFailed: o.retryFailed,
        cancel: o.cancel,
        signal: stop.signal,
        onEvent: say,
        onProgress: printer.update,
      },
    );
    outcome = await runner.start();
  } else {
    const controller = new RunController(
      run,
      { prepare, engine: createEngine(config, k.key, { sendAtOnce: true }), classify: classifyRules, store: journal },
      { onProgress: printer.update },
    );
    onStop = () => controller.pause();
    outcome = await controller.start({ retryFailed: o.retryFailed });
    message = controller.progress.message;
  }
  const seconds = (performance.now() - t0) / 1000;
  const last = printer.end();
  await writeBundle(o.out, journal);
  await journal.close();
  const stored = printer.stored();
  say(
    `${outcome}: ${stored} sample(s) stored this session in ${seconds.toFixed(2)} s (${(stored / seconds).toFixed(1)}/s).`,
  );
  if (message) say(message);
  say(`Wrote ${o.out} (${journal.samples().length} sample(s)); open it on the site's Data page.`);
  const resume = `npm run experiment -- --resume ${o.out}`;
  if (outcome === 'submitted' || outcome === 'paused') say(`Continue with: ${resume}`);
  if (outcome === 'cancelled') {
    const missing = planJobs(run, journal.samples(), false).length;
    if (missing) say(`${missing} sample(s) still missing; to submit them again: ${resume}`);
    return interrupted ? 130 : 0;
  }
  if (outcome === 'paused' || interrupted) return 130;
  if (outcome === 'submitted') return 0;
  if (outcome !== 'done' || (last?.failed ?? 0) > 0) {
    if ((last?.failed ?? 0) > 0) say(`To run the failed samples again: ${resume} --retry-failed`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => fail(e instanceof UsageError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)),
);
