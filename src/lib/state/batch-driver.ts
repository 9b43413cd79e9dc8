// Drives a batch-mode run on the site: the BatchRunner over IndexedDB, polling on a timer that "Check now" cuts short.
import type { Run } from '../core/types';
import type { BatchClient } from '../engines/batch/types';
import { BatchRunner, type BatchOutcome } from '../runner/batch-run';
import type { BatchStore } from '../runner/batch-types';
import type { RunnerDeps, RunProgress } from '../runner/types';

/** Between polls while the page is open (batches take minutes to hours; "Check now" polls at once). */
export const BATCH_POLL_MS = 30_000;

export interface BatchDriverDeps {
  prepare: RunnerDeps['prepare'];
  classify: RunnerDeps['classify'];
  client: BatchClient;
  store: BatchStore;
}

export interface BatchDriverOptions {
  pollMs?: number;
  onProgress?: (p: RunProgress) => void;
  /** one line per event (submitted, ended, expired and queued again, failures) */
  onEvent?: (line: string) => void;
}

export class BatchDriver {
  readonly run: Run;
  #deps: BatchDriverDeps;
  #opts: BatchDriverOptions;
  #stop = new AbortController();
  #active = false;
  #wake: (() => void) | undefined;
  /** "Check now" pressed while a poll was under way: skip the next wait */
  #woken = false;
  #progress: RunProgress;
  #runner: BatchRunner | undefined;

  constructor(run: Run, deps: BatchDriverDeps, opts: BatchDriverOptions, progress: RunProgress) {
    this.run = run;
    this.#deps = deps;
    this.#opts = opts;
    this.#progress = progress;
  }

  get active(): boolean {
    return this.#active;
  }

  get progress(): RunProgress {
    return this.#progress;
  }

  /** Stop polling (the batches keep running at the provider; resume collects them). */
  pause(): void {
    this.#stop.abort();
  }

  /**
   * Cancel the run: its open batches are cancelled at the provider (at once, not at the end of the wait), what they
   * answered is stored, nothing is queued again, and the run ends cancelled.
   */
  cancel(): void {
    if (!this.#runner) return;
    this.#runner.cancel();
    this.checkNow();
  }

  /** The BatchRunner stores each status as it changes (a refused write stops it with that error): nothing to redo. */
  async saveStatus(): Promise<boolean> {
    return true;
  }

  /** Poll now instead of at the end of the current wait. */
  checkNow(): void {
    if (this.#wake) this.#wake();
    else this.#woken = true;
  }

  async start(opts: { retryFailed?: boolean } = {}): Promise<BatchOutcome> {
    this.#active = true;
    const runner = new BatchRunner(
      this.run,
      { ...this.#deps, sleep: (ms, signal) => this.#sleep(ms, signal) },
      {
        pollMs: this.#opts.pollMs ?? BATCH_POLL_MS,
        wait: true,
        retryFailed: opts.retryFailed ?? false,
        signal: this.#stop.signal,
        onEvent: (line) => {
          this.#opts.onEvent?.(line);
          // a failed submit or poll stays shown until the next event that is not a failure
          const failure = /^(Submitting|Polling) failed|^Cannot build/.test(line) ? line : undefined;
          this.#set({ ...this.#progress, message: failure });
        },
        onProgress: (p) => this.#set({ ...p, message: this.#progress.message }),
      },
    );
    this.#runner = runner;
    this.#set({ ...this.#progress, status: 'running', message: undefined });
    try {
      const outcome = await runner.start();
      this.#set({ ...this.#progress, status: runner.run.status });
      return outcome;
    } finally {
      this.#active = false;
      this.#wake = undefined;
      this.#runner = undefined;
    }
  }

  #set(p: RunProgress): void {
    this.#progress = p;
    this.#opts.onProgress?.(p);
  }

  #sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.#woken && !signal?.aborted) {
      this.#woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(new Error('stopped'));
        },
        { once: true },
      );
    });
  }
}
