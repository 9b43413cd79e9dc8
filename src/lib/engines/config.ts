// The saved description of one engine (provider, model, limits, prices): what the runner and setup view pass around. Never holds a key.
import type { EngineDescriptor } from '../core/types';
import { cleanBaseUrl } from '../core/bundle/copy';
import { urlSecrets } from '../core/secrets';

export interface EnginePricing {
  /** US dollars per million input tokens */
  inputPerMTok: number;
  /** US dollars per million output tokens (reasoning tokens are billed as output) */
  outputPerMTok: number;
}

export interface EngineConfig {
  /** stable id, e.g. "openai:gpt-4.1" */
  id: string;
  label: string;
  descriptor: EngineDescriptor;
  /** parallel requests the runner may make (web-llm: 1) */
  concurrency: number;
  pricing?: EnginePricing;
  /** extra request headers (e.g. OpenRouter's HTTP-Referer / X-Title); never put the key here */
  extraHeaders?: Record<string, string>;
  /** optional reasoning controls: Anthropic/Gemini thinking budget, OpenAI-style reasoning effort */
  reasoning?: { budgetTokens?: number; effort?: 'low' | 'medium' | 'high' };
  /**
   * API engines: time limit for one attempt, ms, from sending the request to the end of the reply (default
   * DEFAULT_DEADLINE_MS, 10 min); an attempt past it is abandoned and retried
   */
  deadlineMs?: number;
  /** web-llm only: context_window_size to load the model with (raised to fit the longest prompt) */
  contextWindow?: number;
}

/** Build an id from provider and model, the form used in results and URLs. */
export function engineId(provider: string, model: string): string {
  return `${provider}:${model}`;
}

/**
 * A config with credentials (user info, key query parameters) dropped from its base URL and id: configs saved before
 * the setup form refused such URLs kept the key in local storage.
 */
export function withoutUrlCredentials(c: EngineConfig): EngineConfig {
  const url = c.descriptor.baseUrl;
  if (!url || !urlSecrets(url).length) return c;
  const clean = cleanBaseUrl(url);
  const descriptor = { ...c.descriptor };
  if (clean) descriptor.baseUrl = clean;
  else delete descriptor.baseUrl;
  return { ...c, id: c.id.split(url).join(clean ?? ''), label: c.label.split(url).join(clean ?? ''), descriptor };
}
