// One sample's request with retries, turned into a classified or failed Sample: the runner's per-job work, kept apart from its pool.
import type { Run, Sample } from '../core/types';
import { toEngineError } from '../engines/errors';
import { withRetries } from '../engines/retry';
import { finalAction, refusalResult, withAction } from './outcomes';
import type { Job } from './plan';
import { doneSample, errorSample } from './sample';
import type { PreparedCondition, RetryWait, RunnerDeps, RunnerOptions } from './types';

export interface GenerateContext {
  run: Run;
  deps: RunnerDeps;
  opts: RunnerOptions;
  now: () => number;
  signal: AbortSignal;
  /** true once the run was told to stop (pause, cancel, error): an aborted request then yields no sample */
  stopping: () => boolean;
  /** samples waiting out a backoff, by id; changes are followed by `emit` */
  waiting: Map<string, RetryWait>;
  emit: () => void;
}

/** Generate, classify and build one sample; null when stopped by pause/cancel. */
export async function generateSample(job: Job, p: PreparedCondition, c: GenerateContext): Promise<Sample | null> {
  const { run, deps, opts, signal } = c;
  const base = {
    id: job.sampleId,
    runId: run.id,
    conditionId: job.conditionId,
    index: job.index,
    model: run.engine.model,
    promptHash: p.promptHash,
  };
  try {
    const result = await withRetries(
      () => {
        if (c.waiting.delete(job.sampleId)) c.emit();
        return deps.engine.generate(
          {
            system: p.system,
            messages: [{ role: 'user', content: p.userMessage }],
            temperature: run.params.temperature,
            maxTokens: run.params.maxTokens,
            seed: run.params.seed === undefined ? undefined : run.params.seed + job.index,
            topP: run.params.topP,
            presencePenalty: run.params.presencePenalty,
            frequencyPenalty: run.params.frequencyPenalty,
            repetitionPenalty: run.params.repetitionPenalty,
            signal,
          },
          (d) => opts.onDelta?.(job.sampleId, d),
        );
      },
      {
        maxAttempts: opts.maxAttempts ?? 4,
        baseDelayMs: opts.baseDelayMs ?? 2000,
        signal,
        sleep: deps.sleep,
        onRetry: (e, attempt, delay) => {
          const w = { sampleId: job.sampleId, kind: e.kind, nextAttempt: attempt + 1, untilMs: c.now() + delay };
          c.waiting.set(job.sampleId, w);
          opts.onRestart?.(
            job.sampleId,
            `${e.message} Attempt ${attempt + 1} in ${Math.round(delay / 1000)} s.`,
            e.kind,
          );
          c.emit();
        },
      },
    );
    return doneSample(base, result, p, deps.classify, c.now());
  } catch (e) {
    if (c.waiting.delete(job.sampleId)) c.emit();
    const err = toEngineError(e);
    if (c.stopping() && (signal.aborted || err.kind === 'aborted')) return null;
    if (err.kind === 'refused')
      return doneSample(base, refusalResult(run.engine.model, c.now()), p, deps.classify, c.now());
    const attempts = job.previousAttempts + (err.attempts || 1);
    const message = withAction(err.message, finalAction(err, err.attempts || 1));
    return errorSample(base, { kind: err.kind, message, attempts }, c.now());
  }
}
