// Between a batch run's jobs and the provider's batch items: the request each job sends, the sample each answer makes.
import type { BatchClient, BatchItem, BatchRequest } from '../engines/batch/types';
import { toEngineError } from '../engines/errors';
import type { Run, Sample } from '../core/types';
import type { BatchRecord } from './batch-types';
import { refusalResult, withAction } from './outcomes';
import type { Job } from './plan';
import { doneSample, errorSample, type SampleBase } from './sample';
import type { PreparedCondition, RunnerDeps } from './types';

/** What the conversions read: the run, its prepared conditions, the provider's client, the classifier and the clock. */
export interface BatchItemContext {
  run: Run;
  prepared: ReadonlyMap<string, PreparedCondition>;
  client: Pick<BatchClient, 'customId'>;
  classify: RunnerDeps['classify'];
  now: () => number;
}

/** The custom id of a job's request (the client's, from the sample id or the job's place in the run). */
export function customIdOf(c: BatchItemContext, job: Job): string {
  return c.client.customId(job.sampleId, {
    condition: c.run.conditionIds.indexOf(job.conditionId),
    index: job.index,
  });
}

/** The request a job sends: the same prompts and parameters as the streaming path, its custom id from the client. */
export function batchRequest(c: BatchItemContext, job: Job): BatchRequest {
  const p = c.prepared.get(job.conditionId)!;
  const { params } = c.run;
  return {
    customId: customIdOf(c, job),
    request: {
      system: p.system,
      messages: [{ role: 'user', content: p.userMessage }],
      temperature: params.temperature,
      maxTokens: params.maxTokens,
      seed: params.seed === undefined ? undefined : params.seed + job.index,
    },
  };
}

/** The job of a sample id of this run (`runId/conditionId/index`), or undefined when it names no prepared condition. */
export function jobOf(c: BatchItemContext, sampleId: string, prev: Sample | undefined): Job | undefined {
  const rest = sampleId.slice(c.run.id.length + 1);
  const slash = rest.lastIndexOf('/');
  const conditionId = rest.slice(0, slash);
  const index = Number(rest.slice(slash + 1));
  if (!c.prepared.has(conditionId) || !Number.isInteger(index)) return undefined;
  return { sampleId, conditionId, index, previousAttempts: prev?.error?.attempts ?? 0 };
}

/** The fields every sample of a job has, whatever its outcome. */
export function sampleBase(c: BatchItemContext, job: Job): SampleBase {
  return {
    id: job.sampleId,
    runId: c.run.id,
    conditionId: job.conditionId,
    index: job.index,
    model: c.run.engine.model,
    promptHash: c.prepared.get(job.conditionId)!.promptHash,
  };
}

/** The sample a batch item makes: classified when answered, a refusal as the streaming path stores it, else an error. */
export function sampleOf(
  c: BatchItemContext,
  job: Job,
  item: BatchItem,
  b: BatchRecord,
  prev: Sample | undefined,
): Sample {
  const p = c.prepared.get(job.conditionId)!;
  const base = sampleBase(c, job);
  if (item.kind === 'ok') return doneSample(base, item.result, p, c.classify, c.now());
  const err = item.kind === 'error' ? item.error : toEngineError(new Error('expired'));
  if (err.kind === 'refused') {
    const r = refusalResult(c.run.engine.model, c.now());
    return doneSample(base, { ...r, timings: { startedAt: b.submittedAt, totalMs: 0 } }, p, c.classify, c.now());
  }
  const attempts = (prev?.error?.attempts ?? 0) + 1;
  return errorSample(base, { kind: err.kind, message: withAction(err.message, err.action), attempts }, c.now());
}
