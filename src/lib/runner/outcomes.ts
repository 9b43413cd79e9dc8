// How the runner words and classifies failures: fatal error kinds, refusals as outcomes, storage messages.
import type { ChatResult, EngineErrorKind } from '../core/types';
import { isQuotaError } from '../storage/quota';

/** Errors that will hit every other sample too: stop the run instead of failing them all. */
export const FATAL: ReadonlySet<EngineErrorKind> = new Set([
  'auth',
  'blocked',
  'webgpu-unavailable',
  'out-of-memory',
  'device-lost',
  'quota',
  'model-not-found',
]);

/** A provider-level refusal is an outcome of the experiment, stored as an empty 'refusal' response. */
export function refusalResult(model: string, now: number): ChatResult {
  return {
    text: '',
    finishReason: 'refusal',
    usage: {},
    modelId: model,
    timings: { startedAt: new Date(now).toISOString(), totalMs: 0 },
  };
}

/**
 * What to do next about a sample that failed for good. Its retries are spent, so the error's own advice that "the run
 * retries automatically" no longer holds.
 */
export function finalAction(err: { action: string; retryable: boolean }, attempts: number): string {
  if (!err.retryable && !/retries automatically/i.test(err.action)) return err.action;
  const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
  return `It still failed after ${tries}; use "Retry failed samples" on this run once the provider recovers.`;
}

/** "Message. What to do next." for the failure list. */
export function withAction(message: string, action: string): string {
  const m = message.trim();
  return `${m}${/[.!?]$/.test(m) ? '' : '.'} ${action}`.trim();
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function storageMessage(e: unknown): string {
  if (isQuotaError(e))
    return (
      'Browser storage is full, so the run stopped. Everything finished before this point is saved. ' +
      'Export and delete old runs on the Data page (or allow persistent storage), then resume.'
    );
  return `Saving a result failed (${errorText(e)}), so the run stopped. Stored results are safe; reload and resume.`;
}

/** Added to the stop message when even the run's stopped status could not be stored. */
export const UNSAVED_STATUS =
  'Storage also refused to record that the run stopped: it is recorded as soon as space is freed (delete a run on ' +
  'the Data page); until then a reload shows it as interrupted.';
