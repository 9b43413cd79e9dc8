// Anthropic Message Batches client: create with {custom_id, params} requests, poll processing_status, read the results JSONL.
import { anthropicHeaders, anthropicStreamError } from '../anthropic';
import { scrubResult } from '../openai-compatible';
import type { EngineConfig } from '../config';
import type { HttpContext } from '../http';
import { baseUrlOf, type ApiEngineOptions } from '../openai-compatible';
import { getPreset, joinUrl } from '../presets';
import { anthropicBatchBody } from './bodies';
import { anthropicReply, type AnthropicMessage } from './replies';
import { batchContext, call, callJson, jsonLines } from './request';
import type { BatchClient, BatchItem, BatchRequest, BatchStatus, SentBatch } from './types';

interface AnthropicBatch {
  id: string;
  processing_status: 'in_progress' | 'canceling' | 'ended';
  request_counts?: { processing?: number; succeeded?: number; errored?: number; canceled?: number; expired?: number };
  results_url?: string | null;
}

interface ResultLine {
  custom_id?: string;
  result?: {
    type: 'succeeded' | 'errored' | 'canceled' | 'expired';
    message?: AnthropicMessage;
    error?: { type?: string; error?: { type?: string; message?: string }; message?: string };
  };
}

export class AnthropicBatchClient implements BatchClient {
  readonly provider = 'anthropic';
  readonly limits = { maxRequests: 100_000, maxBytes: 240 * 1024 * 1024 };
  #ctx: HttpContext;
  #base: string;

  constructor(
    private readonly config: EngineConfig,
    private readonly key: string | undefined,
    opts: ApiEngineOptions = {},
  ) {
    this.#ctx = batchContext(config, key, opts);
    this.#base = baseUrlOf(config, getPreset('anthropic'));
  }

  /** Anthropic custom ids must match [A-Za-z0-9_-]{1,64}, too short for sample ids: condition and sample index. */
  customId(_sampleId: string, at: { condition: number; index: number }): string {
    return `c${at.condition}-s${at.index}`;
  }

  #request(r: BatchRequest): { custom_id: string; params: Record<string, unknown> } {
    return { custom_id: r.customId, params: anthropicBatchBody(this.config, r.request) };
  }

  sizeOf(r: BatchRequest): number {
    return JSON.stringify(this.#request(r)).length + 1;
  }

  #headers(): Record<string, string> {
    return anthropicHeaders(this.key, this.config.extraHeaders);
  }

  async submit(reqs: BatchRequest[], signal?: AbortSignal): Promise<{ id: string }> {
    const b = await callJson<AnthropicBatch>(
      this.#ctx,
      joinUrl(this.#base, 'messages/batches'),
      {
        method: 'POST',
        headers: this.#headers(),
        body: JSON.stringify({ requests: reqs.map((r) => this.#request(r)) }),
      },
      signal,
    );
    return { id: b.id };
  }

  async cancel(id: string, signal?: AbortSignal): Promise<void> {
    const url = joinUrl(this.#base, `messages/batches/${encodeURIComponent(id)}/cancel`);
    await call(this.#ctx, url, { method: 'POST', headers: this.#headers() }, signal);
  }

  async probe(signal?: AbortSignal): Promise<void> {
    await call(this.#ctx, joinUrl(this.#base, 'messages/batches?limit=1'), { headers: this.#headers() }, signal);
  }

  #get(id: string, signal?: AbortSignal): Promise<AnthropicBatch> {
    const url = joinUrl(this.#base, `messages/batches/${encodeURIComponent(id)}`);
    return callJson<AnthropicBatch>(this.#ctx, url, { headers: this.#headers() }, signal);
  }

  async status(id: string, signal?: AbortSignal): Promise<BatchStatus> {
    const b = await this.#get(id, signal);
    const c = b.request_counts ?? {};
    const finished = (c.succeeded ?? 0) + (c.errored ?? 0) + (c.canceled ?? 0) + (c.expired ?? 0);
    const total = finished + (c.processing ?? 0);
    // an ended batch whose requests all expired is reported as expired (they are queued again either way)
    const state =
      b.processing_status !== 'ended' ? 'in-progress' : c.expired && c.expired === total ? 'expired' : 'ended';
    return { state, finished, total };
  }

  async results(id: string, sent: SentBatch, signal?: AbortSignal): Promise<BatchItem[]> {
    const { startedAt } = sent;
    const b = await this.#get(id, signal);
    if (!b.results_url) return [];
    const { text } = await call(this.#ctx, b.results_url, { headers: this.#headers() }, signal);
    return jsonLines<ResultLine>(text).flatMap((l) =>
      l.custom_id && l.result ? [this.#item(l, l.custom_id, startedAt)] : [],
    );
  }

  #item(l: ResultLine, customId: string, startedAt: string): BatchItem {
    const r = l.result!;
    if (r.type === 'succeeded' && r.message)
      return {
        customId,
        kind: 'ok',
        result: scrubResult(anthropicReply(r.message, this.config.descriptor.model, startedAt), this.#ctx.secrets),
      };
    if (r.type === 'errored') {
      const inner = r.error?.error ?? r.error ?? {};
      return {
        customId,
        kind: 'error',
        error: anthropicStreamError(this.#ctx, { type: inner.type, message: inner.message }),
      };
    }
    return { customId, kind: 'expired' };
  }
}
