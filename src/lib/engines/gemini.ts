// Google Gemini native engine (streamGenerateContent over SSE): thought parts as reasoning, safety blocks as outcomes.
import type { ChatRequest, ChatResult, Usage } from '../core/types';
import { cleanUsage, ReplyAccumulator, type DeltaListener } from './accumulate';
import type { EngineConfig } from './config';
import { EngineError } from './errors';
import { events, FINISH_GRACE_MS, Flight, parseJson, send, truncatedStream } from './http';
import { ApiEngine, baseUrlOf, type ApiEngineOptions } from './openai-compatible';
import { joinUrl } from './presets';

interface GeminiChunk {
  candidates?: {
    content?: { parts?: { text?: string; thought?: boolean }[] };
    finishReason?: string;
  }[];
  promptFeedback?: { blockReason?: string };
  usageMetadata?: { promptTokenCount?: number; candidatesTokenCount?: number; thoughtsTokenCount?: number };
  modelVersion?: string;
  error?: { code?: number; message?: string; status?: string };
}

const SAFETY_REASONS = new Set(['SAFETY', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY']);

export function geminiFinish(reason: string | undefined): string {
  if (!reason || reason === 'STOP' || reason === 'FINISH_REASON_UNSPECIFIED') return 'stop';
  if (reason === 'MAX_TOKENS') return 'length';
  if (SAFETY_REASONS.has(reason)) return 'safety';
  return reason.toLowerCase();
}

/** Models that think (2.5 and later) are asked to include thought summaries. */
export function geminiThinks(model: string): boolean {
  return /gemini-(2\.5|[3-9])/.test(model);
}

export function geminiBody(config: EngineConfig, req: ChatRequest): Record<string, unknown> {
  const generationConfig: Record<string, unknown> = { temperature: req.temperature, maxOutputTokens: req.maxTokens };
  if (req.seed !== undefined) generationConfig.seed = req.seed;
  const budget = config.reasoning?.budgetTokens;
  if (budget !== undefined) generationConfig.thinkingConfig = { includeThoughts: budget !== 0, thinkingBudget: budget };
  else if (geminiThinks(config.descriptor.model)) generationConfig.thinkingConfig = { includeThoughts: true };
  const body: Record<string, unknown> = {
    contents: req.messages.map((m) => ({
      role: m.role === 'assistant' ? 'model' : 'user',
      parts: [{ text: m.content }],
    })),
    generationConfig,
  };
  if (req.system) body.systemInstruction = { parts: [{ text: req.system }] };
  return body;
}

export function geminiHeaders(key: string | undefined, extra?: Record<string, string>): Record<string, string> {
  const h: Record<string, string> = { 'content-type': 'application/json', ...(extra ?? {}) };
  // the key goes in a header, never in the URL (?key=) where it would end up in logs and history
  if (key) h['x-goog-api-key'] = key;
  return h;
}

export class GeminiEngine extends ApiEngine {
  constructor(config: EngineConfig, key?: string, opts: ApiEngineOptions = {}) {
    super(config, key, 'gemini', opts);
  }

  protected async run(req: ChatRequest, flight: Flight, onDelta?: DeltaListener): Promise<ChatResult> {
    const model = this.config.descriptor.model.replace(/^models\//, '');
    const url =
      joinUrl(baseUrlOf(this.config, this.preset), `models/${encodeURIComponent(model)}:streamGenerateContent`) +
      '?alt=sse';
    // timings start before the request is sent; the stream is bounded by the answer and thinking budgets
    const budget = this.config.reasoning?.budgetTokens ?? (geminiThinks(model) ? 32_768 : 0);
    const acc = new ReplyAccumulator(onDelta, { maxTokens: req.maxTokens + Math.max(0, budget) });
    const res = await send(
      this.ctx,
      url,
      {
        method: 'POST',
        headers: geminiHeaders(this.key, this.config.extraHeaders),
        body: JSON.stringify(geminiBody(this.config, req)),
      },
      flight,
    );
    let modelId = '';
    let finish: string | undefined;
    let blocked: string | undefined;
    let usage: Usage = {};
    for await (const ev of events(this.ctx, res, flight)) {
      const c = parseJson<GeminiChunk>(this.ctx, ev.data);
      if (c.error) {
        const kind = c.error.code === 429 ? 'rate-limit' : c.error.code === 503 ? 'overloaded' : 'server';
        throw new EngineError(kind, `${this.ctx.label}: ${c.error.status ?? ''} ${c.error.message ?? ''}`.trim(), {
          secrets: this.ctx.secrets,
        });
      }
      if (c.modelVersion) modelId = c.modelVersion;
      if (c.usageMetadata) {
        const m = c.usageMetadata;
        usage = cleanUsage({
          inputTokens: m.promptTokenCount,
          outputTokens:
            m.candidatesTokenCount !== undefined || m.thoughtsTokenCount !== undefined
              ? (m.candidatesTokenCount ?? 0) + (m.thoughtsTokenCount ?? 0)
              : undefined,
          reasoningTokens: m.thoughtsTokenCount,
        });
      }
      if (c.promptFeedback?.blockReason) blocked = c.promptFeedback.blockReason;
      const cand = c.candidates?.[0];
      for (const part of cand?.content?.parts ?? []) {
        if (part.thought) acc.thought(part.text);
        else acc.text(part.text);
      }
      if (acc.full) break;
      if (cand?.finishReason) {
        finish = cand.finishReason;
        flight.finishing(this.ctx.finishGraceMs ?? FINISH_GRACE_MS);
      }
    }
    if (blocked) return acc.result('safety', usage, modelId || model);
    if (!finish && !acc.full) throw truncatedStream(this.ctx);
    return acc.result(geminiFinish(finish), usage, modelId || model);
  }
}
