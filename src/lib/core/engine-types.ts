// Engine contract: chat requests and results, run-start planning and setup, error kinds, and how an engine is identified.

export type ChatRole = 'user' | 'assistant';
export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/** A run's sampling parameters, sent with every request. */
export interface SamplingParams {
  temperature: number;
  maxTokens: number;
  seed?: number;
  /** optional sampling settings an experiment may set; engines that pin them (web-llm) use 1 / 0 / 0 / 1 otherwise */
  topP?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  repetitionPenalty?: number;
}

export interface ChatRequest extends SamplingParams {
  system: string;
  messages: ChatMessage[];
  signal?: AbortSignal;
}

/** What an engine is told at run start, before any sample: enough to size a context window. */
export interface RunPlan {
  /** the run's longest prompt (system + user), estimated tokens */
  promptTokens: number;
  maxTokens: number;
  topP?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  repetitionPenalty?: number;
}

/** What an engine decided at run start, recorded on the run (in-browser models: context, sampling, template). */
export interface EngineSetup {
  /** context window the model was loaded with, tokens */
  contextWindow?: number;
  /** sampling sent with every request */
  sampling?: { top_p: number; presence_penalty: number; frequency_penalty: number; repetition_penalty: number };
  /** 'merged-into-user' for chat templates without a system role (Gemma): the system prompt opens the user turn */
  systemPrompt?: 'system-role' | 'merged-into-user';
  /** chat template name from the model's config */
  template?: string;
}

export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
  reasoningTokens?: number;
}

/**
 * Why the lab cut a reply short: the stream ran past its max tokens (with a margin; the server ignored the limit), or
 * the text passed MAX_REPLY_CHARS. The stored text ends where the cut was made.
 */
export type Truncation = 'max-tokens' | 'size';

/** Most characters kept of one reply's text (and, separately, of its reasoning); more is cut and flagged. */
export const MAX_REPLY_CHARS = 1_000_000;

export interface ChatResult {
  text: string;
  reasoning?: string;
  /** normalised: 'stop' | 'length' | 'refusal' | 'safety' | 'aborted' | provider-specific string */
  finishReason: string;
  usage: Usage;
  /** exact model id reported by the provider */
  modelId: string;
  timings: { startedAt: string; firstTokenMs?: number; totalMs: number };
  /** set when the lab cut the reply short (finishReason is then 'length') */
  truncated?: Truncation;
}

export type EngineErrorKind =
  | 'auth'
  | 'rate-limit'
  | 'overloaded'
  | 'server'
  | 'bad-request'
  | 'context-length'
  | 'refused'
  | 'network'
  | 'blocked'
  | 'aborted'
  | 'webgpu-unavailable'
  | 'out-of-memory'
  | 'device-lost'
  | 'quota'
  | 'download-failed'
  /** an in-browser model id the page has no record for (e.g. a custom model added in an earlier session) */
  | 'model-not-found'
  | 'unknown';

export interface Engine {
  /** stable id of the engine config, e.g. "openai:gpt-4.1" */
  readonly id: string;
  generate(req: ChatRequest, onDelta?: (delta: { text?: string; reasoning?: string }) => void): Promise<ChatResult>;
  /** optional: get ready for a run before its first sample (in-browser models size the context and load) */
  prepare?(plan: RunPlan, signal?: AbortSignal): Promise<EngineSetup | undefined>;
}

export type ProviderKind = 'webllm' | 'openai-compatible' | 'anthropic' | 'gemini';

/** What identifies an engine/model in results. Never holds a key. */
export interface EngineDescriptor {
  kind: ProviderKind;
  /** preset name: 'openai' | 'openrouter' | 'ollama' | 'lmstudio' | 'anthropic' | 'gemini' | 'webllm' | 'custom' ... */
  provider: string;
  model: string;
  baseUrl?: string;
}
