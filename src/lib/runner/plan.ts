// Which samples a run still needs: the (condition, index) pairs with no stored sample, interleaved across conditions.
import type { Run, Sample } from '../core/types';

export interface Job {
  sampleId: string;
  conditionId: string;
  index: number;
  /** attempts already spent on this sample by earlier failed tries */
  previousAttempts: number;
}

export function sampleId(runId: string, conditionId: string, index: number): string {
  return `${runId}/${conditionId}/${index}`;
}

/**
 * Jobs for every missing sample, index-major (sample 0 of every condition, then sample 1, …) so a stopped run
 * still has balanced conditions. With `retryFailed`, failed samples are included too.
 */
export function planJobs(
  run: Run,
  stored: Iterable<Pick<Sample, 'id' | 'status' | 'error'>>,
  retryFailed = false,
): Job[] {
  const have = new Map<string, Pick<Sample, 'status' | 'error'>>();
  for (const s of stored) have.set(s.id, s);
  const jobs: Job[] = [];
  for (let index = 0; index < run.samplesPerCondition; index++) {
    for (const conditionId of run.conditionIds) {
      const id = sampleId(run.id, conditionId, index);
      const s = have.get(id);
      if (!s) jobs.push({ sampleId: id, conditionId, index, previousAttempts: 0 });
      else if (retryFailed && s.status === 'error')
        jobs.push({ sampleId: id, conditionId, index, previousAttempts: s.error?.attempts ?? 0 });
    }
  }
  return jobs;
}

export interface StoredTally {
  done: number;
  failed: number;
  inputTokens: number;
  outputTokens: number;
  /** finished samples whose reply was cut at the max tokens (finish reason "length") */
  cut: number;
}

/** Counts of stored samples that belong to the run's plan (strays from other plans are ignored). */
export function tally(run: Run, stored: Iterable<Sample>): StoredTally {
  const conditions = new Set(run.conditionIds);
  const t: StoredTally = { done: 0, failed: 0, inputTokens: 0, outputTokens: 0, cut: 0 };
  for (const s of stored) {
    if (s.runId !== run.id || !conditions.has(s.conditionId) || s.index >= run.samplesPerCondition) continue;
    if (s.status === 'done') t.done++;
    else t.failed++;
    if (s.status === 'done' && s.finishReason === 'length') t.cut++;
    t.inputTokens += s.usage?.inputTokens ?? 0;
    t.outputTokens += s.usage?.outputTokens ?? 0;
  }
  return t;
}

/** Add a just-stored sample to a session's counts (`wasFailed`: it replaces a stored failure, retried). */
export function countStored(
  p: Omit<StoredTally, 'cut'> & { remaining: number; cut?: number },
  sample: Sample,
  wasFailed: boolean,
): void {
  if (wasFailed) p.failed--;
  else p.remaining--;
  if (sample.status === 'done') p.done++;
  else p.failed++;
  if (sample.status === 'done' && sample.finishReason === 'length') p.cut = (p.cut ?? 0) + 1;
  p.inputTokens += sample.usage?.inputTokens ?? 0;
  p.outputTokens += sample.usage?.outputTokens ?? 0;
}

/** A run counts as unfinished (offer to resume) when it was running or paused when the page went away. */
export function isUnfinished(run: Pick<Run, 'status' | 'source'>): boolean {
  return run.source.kind === 'local' && (run.status === 'running' || run.status === 'paused');
}
