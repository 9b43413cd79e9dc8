// App state for runs: the stored list, live progress and streamed text of active runs, start/pause/resume/cancel.
import type { Run } from '../core/types';
import { RunController } from '../runner/controller';
import { createRuns, nowDate, type ExperimentDef } from '../runner/experiment';
import { isUnfinished } from '../runner/plan';
import type { RunProgress } from '../runner/types';
import { countSamples, deleteRun, listRuns, loadSummaries, putRun, requestPersistence } from '../storage/db';
import { RunTally } from '../runner/live-tally';
import { LiveRun, type RunDriver } from './live-run.svelte';
import * as db from '../storage/db';
import { APP_VERSION } from '../config/version';
import { BatchDriver, type BatchDriverDeps } from './batch-driver';

export { LiveRun, type LiveStream, type RunDriver } from './live-run.svelte';

/** Ask for persistent storage before runs of at least this many samples. */
const PERSIST_FROM = 200;

/** How the app turns a stored run into an engine and prompts; supplied by src/lib/state/run-env.ts. */
export interface RunEnvironment {
  controllerDeps(run: Run): Promise<Omit<import('../runner/types').RunnerDeps, 'store'>>;
  /** batch-mode runs: prompts, classifier and the provider's batch client */
  batchDeps(run: Run): Promise<Omit<BatchDriverDeps, 'store'>>;
  /** the run's engine is set up here and its key (if it needs one) is known: it can resume without asking */
  readyToResume(run: Run): boolean;
}

/** Events kept for a batch run's log on the run view. */
const EVENT_CAP = 50;

function emptyProgress(runId: string): RunProgress {
  return {
    runId,
    status: 'pending',
    total: 0,
    done: 0,
    failed: 0,
    remaining: 0,
    inFlight: [],
    inputTokens: 0,
    outputTokens: 0,
    elapsedMs: 0,
  };
}

export class RunsState {
  runs = $state<Run[]>([]);
  loaded = $state(false);
  error = $state('');
  live = $state<Record<string, LiveRun>>({});
  /** ids of runs another tab of this site is driving right now (Web Locks), never started here */
  elsewhere = $state<string[]>([]);
  /** runs left running or paused when the page went away, offered for resumption */
  unfinished = $derived(this.runs.filter((r) => isUnfinished(r) && !this.live[r.id] && !this.elsewhere.includes(r.id)));
  #env: () => Promise<RunEnvironment>;
  /** batch runs this page resumed polling on its own (once each; not reactive state) */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #polled = new Set<string>();

  constructor(env: () => Promise<RunEnvironment>) {
    this.#env = env;
  }

  async refresh(): Promise<void> {
    try {
      this.runs = await listRuns();
      this.elsewhere = await heldRunLocks();
      this.loaded = true;
    } catch (e) {
      this.error = `Could not read stored runs (${message(e)}). Reload the page.`;
      return;
    }
    await this.#resumePolling();
  }

  /** Batch runs left polling when the page went away resume polling by themselves (polling costs nothing). */
  async #resumePolling(): Promise<void> {
    const waiting = this.runs.filter(
      (r) => r.batch && r.status === 'running' && !this.live[r.id] && !this.elsewhere.includes(r.id),
    );
    if (!waiting.length) return;
    const env = await this.#env();
    for (const r of waiting)
      if (!this.#polled.has(r.id) && env.readyToResume(r)) {
        this.#polled.add(r.id);
        void this.start(r.id);
      }
  }

  run(id: string): Run | undefined {
    return this.runs.find((r) => r.id === id);
  }

  /** Create one run per chosen engine, store them, and start them all. Returns the new runs. */
  async createAndStart(def: ExperimentDef): Promise<Run[]> {
    const runs = createRuns(def, { appVersion: APP_VERSION, now: nowDate() });
    const total = def.conditionIds.length * def.samplesPerCondition * def.engines.length;
    if (total >= PERSIST_FROM) await requestPersistence().catch(() => false);
    for (const r of runs) await putRun(r);
    await this.refresh();
    // API runs go in parallel; in-browser runs share one GPU, so they go one after another
    for (const r of runs) if (r.engine.kind !== 'webllm') void this.start(r.id);
    const inBrowser = runs.filter((r) => r.engine.kind === 'webllm');
    void (async () => {
      for (const r of inBrowser) await this.start(r.id);
    })();
    return runs;
  }

  /** Start or resume a stored run (with `retryFailed`, failed samples run again too). */
  async start(id: string, opts: { retryFailed?: boolean } = {}): Promise<void> {
    if (this.live[id]?.controller?.active) return;
    const run = (await db.getRun(id)) ?? this.run(id);
    if (!run) {
      this.error = `There is no run ${id} in this browser.`;
      return;
    }
    let live: LiveRun;
    let controller: RunDriver;
    try {
      if (run.batch) {
        controller = await this.#batchDriver(run, () => live);
        live = new LiveRun(controller.progress, controller);
        this.live[id] = live;
        const ran = await withRunLock(id, () => controller.start(opts));
        if (!ran) await this.#markError(run, ELSEWHERE);
        await this.refresh();
        return;
      }
      const deps = await (await this.#env()).controllerDeps(run);
      controller = new RunController(
        run,
        { ...deps, store: db },
        {
          onProgress: (p) => {
            live.onProgress(p);
            this.#syncStatus(run.id, p.status);
          },
          onDelta: (sampleId, d) => live.onDelta(sampleId, d),
          onRestart: (sampleId, note, kind) => live.onRestart(sampleId, note, kind),
          onSample: (s) => live.onSample(s),
        },
      );
      const tally = new RunTally(run.conditionIds, run.samplesPerCondition);
      live = new LiveRun(controller.progress, controller, tally);
      // counts stored before this session; samples finished meanwhile keep their newer counts
      void loadSummaries({ runIds: [run.id] })
        .then(([sum]) => {
          if (sum) tally.addSummary(sum);
          live.onTallySeeded();
        })
        .catch(() => {});
    } catch (e) {
      await this.#markError(run, message(e));
      return;
    }
    this.live[id] = live;
    const ran = await withRunLock(id, () => controller.start(opts));
    if (!ran) await this.#markError(run, ELSEWHERE);
    live.flush();
    if (ran) live.streams = {};
    await this.refresh();
  }

  /** Poll a batch run's open batches now (batch runs only). */
  checkNow(id: string): void {
    const c = this.live[id]?.controller;
    if (c instanceof BatchDriver) c.checkNow();
  }

  async #batchDriver(run: Run, live: () => LiveRun): Promise<BatchDriver> {
    const deps = await (await this.#env()).batchDeps(run);
    const { done, error } = await countSamples(run.id);
    const total = run.conditionIds.length * run.samplesPerCondition;
    const start = { ...emptyProgress(run.id), status: run.status, total, done, failed: error };
    return new BatchDriver(
      run,
      { ...deps, store: db },
      {
        onProgress: (p) => {
          live().progress = p;
          this.#syncStatus(run.id, p.status);
        },
        onEvent: (line) => (live().events = [...live().events.slice(1 - EVENT_CAP), line]),
      },
      { ...start, remaining: total - done - error },
    );
  }

  pause(id: string): void {
    this.live[id]?.controller?.pause();
  }

  cancel(id: string): void {
    this.live[id]?.controller?.cancel();
  }

  /** Stored counts for a run that is not live (for lists). */
  counts(id: string): Promise<{ done: number; error: number }> {
    return countSamples(id);
  }

  async remove(id: string): Promise<void> {
    this.live[id]?.controller?.cancel();
    delete this.live[id];
    await deleteRun(id);
    // space was freed: record the stopped status of runs a full disk left marked 'running'
    for (const l of Object.values(this.live)) await l.controller?.saveStatus();
    await this.refresh();
  }

  #syncStatus(id: string, status: Run['status']): void {
    const r = this.runs.find((x) => x.id === id);
    if (r && r.status !== status) r.status = status;
  }

  /** A run that cannot start (no engine, no key, bad pack) shows the reason where its progress would be. */
  async #markError(run: Run, msg: string): Promise<void> {
    const { done, error } = await countSamples(run.id).catch(() => ({ done: 0, error: 0 }));
    const total = run.conditionIds.length * run.samplesPerCondition;
    this.live[run.id] = new LiveRun({
      ...emptyProgress(run.id),
      status: run.status,
      total,
      done,
      failed: error,
      remaining: total - done - error,
      message: msg,
    });
  }
}

const ELSEWHERE =
  'This run is running in another tab of this site. Continue it there, or close that tab and resume here.';
const LOCK_PREFIX = 'aml-run:';

/** Run `fn` holding this run's Web Lock, so two tabs never drive one run; false when another tab holds it. */
async function withRunLock(id: string, fn: () => Promise<unknown>): Promise<boolean> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) {
    await fn();
    return true;
  }
  return locks.request(`${LOCK_PREFIX}${id}`, { ifAvailable: true }, async (lock) => {
    if (!lock) return false;
    await fn();
    return true;
  });
}

/** Run ids whose lock is held (by this tab or another). */
async function heldRunLocks(): Promise<string[]> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks?.query) return [];
  const { held = [] } = await locks.query().catch(() => ({ held: [] }));
  return held.flatMap((l) => (l.name?.startsWith(LOCK_PREFIX) ? [l.name.slice(LOCK_PREFIX.length)] : []));
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export const runsState = new RunsState(async () => (await import('./run-env')).runEnvironment);
