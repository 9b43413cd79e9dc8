// Shapes of a run sent through a provider's batch API: the batch records a store keeps so any session can resume polling.
import type { RunnerStore } from './types';

export type BatchRecordStatus = 'submitted' | 'collected' | 'expired' | 'failed' | 'cancelled';

/** One submitted provider batch. Stored on submit, stored again when it closes; the latest record per id wins. */
export interface BatchRecord {
  /** the provider's batch id (OpenAI `batch_…`, Anthropic `msgbatch_…`, Gemini `batches/…`) */
  id: string;
  runId: string;
  /** provider preset id, e.g. "openai" */
  provider: string;
  /** sample ids in the batch, in request order (custom ids derive from them; see BatchClient.customId) */
  sampleIds: string[];
  submittedAt: string;
  status: BatchRecordStatus;
  /** OpenAI: the uploaded input file */
  inputFileId?: string;
  closedAt?: string;
  /** when closed: samples stored from it, and requests that came back expired/cancelled (queued again) */
  stored?: number;
  requeued?: number;
  /** the run asked the provider to cancel it: requests it did not answer are not queued again */
  cancelRequested?: boolean;
  /** why it failed or expired, as the provider said */
  note?: string;
}

/** A runner store that also keeps batch records (the CLI journal; the site's Run record). */
export interface BatchStore extends RunnerStore {
  putBatch(batch: BatchRecord): Promise<void>;
  listBatches(runId: string): Promise<BatchRecord[]>;
}
