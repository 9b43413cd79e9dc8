// The interface every provider's batch API client implements: submit requests, poll a batch, download its results.
import type { ChatRequest, ChatResult } from '../../core/types';
import type { EngineError } from '../errors';

export interface BatchRequest {
  /** the provider's per-request id (see BatchClient.customId) */
  customId: string;
  request: ChatRequest;
}

export type BatchState = 'in-progress' | 'ended' | 'expired' | 'failed' | 'cancelled';

export interface BatchStatus {
  state: BatchState;
  /** requests the provider reports as finished (ok or failed) and in total, when it says */
  finished?: number;
  total?: number;
  /** the provider's words when the batch failed or expired */
  message?: string;
}

/** One request's outcome in a finished batch. `expired` (or cancelled) requests never ran: they are queued again. */
export type BatchItem =
  | { customId: string; kind: 'ok'; result: ChatResult }
  | { customId: string; kind: 'error'; error: EngineError }
  | { customId: string; kind: 'expired' };

/** What the caller remembers about a batch it sent: when, and the custom ids in request order. */
export interface SentBatch {
  startedAt: string;
  customIds: string[];
}

export interface BatchLimits {
  maxRequests: number;
  /** bytes of serialised requests per batch */
  maxBytes: number;
}

export interface BatchClient {
  /** provider preset id */
  readonly provider: string;
  readonly limits: BatchLimits;
  /** the request id sent for a sample: the sample id, or (Anthropic: [A-Za-z0-9_-]{1,64}) a short form of it */
  customId(sampleId: string, position: { condition: number; index: number }): string;
  /** the serialised size of one request, for splitting runs into batches under the provider's limits */
  sizeOf(req: BatchRequest): number;
  submit(reqs: BatchRequest[], signal?: AbortSignal): Promise<{ id: string; inputFileId?: string }>;
  status(id: string, signal?: AbortSignal): Promise<BatchStatus>;
  /**
   * Results of a batch that ended or expired (answered requests; the rest are missing or `expired`). `sent.startedAt` (the
   * submission time) becomes each reply's timings.startedAt: batch replies carry no per-request timing.
   */
  results(id: string, sent: SentBatch, signal?: AbortSignal): Promise<BatchItem[]>;
  /**
   * Ask the provider to cancel a batch still in progress. It closes soon after (OpenAI: cancelling, then cancelled;
   * Anthropic: canceling, then ended; Gemini: cancelled) with what it answered meanwhile in its results. Throws as any
   * call would, including when the batch has already ended.
   */
  cancel(id: string, signal?: AbortSignal): Promise<void>;
  /** A harmless read of the batch endpoints (list at most one batch): throws as any call would (blocked, auth, …). */
  probe(signal?: AbortSignal): Promise<void>;
}

/** Batch APIs cost half the list price at OpenAI, Anthropic and Google (2025 price pages). */
export const BATCH_PRICE_FACTOR = 0.5;

/** Providers with a batch API this app speaks. */
export const BATCH_PROVIDERS = ['openai', 'anthropic', 'gemini'] as const;

export function supportsBatch(provider: string): boolean {
  return (BATCH_PROVIDERS as readonly string[]).includes(provider);
}
