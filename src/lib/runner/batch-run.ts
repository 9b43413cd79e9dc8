// Runs one Run through a provider's batch API: submit the missing samples, poll, store each result classified, re-queue expired ones.
import type { BatchClient, BatchItem } from '../engines/batch/types';
import { EngineError, toEngineError } from '../engines/errors';
import { abortableSleep } from '../engines/retry';
import type { Run, Sample } from '../core/types';
import type { BatchRecord, BatchStore } from './batch-types';
import { errorText, withAction } from './outcomes';
import type { Job } from './plan';
import { batchProgress, chunk, jobsToSubmit } from './batch-plan';
import { batchRequest, customIdOf, jobOf, sampleOf, type BatchItemContext } from './batch-items';
import type { PreparedCondition, RunnerDeps, RunProgress } from './types';

export interface BatchRunDeps {
  prepare: RunnerDeps['prepare'];
  classify: RunnerDeps['classify'];
  store: BatchStore;
  client: BatchClient;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface BatchRunOptions {
  /** wait between polls, ms */
  pollMs: number;
  /** false: submit what is missing and return 'submitted' without polling */
  wait?: boolean;
  /** submit failed samples again too */
  retryFailed?: boolean;
  /** stops polling (the batches keep running at the provider; resume later) */
  signal?: AbortSignal;
  /**
   * cancel the run: submit nothing, ask the provider to cancel every open batch, store what they answered before they
   * closed and queue nothing again; the run ends 'cancelled' (a later resume submits the missing samples anew)
   */
  cancel?: boolean;
  /** one readable line per event: submitted, ended, expired, re-queued */
  onEvent?: (line: string) => void;
  onProgress?: (p: RunProgress) => void;
}

export type BatchOutcome = 'done' | 'submitted' | 'paused' | 'cancelled' | 'error';

export class BatchRunner {
  readonly run: Run;
  #d: BatchRunDeps;
  #o: BatchRunOptions;
  #now: () => number;
  #prepared = new Map<string, PreparedCondition>();
  /** what turning jobs into requests and answers into samples needs (batch-items.ts) */
  #ctx: BatchItemContext;
  #stored = new Map<string, Sample>();
  #started = 0;
  #sessionStored = 0;
  #cancel: boolean;

  constructor(run: Run, deps: BatchRunDeps, opts: BatchRunOptions) {
    this.run = { ...run };
    this.#d = deps;
    this.#o = opts;
    this.#now = deps.now ?? Date.now;
    this.#cancel = opts.cancel ?? false;
    this.#ctx = {
      run: this.run,
      prepared: this.#prepared,
      client: deps.client,
      classify: deps.classify,
      now: this.#now,
    };
  }

  /** Cancel the run while it polls: the open batches are cancelled at the provider before the next poll. */
  cancel(): void {
    this.#cancel = true;
  }

  async start(): Promise<BatchOutcome> {
    this.#started = this.#now();
    for (const s of await this.#d.store.listSamples(this.run.id)) this.#stored.set(s.id, s);
    try {
      for (const id of this.run.conditionIds) this.#prepared.set(id, this.#d.prepare(id));
    } catch (e) {
      this.#o.onEvent?.(`Cannot build the prompts: ${errorText(e)}`);
      await this.#setStatus('error');
      return 'error';
    }
    const batches = await this.#d.store.listBatches(this.run.id);
    const jobs = jobsToSubmit(this.run, [...this.#stored.values()], batches, this.#o.retryFailed ?? false);
    await this.#setStatus('running');
    try {
      if (jobs.length && !this.#cancel) await this.#submit(jobs);
    } catch (e) {
      const err = toEngineError(e);
      this.#o.onEvent?.(`Submitting failed: ${withAction(err.message, err.action)}`);
      await this.#setStatus('paused');
      return 'error';
    }
    this.#progress();
    if (this.#o.wait === false) {
      if (this.#cancel) await this.#cancelOpen();
      await this.#setStatus(this.#cancel ? 'cancelled' : 'paused');
      return this.#cancel ? 'cancelled' : 'submitted';
    }
    for (;;) {
      const open = (await this.#d.store.listBatches(this.run.id)).filter((b) => b.status === 'submitted');
      if (!open.length) break;
      try {
        if (this.#cancel) await this.#cancelOpen();
        for (const b of (await this.#d.store.listBatches(this.run.id)).filter((x) => x.status === 'submitted'))
          await this.#poll(b);
      } catch (e) {
        const err = toEngineError(e);
        if (this.#o.signal?.aborted) break;
        this.#o.onEvent?.(`Polling failed (${withAction(err.message, err.action)}); trying again at the next poll.`);
      }
      const still = (await this.#d.store.listBatches(this.run.id)).some((b) => b.status === 'submitted');
      if (!still) break;
      try {
        await (this.#d.sleep ?? abortableSleep)(this.#o.pollMs, this.#o.signal);
      } catch {
        break; // stopped: batches keep running at the provider
      }
    }
    if (this.#o.signal?.aborted) {
      await this.#setStatus('paused');
      return 'paused';
    }
    const outcome = this.#cancel ? 'cancelled' : 'done';
    await this.#setStatus(outcome);
    this.#progress();
    return outcome;
  }

  /** Ask the provider to cancel each open batch not asked yet; recorded on the batch so no session re-queues it. */
  async #cancelOpen(): Promise<void> {
    const open = (await this.#d.store.listBatches(this.run.id)).filter((b) => b.status === 'submitted');
    for (const b of open) {
      if (b.cancelRequested) continue;
      try {
        await this.#d.client.cancel(b.id, this.#o.signal);
      } catch (e) {
        if (this.#o.signal?.aborted) throw e;
        const err = toEngineError(e);
        this.#o.onEvent?.(`Cancelling batch ${b.id} failed (${err.message}); it is collected as it ends.`);
        continue;
      }
      await this.#d.store.putBatch({ ...b, cancelRequested: true });
      this.#o.onEvent?.(`Asked ${this.#d.client.provider} to cancel batch ${b.id}.`);
    }
  }

  async #setStatus(status: Run['status']): Promise<void> {
    this.run.status = status;
    this.run.updatedAt = new Date(this.#now()).toISOString();
    await this.#d.store.putRun({ ...this.run });
  }

  async #submit(jobs: Job[]): Promise<void> {
    const byCustom = new Map<string, Job>();
    const reqs = jobs.map((j) => {
      const r = batchRequest(this.#ctx, j);
      byCustom.set(r.customId, j);
      return r;
    });
    for (const group of chunk(reqs, this.#d.client)) {
      const sent = await this.#d.client.submit(group, this.#o.signal);
      const rec: BatchRecord = {
        id: sent.id,
        runId: this.run.id,
        provider: this.#d.client.provider,
        sampleIds: group.map((r) => byCustom.get(r.customId)!.sampleId),
        submittedAt: new Date(this.#now()).toISOString(),
        status: 'submitted',
        ...(sent.inputFileId ? { inputFileId: sent.inputFileId } : {}),
      };
      await this.#d.store.putBatch(rec);
      this.#o.onEvent?.(`Submitted batch ${sent.id} with ${group.length} request(s).`);
    }
  }

  async #poll(b: BatchRecord): Promise<void> {
    const st = await this.#d.client.status(b.id, this.#o.signal);
    if (st.state === 'in-progress') {
      if (st.total !== undefined) this.#o.onEvent?.(`Batch ${b.id}: ${st.finished ?? 0}/${st.total} finished.`);
      return;
    }
    const jobs = new Map<string, Job>();
    const customIds: string[] = [];
    for (const id of b.sampleIds) {
      const job = jobOf(this.#ctx, id, this.#stored.get(id));
      if (!job) continue;
      const cid = customIdOf(this.#ctx, job);
      jobs.set(cid, job);
      customIds.push(cid);
    }
    // a batch the provider rejected as a whole: every request fails with its words (retry with --retry-failed)
    const rejected =
      st.state === 'failed'
        ? new EngineError(
            'bad-request',
            `${this.#d.client.provider} batch ${b.id} failed: ${st.message ?? 'no reason given'}.`,
            {
              action: '',
            },
          )
        : undefined;
    const items: BatchItem[] = rejected
      ? customIds.map((customId) => ({ customId, kind: 'error', error: rejected }))
      : await this.#d.client.results(b.id, { startedAt: b.submittedAt, customIds }, this.#o.signal);
    let stored = 0;
    const answered = new Set<string>();
    for (const item of items) {
      const job = jobs.get(item.customId);
      if (!job || answered.has(item.customId) || item.kind === 'expired') continue;
      answered.add(item.customId);
      const prev = this.#stored.get(job.sampleId);
      if (prev?.status === 'done') continue; // stored by an earlier session: never twice
      await this.#store(sampleOf(this.#ctx, job, item, b, prev));
      stored++;
    }
    let requeue = [...jobs.entries()]
      .filter(([cid]) => !answered.has(cid))
      .map(([, j]) => j)
      .filter((j) => this.#stored.get(j.sampleId)?.status !== 'done');
    // a batch cancelled on request: what it did not answer stays missing (a later resume submits it anew)
    const dropped = b.cancelRequested ? requeue.length : 0;
    if (dropped) requeue = [];
    const status = st.state === 'ended' ? 'collected' : st.state;
    await this.#d.store.putBatch({
      ...b,
      status,
      closedAt: new Date(this.#now()).toISOString(),
      stored,
      requeued: requeue.length,
      ...(st.message ? { note: st.message } : {}),
    });
    this.#o.onEvent?.(
      `Batch ${b.id} ${status === 'collected' ? 'ended' : status}: ${stored} result(s) stored` +
        (requeue.length ? `, ${requeue.length} request(s) expired or unanswered, queued again` : '') +
        (dropped ? `, ${dropped} request(s) cancelled before an answer (not queued again)` : '') +
        '.',
    );
    if (requeue.length) await this.#submit(requeue);
    this.#progress();
  }

  async #store(s: Sample): Promise<void> {
    await this.#d.store.putSample(s);
    this.#stored.set(s.id, s);
    this.#sessionStored++;
  }

  #progress(): void {
    this.#o.onProgress?.(
      batchProgress(this.run, this.#stored.values(), this.#now() - this.#started, this.#sessionStored),
    );
  }
}
