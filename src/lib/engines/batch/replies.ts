// Turns the providers' non-streamed replies (as batch results carry them) into the ChatResult the streaming engines build.
import type { ChatResult, Usage } from '../../core/types';
import { cleanUsage, ReplyAccumulator } from '../accumulate';
import { anthropicFinish } from '../anthropic';
import { geminiFinish } from '../gemini';
import { openAIFinish, openAIUsage } from '../openai-compatible';

export interface OpenAICompletion {
  model?: string;
  choices?: {
    message?: {
      content?: string | null;
      reasoning_content?: string | null;
      reasoning?: string | null;
      refusal?: string | null;
    };
    finish_reason?: string | null;
  }[];
  usage?: Parameters<typeof openAIUsage>[0];
}

/** Batch replies have no per-request timing: startedAt is when the batch was submitted, totalMs 0. */
function finish(acc: ReplyAccumulator, reason: string, usage: Usage, model: string, startedAt: string): ChatResult {
  const r = acc.result(reason, usage, model);
  return { ...r, timings: { startedAt, totalMs: 0 } };
}

export function openAIReply(c: OpenAICompletion, fallbackModel: string, startedAt: string): ChatResult {
  const acc = new ReplyAccumulator();
  const choice = c.choices?.[0];
  const m = choice?.message ?? {};
  acc.thought(m.reasoning_content ?? m.reasoning);
  const refused = !!m.refusal;
  acc.text(m.content);
  if (refused && !acc.hasOutput) acc.text(m.refusal);
  return finish(
    acc,
    openAIFinish(choice?.finish_reason, refused),
    openAIUsage(c.usage),
    c.model || fallbackModel,
    startedAt,
  );
}

export interface AnthropicMessage {
  model?: string;
  content?: { type: string; text?: string; thinking?: string }[];
  stop_reason?: string | null;
  usage?: {
    input_tokens?: number;
    output_tokens?: number;
    cache_creation_input_tokens?: number;
    cache_read_input_tokens?: number;
  };
}

export function anthropicReply(m: AnthropicMessage, fallbackModel: string, startedAt: string): ChatResult {
  const acc = new ReplyAccumulator();
  for (const b of m.content ?? []) {
    if (b.type === 'text') acc.text(b.text);
    else if (b.type === 'thinking') acc.thought(b.thinking);
  }
  const u = m.usage ?? {};
  const usage = cleanUsage({
    inputTokens:
      u.input_tokens !== undefined
        ? u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0)
        : undefined,
    outputTokens: u.output_tokens,
  });
  return finish(acc, anthropicFinish(m.stop_reason), usage, m.model || fallbackModel, startedAt);
}

export interface GeminiResponse {
  candidates?: { content?: { parts?: { text?: string; thought?: boolean }[] }; finishReason?: string }[];
  promptFeedback?: { blockReason?: string };
  usageMetadata?: { promptTokenCount?: number; candidatesTokenCount?: number; thoughtsTokenCount?: number };
  modelVersion?: string;
}

export function geminiReply(r: GeminiResponse, fallbackModel: string, startedAt: string): ChatResult {
  const acc = new ReplyAccumulator();
  const cand = r.candidates?.[0];
  for (const part of cand?.content?.parts ?? []) {
    if (part.thought) acc.thought(part.text);
    else acc.text(part.text);
  }
  const m = r.usageMetadata;
  const usage = m
    ? cleanUsage({
        inputTokens: m.promptTokenCount,
        outputTokens:
          m.candidatesTokenCount !== undefined || m.thoughtsTokenCount !== undefined
            ? (m.candidatesTokenCount ?? 0) + (m.thoughtsTokenCount ?? 0)
            : undefined,
        reasoningTokens: m.thoughtsTokenCount,
      })
    : {};
  const reason = r.promptFeedback?.blockReason ? 'safety' : geminiFinish(cand?.finishReason);
  return finish(acc, reason, usage, r.modelVersion || fallbackModel, startedAt);
}
