// What a batch run submits (the samples no open batch covers, split under the provider's limits) and the progress it reports.
import type { Run, Sample } from '../core/types';
import type { BatchClient, BatchRequest } from '../engines/batch/types';
import type { BatchRecord } from './batch-types';
import { planJobs, tally, type Job } from './plan';
import type { RunProgress } from './types';

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

/** A batch run's progress from its stored samples (nothing is in flight: requests wait at the provider). */
export function batchProgress(
  run: Run,
  stored: Iterable<Sample>,
  elapsedMs: number,
  sessionStored: number,
): RunProgress {
  const t = tally(run, stored);
  const total = run.conditionIds.length * run.samplesPerCondition;
  const remaining = total - t.done - t.failed;
  return {
    runId: run.id,
    status: run.status,
    total,
    done: t.done,
    failed: t.failed,
    remaining,
    inFlight: [],
    inputTokens: t.inputTokens,
    outputTokens: t.outputTokens,
    elapsedMs,
    ...(sessionStored ? { etaMs: (elapsedMs / sessionStored) * remaining } : {}),
  };
}
