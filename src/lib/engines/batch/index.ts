// Public surface of the batch clients: the interface, the factory, pricing, and the batch request bodies.
export type { BatchClient, BatchItem, BatchRequest, BatchState, BatchStatus, SentBatch } from './types';
export { BATCH_PRICE_FACTOR, BATCH_PROVIDERS, supportsBatch } from './types';
export { createBatchClient } from './create';
export { probeBatch, type BatchProbe, type BatchProbeState } from './probe';
export { openAIBatchBody, anthropicBatchBody, geminiBatchBody } from './bodies';
