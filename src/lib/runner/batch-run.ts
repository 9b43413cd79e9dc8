// Runs one Run through a provider's batch API: submit the missing samples, poll, store each result classified, re-queue expired ones.
import type { BatchClient, BatchItem, BatchRequest } from '../engines/batch/types';
import { toEngineError } from '../engines/errors';
import { abortableSleep } from '../engines/retry';
import type { Run, Sample } from '../core/types';
import type { BatchRecord, BatchStore } from './batch-types';
import { errorText, refusalResult, withAction } from './outcomes';
import { planJobs, tally, type Job } from './plan';
import { doneSample, errorSample, type SampleBase } from './sample';
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
  /** one readable line per event: submitted, ended, expired, re-queued */
  onEvent?: (line: string) => void;
  onProgress?: (p: RunProgress) => void;
}

export type BatchOutcome = 'done' | 'submitted' | 'paused' | 'error';

/** Sample ids the run still needs that no open batch covers. */
export function jobsToSubmit(run: Run, stored: Sample[], batches: BatchRecord[], retryFailed: boolean): Job[] {
  const open = new Set(batches.filter((b) => b.status === 'submitted').flatMap((b) => b.sampleIds));
  return planJobs(run, stored, retryFailed).filter((j) => !open.has(j.sampleId));
}

/** Split requests into batches under the client's count and size limits. */
export function chunk(reqs: BatchRequest[], client: BatchClient): BatchRequest[][] {
  const out: BatchRequest[][] = [];
  let cur: BatchRequest[] = [];
  let bytes = 0;
  for (const r of reqs) {
    const size = client.sizeOf(r);
    if (cur.length && (cur.length >= client.limits.maxRequests || bytes + size > client.limits.maxBytes)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(r);
    bytes += size;
  }
  if (cur.length) out.push(cur);
  return out;
}

export class BatchRunner {
  readonly run: Run;
  #d: BatchRunDeps;
  #o: BatchRunOptions;
  #now: () => number;
  #prepared = new Map<string, PreparedCondition>();
  #stored = new Map<string, Sample>();
  #started = 0;
  #sessionStored = 0;

  constructor(run: Run, deps: BatchRunDeps, opts: BatchRunOptions) {
    this.run = { ...run };
    this.#d = deps;
    this.#o = opts;
    this.#now = deps.now ?? Date.now;
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
      if (jobs.length) await this.#submit(jobs);
    } catch (e) {
      const err = toEngineError(e);
      this.#o.onEvent?.(`Submitting failed: ${withAction(err.message, err.action)}`);
      await this.#setStatus('paused');
      return 'error';
    }
    this.#progress();
    if (this.#o.wait === false) {
      await this.#setStatus('paused');
      return 'submitted';
    }
    for (;;) {
      const open = (await this.#d.store.listBatches(this.run.id)).filter((b) => b.status === 'submitted');
      if (!open.length) break;
      try {
        for (const b of open) await this.#poll(b);
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
    await this.#setStatus('done');
    this.#progress();
    return 'done';
  }

  async #setStatus(status: Run['status']): Promise<void> {
    this.run.status = status;
    this.run.updatedAt = new Date(this.#now()).toISOString();
    await this.#d.store.putRun({ ...this.run });
  }

  #request(job: Job): BatchRequest {
    const p = this.#prepared.get(job.conditionId)!;
    const { params } = this.run;
    return {
      customId: this.#d.client.customId(job.sampleId, {
        condition: this.run.conditionIds.indexOf(job.conditionId),
        index: job.index,
      }),
      request: {
        system: p.system,
        messages: [{ role: 'user', content: p.userMessage }],
        temperature: params.temperature,
        maxTokens: params.maxTokens,
        seed: params.seed === undefined ? undefined : params.seed + job.index,
      },
    };
  }

  async #submit(jobs: Job[]): Promise<void> {
    const byCustom = new Map<string, Job>();
    const reqs = jobs.map((j) => {
      const r = this.#request(j);
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
      const job = this.#jobOf(id);
      if (!job) continue;
      const cid = this.#request(job).customId;
      jobs.set(cid, job);
      customIds.push(cid);
    }
    const items: BatchItem[] =
      st.state === 'failed'
        ? []
        : await this.#d.client.results(b.id, { startedAt: b.submittedAt, customIds }, this.#o.signal);
    let stored = 0;
    const answered = new Set<string>();
    for (const item of items) {
      const job = jobs.get(item.customId);
      if (!job || answered.has(item.customId) || item.kind === 'expired') continue;
      answered.add(item.customId);
      const prev = this.#stored.get(job.sampleId);
      if (prev?.status === 'done') continue; // stored by an earlier session: never twice
      await this.#store(this.#sample(job, item, b, prev));
      stored++;
    }
    let requeue: Job[] = [];
    if (st.state === 'failed') {
      // a batch the provider rejected as a whole: every request fails with its words (retry with --retry-failed)
      for (const job of jobs.values()) {
        const prev = this.#stored.get(job.sampleId);
        if (prev?.status === 'done') continue;
        const message = `${this.#d.client.provider} batch ${b.id} failed: ${st.message ?? 'no reason given'}.`;
        const attempts = (prev?.error?.attempts ?? 0) + 1;
        await this.#store(errorSample(this.#base(job), { kind: 'bad-request', message, attempts }, this.#now()));
        stored++;
      }
    } else requeue = [...jobs.entries()].filter(([cid]) => !answered.has(cid)).map(([, j]) => j);
    requeue = requeue.filter((j) => this.#stored.get(j.sampleId)?.status !== 'done');
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
        (requeue.length ? `, ${requeue.length} request(s) expired or unanswered, queued again.` : '.'),
    );
    if (requeue.length) await this.#submit(requeue);
    this.#progress();
  }

  #jobOf(sampleId: string): Job | undefined {
    const rest = sampleId.slice(this.run.id.length + 1);
    const slash = rest.lastIndexOf('/');
    const conditionId = rest.slice(0, slash);
    const index = Number(rest.slice(slash + 1));
    if (!this.#prepared.has(conditionId) || !Number.isInteger(index)) return undefined;
    const prev = this.#stored.get(sampleId);
    return { sampleId, conditionId, index, previousAttempts: prev?.error?.attempts ?? 0 };
  }

  #base(job: Job): SampleBase {
    return {
      id: job.sampleId,
      runId: this.run.id,
      conditionId: job.conditionId,
      index: job.index,
      model: this.run.engine.model,
      promptHash: this.#prepared.get(job.conditionId)!.promptHash,
    };
  }

  #sample(job: Job, item: BatchItem, b: BatchRecord, prev: Sample | undefined): Sample {
    const p = this.#prepared.get(job.conditionId)!;
    const base = this.#base(job);
    if (item.kind === 'ok') return doneSample(base, item.result, p, this.#d.classify, this.#now());
    const err = item.kind === 'error' ? item.error : toEngineError(new Error('expired'));
    if (err.kind === 'refused') {
      const r = refusalResult(this.run.engine.model, this.#now());
      return doneSample(
        base,
        { ...r, timings: { startedAt: b.submittedAt, totalMs: 0 } },
        p,
        this.#d.classify,
        this.#now(),
      );
    }
    const attempts = (prev?.error?.attempts ?? 0) + 1;
    return errorSample(base, { kind: err.kind, message: withAction(err.message, err.action), attempts }, this.#now());
  }

  async #store(s: Sample): Promise<void> {
    await this.#d.store.putSample(s);
    this.#stored.set(s.id, s);
    this.#sessionStored++;
  }

  #progress(): void {
    const t = tally(this.run, this.#stored.values());
    const total = this.run.conditionIds.length * this.run.samplesPerCondition;
    const elapsedMs = this.#now() - this.#started;
    const remaining = total - t.done - t.failed;
    this.#o.onProgress?.({
      runId: this.run.id,
      status: this.run.status,
      total,
      done: t.done,
      failed: t.failed,
      remaining,
      inFlight: [],
      inputTokens: t.inputTokens,
      outputTokens: t.outputTokens,
      elapsedMs,
      ...(this.#sessionStored ? { etaMs: (elapsedMs / this.#sessionStored) * remaining } : {}),
    });
  }
}
