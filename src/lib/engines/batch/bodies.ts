// Batch request bodies: exactly what the streaming engines send (their own body builders), minus the streaming switches.
import type { ChatRequest } from '../../core/types';
import { anthropicBody } from '../anthropic';
import type { EngineConfig } from '../config';
import { geminiBody } from '../gemini';
import { openAIBody } from '../openai-compatible';
import { getPreset } from '../presets';

/** Chat-completions body for an OpenAI batch line (batch requests cannot stream). */
export function openAIBatchBody(config: EngineConfig, req: ChatRequest): Record<string, unknown> {
  const body = openAIBody(config, getPreset(config.descriptor.provider), req);
  delete body.stream;
  delete body.stream_options;
  return body;
}

/** Messages `params` for an Anthropic message batch (batch requests cannot stream). */
export function anthropicBatchBody(config: EngineConfig, req: ChatRequest): Record<string, unknown> {
  const body = anthropicBody(config, req);
  delete body.stream;
  return body;
}

/** GenerateContentRequest for a Gemini batch: the streaming body unchanged (streaming is chosen by the URL there). */
export function geminiBatchBody(config: EngineConfig, req: ChatRequest): Record<string, unknown> {
  return geminiBody(config, req);
}
