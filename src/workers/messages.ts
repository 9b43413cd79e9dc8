// Typed messages between the page and the web-llm worker: one discriminated union each way, plus per-request results.
import type { AppConfig, ModelRecord } from '@mlc-ai/web-llm';
import type { EngineErrorKind } from '../lib/core/types';
import type { TemplateTraits } from '../lib/engines/webllm/template';

export interface WorkerChatRequest {
  /** the model this request is for; the worker refuses it when another (or none) is loaded */
  modelId: string;
  system: string;
  messages: { role: 'user' | 'assistant'; content: string }[];
  temperature: number;
  maxTokens: number;
  seed?: number;
  /** sent on every request so the model's own config (top_p, penalties) never decides them */
  sampling: PinnedSampling;
}

/** Sampling settings pinned for every in-browser model (web-llm otherwise takes them from each model's config). */
export interface PinnedSampling {
  top_p: number;
  presence_penalty: number;
  frequency_penalty: number;
  repetition_penalty: number;
}

/** What the worker reports about a loaded model. */
export interface LoadedModel {
  modelId: string;
  contextWindow?: number;
  /** how the model's chat template treats the system prompt and <think> */
  template: TemplateTraits;
}

export interface WorkerChatResult {
  text: string;
  finishReason: string;
  modelId: string;
  usage: { inputTokens?: number; outputTokens?: number };
}

export interface CachedModelInfo {
  modelId: string;
  cached: boolean;
  /** bytes stored in the Cache API for this model (weights, tokenizer), finished or not; 0 when nothing is stored */
  bytes: number;
  /** some files are stored but not all (a download that stopped): deletable, not loadable offline */
  partial: boolean;
}

export interface WorkerGpuProbe {
  available: boolean;
  reason?: string;
  shaderF16: boolean;
  maxStorageBufferBindingSize?: number;
  maxBufferSize?: number;
}

/** What each request type resolves with. */
export interface WorkerResults {
  catalog: ModelRecord[];
  probe: WorkerGpuProbe;
  load: LoadedModel;
  generate: WorkerChatResult;
  unload: null;
  'cache-list': CachedModelInfo[];
  /** `unloaded`: the deleted model was the loaded one; `keptLibrary`: its wasm library is shared with a stored model */
  'cache-delete': { unloaded: boolean; keptLibrary: boolean };
}

export type ToWorker =
  | { type: 'catalog'; id: number }
  | { type: 'probe'; id: number }
  | { type: 'load'; id: number; modelId: string; appConfig?: AppConfig; contextWindow?: number }
  | { type: 'generate'; id: number; request: WorkerChatRequest }
  | { type: 'unload'; id: number }
  | { type: 'cache-list'; id: number; modelIds: string[]; appConfig?: AppConfig }
  /** appConfig: the page's custom records, so a library shared with one of them is kept */
  | { type: 'cache-delete'; id: number; modelId: string; appConfig?: AppConfig }
  /** stop generate request `target`, running or queued (no reply; that request ends with finish "abort") */
  | { type: 'interrupt'; target: number };

export type RequestType = keyof WorkerResults;

export interface WorkerErrorPayload {
  kind: EngineErrorKind;
  message: string;
  action?: string;
}

export type FromWorker =
  | { type: 'progress'; id: number; progress: number; text: string; timeElapsed: number }
  | { type: 'delta'; id: number; text: string }
  | { type: 'done'; id: number; result: WorkerResults[RequestType] }
  | { type: 'error'; id: number; error: WorkerErrorPayload };
