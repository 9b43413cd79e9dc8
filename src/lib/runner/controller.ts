// Runs one Run: a pool of workers over the missing samples, each stored the moment it is classified; pause, cancel, resume.
import type { Run, Sample } from '../core/types';
import { toEngineError } from '../engines/errors';
import { estimateTokens } from '../core/cost';
import { errorText, FATAL, storageMessage, UNSAVED_STATUS, withAction } from './outcomes';
import { generateSample, type GenerateContext } from './generate';
import { countStored, planJobs, tally, type Job } from './plan';
import type { PreparedCondition, RetryWait, RunnerDeps, RunnerOptions, RunOutcome, RunProgress } from './types';

type Stop = { kind: 'pause' } | { kind: 'cancel' } | { kind: 'error'; message: string };

export class RunController {
  readonly run: Run;
  #deps: RunnerDeps;
  #opts: RunnerOptions;
  #now: () => number;
  #abort = new AbortController();
  #stop: Stop | null = null;
  #active = false;
  #progress: RunProgress;
  #inFlight = new Set<string>();
  #unsaved = false;
  #waiting = new Map<string, RetryWait>();

  constructor(run: Run, deps: RunnerDeps, opts: RunnerOptions = {}) {
    this.run = { ...run };
    this.#deps = deps;
    this.#opts = opts;
    this.#now = deps.now ?? Date.now;
    const total = run.conditionIds.length * run.samplesPerCondition;
    this.#progress = {
      runId: run.id,
      status: run.status,
      total,
      done: 0,
      failed: 0,
      remaining: total,
      inFlight: [],
      inputTokens: 0,
      outputTokens: 0,
      elapsedMs: 0,
    };
  }

  get progress(): RunProgress {
    return { ...this.#progress, inFlight: [...this.#inFlight], waiting: [...this.#waiting.values()] };
  }

  get active(): boolean {
    return this.#active;
  }

  /** Stop after aborting the samples in flight; they are not stored and run again on resume. */
  pause(): void {
    this.#halt({ kind: 'pause' });
  }

  cancel(): void {
    this.#halt({ kind: 'cancel' });
  }

  #halt(stop: Stop): void {
    if (!this.#active || this.#stop) return;
    this.#stop = stop;
    this.#abort.abort();
  }

  #emit(patch: Partial<RunProgress> = {}): void {
    Object.assign(this.#progress, patch);
    this.#opts.onProgress?.(this.progress);
  }

  async #setStatus(status: Run['status']): Promise<void> {
    this.run.status = status;
    this.run.updatedAt = new Date(this.#now()).toISOString();
    this.#progress.status = status;
    await this.#deps.store.putRun({ ...this.run });
  }

  /** The stopped status is not stored yet (storage was full); `saveStatus` stores it once space is free. */
  get statusUnsaved(): boolean {
    return this.#unsaved;
  }

  async #retryStatus(): Promise<boolean> {
    const sleep = this.#deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    for (let i = 0; i < 3; i++) {
      await sleep(250 * 2 ** i);
      if (await this.#writeStatus()) return true;
    }
    this.#unsaved = true;
    return false;
  }

  async #writeStatus(): Promise<boolean> {
    try {
      await this.#deps.store.putRun({ ...this.run });
      return true;
    } catch {
      return false;
    }
  }

  /** Store a stopped run's status again (after space was freed, e.g. a run deleted); true once it is stored. */
  async saveStatus(): Promise<boolean> {
    if (!this.#unsaved || this.#active) return !this.#unsaved;
    if (!(await this.#writeStatus())) return false;
    this.#unsaved = false;
    const m = this.#progress.message;
    if (m?.endsWith(UNSAVED_STATUS)) this.#emit({ message: m.slice(0, -UNSAVED_STATUS.length).trim() });
    return true;
  }

  /** Run every missing sample (and failed ones with `retryFailed`) until done, paused, cancelled or stopped by an error. */
  async start(opts: { retryFailed?: boolean } = {}): Promise<RunOutcome> {
    if (this.#active) throw new Error('This run is already running.');
    this.#active = true;
    this.#stop = null;
    this.#abort = new AbortController();
    try {
      return await this.#execute(opts.retryFailed ?? false);
    } finally {
      this.#active = false;
      this.#inFlight.clear();
      this.#waiting.clear();
    }
  }

  async #execute(retryFailed: boolean): Promise<RunOutcome> {
    const stored = await this.#deps.store.listSamples(this.run.id);
    const t = tally(this.run, stored);
    const sessionStart = this.#now();
    this.#emit({
      done: t.done,
      failed: t.failed,
      remaining: this.#progress.total - t.done - t.failed,
      inputTokens: t.inputTokens,
      outputTokens: t.outputTokens,
      cut: t.cut,
      elapsedMs: 0,
      etaMs: undefined,
      message: undefined,
    });

    const prepared = new Map<string, PreparedCondition>();
    try {
      for (const id of this.run.conditionIds) prepared.set(id, this.#deps.prepare(id));
    } catch (e) {
      return this.#finish({ kind: 'error', message: `Cannot build the prompts: ${errorText(e)}` });
    }

    const queue: Job[] = planJobs(this.run, stored, retryFailed);
    if (!queue.length) return this.#finish(null);
    try {
      await this.#setStatus('running');
    } catch (e) {
      return this.#finish({ kind: 'error', message: storageMessage(e) });
    }
    this.#emit();
    const ready = await this.#prepareEngine(prepared);
    if (ready) return this.#finish(ready);

    let finishedThisSession = 0;
    let writing = 0;
    /** Store a sample; it counts (progress, onSample) only once the store committed it. Never rejects. */
    const store = (job: Job, sample: Sample): Promise<void> => {
      writing++;
      return this.#deps.store.putSample(sample).then(
        () => {
          writing--;
          finishedThisSession++;
          countStored(this.#progress, sample, job.previousAttempts > 0);
          const elapsed = this.#now() - sessionStart;
          const left = queue.length + this.#inFlight.size + writing;
          this.#emit({ elapsedMs: elapsed, etaMs: (elapsed / finishedThisSession) * left });
          this.#opts.onSample?.(sample);
        },
        (e: unknown) => {
          writing--;
          this.#halt({ kind: 'error', message: storageMessage(e) });
        },
      );
    };
    const ctx: GenerateContext = {
      run: this.run,
      deps: this.#deps,
      opts: this.#opts,
      now: this.#now,
      signal: this.#abort.signal,
      stopping: () => this.#stop !== null,
      waiting: this.#waiting,
      emit: () => this.#emit(),
    };
    // Each slot stores its sample while it generates the next one (a fsync'd journal or IndexedDB write is then off
    // the request path), with at most one write in flight per slot; its last write settles before the run finishes.
    const worker = async () => {
      let stored: Promise<void> = Promise.resolve();
      while (!this.#stop) {
        const job = queue.shift();
        if (!job) break;
        this.#inFlight.add(job.sampleId);
        this.#emit();
        const sample = await generateSample(job, prepared.get(job.conditionId)!, ctx);
        this.#inFlight.delete(job.sampleId);
        if (!sample) continue; // aborted by pause/cancel: not stored, planned again on resume
        if (sample.status === 'error' && FATAL.has(sample.error!.kind))
          this.#halt({ kind: 'error', message: sample.error!.message });
        await stored;
        stored = store(job, sample);
      }
      await stored;
    };
    const workers = Math.max(1, Math.min(this.run.concurrency, queue.length));
    await Promise.all(Array.from({ length: workers }, worker));
    this.#progress.elapsedMs = this.#now() - sessionStart;
    return this.#finish(this.#stop);
  }

  /**
   * Let the engine get ready before the first sample (in-browser models size the context window from the run's longest
   * prompt and load); what it decided is stored on the run. Returns why the run must stop, or null.
   */
  async #prepareEngine(prepared: Map<string, PreparedCondition>): Promise<Stop | null> {
    const engine = this.#deps.engine;
    if (!engine.prepare) return null;
    let promptTokens = 0;
    for (const p of prepared.values())
      promptTokens = Math.max(promptTokens, estimateTokens(p.system) + estimateTokens(p.userMessage));
    const { maxTokens, topP, presencePenalty, frequencyPenalty, repetitionPenalty } = this.run.params;
    try {
      const setup = await engine.prepare(
        { promptTokens, maxTokens, topP, presencePenalty, frequencyPenalty, repetitionPenalty },
        this.#abort.signal,
      );
      if (this.#stop) return this.#stop;
      if (setup) {
        this.run.engineSetup = setup;
        await this.#deps.store.putRun({ ...this.run });
      }
      return null;
    } catch (e) {
      if (this.#stop) return this.#stop;
      const err = toEngineError(e);
      return { kind: 'error', message: withAction(err.message, err.action) };
    }
  }

  async #finish(stop: Stop | null): Promise<RunOutcome> {
    const outcome: RunOutcome = stop
      ? stop.kind === 'pause'
        ? 'paused'
        : stop.kind === 'cancel'
          ? 'cancelled'
          : 'error'
      : 'done';
    let message = stop?.kind === 'error' ? stop.message : undefined;
    if (outcome === 'done' && this.#progress.failed > 0)
      message = `${this.#progress.failed} sample(s) failed; see the list below and retry them.`;
    try {
      await this.#setStatus(outcome === 'paused' ? 'paused' : outcome === 'cancelled' ? 'cancelled' : outcome);
    } catch (e) {
      // a full disk may refuse the status too: try again, and until it is stored say so (storage says 'running')
      if (!(await this.#retryStatus())) message = `${message ?? storageMessage(e)} ${UNSAVED_STATUS}`;
    }
    this.#emit({ message, etaMs: outcome === 'done' ? 0 : undefined });
    return outcome;
  }
}
