// Gemini Batch Mode client: models/{model}:batchGenerateContent with inlined requests, poll batches/{id}, read inlined responses.
import type { EngineConfig } from '../config';
import { scrubResult } from '../openai-compatible';
import { EngineError, httpError } from '../errors';
import { geminiHeaders } from '../gemini';
import type { HttpContext } from '../http';
import { baseUrlOf, type ApiEngineOptions } from '../openai-compatible';
import { getPreset, joinUrl } from '../presets';
import { geminiBatchBody } from './bodies';
import { geminiReply, type GeminiResponse } from './replies';
import { batchContext, callJson } from './request';
import type { BatchClient, BatchItem, BatchRequest, BatchState, BatchStatus, SentBatch } from './types';

interface InlinedResponse {
  response?: GeminiResponse;
  error?: { code?: number; message?: string; status?: string };
  metadata?: { key?: string };
}
interface BatchBody {
  state?: string;
  batchStats?: {
    requestCount?: string | number;
    successfulRequestCount?: string | number;
    failedRequestCount?: string | number;
  };
  output?: { inlinedResponses?: { inlinedResponses?: InlinedResponse[] } };
}
/** batches.get answers with a long-running Operation whose metadata is the batch (and response its output when done). */
interface Operation {
  name?: string;
  done?: boolean;
  metadata?: BatchBody;
  response?: BatchBody & { inlinedResponses?: { inlinedResponses?: InlinedResponse[] } };
  error?: { code?: number; message?: string };
}

function stateOf(s: string | undefined): BatchState {
  switch ((s ?? '').replace(/^(BATCH|JOB)_STATE_/, '')) {
    case 'SUCCEEDED':
      return 'ended';
    case 'FAILED':
      return 'failed';
    case 'CANCELLED':
      return 'cancelled';
    case 'EXPIRED':
      return 'expired';
    default:
      return 'in-progress'; // PENDING, RUNNING, UNSPECIFIED
  }
}

export class GeminiBatchClient implements BatchClient {
  readonly provider = 'gemini';
  /** inlined requests are limited to 20 MB per batch (Gemini Batch Mode guide) */
  readonly limits = { maxRequests: 10_000, maxBytes: 18 * 1024 * 1024 };
  #ctx: HttpContext;
  #base: string;
  #model: string;

  constructor(
    private readonly config: EngineConfig,
    private readonly key: string | undefined,
    opts: ApiEngineOptions = {},
  ) {
    this.#ctx = batchContext(config, key, opts);
    this.#base = baseUrlOf(config, getPreset('gemini'));
    this.#model = config.descriptor.model.replace(/^models\//, '');
  }

  customId(sampleId: string): string {
    return sampleId;
  }

  #request(r: BatchRequest) {
    return { request: geminiBatchBody(this.config, r.request), metadata: { key: r.customId } };
  }

  sizeOf(r: BatchRequest): number {
    return JSON.stringify(this.#request(r)).length + 1;
  }

  async submit(reqs: BatchRequest[], signal?: AbortSignal): Promise<{ id: string }> {
    const url = joinUrl(this.#base, `models/${encodeURIComponent(this.#model)}:batchGenerateContent`);
    const body = {
      batch: {
        display_name: `aml-${reqs[0]?.customId.split('/')[0] ?? 'run'}`,
        input_config: { requests: { requests: reqs.map((r) => this.#request(r)) } },
      },
    };
    const op = await callJson<Operation>(
      this.#ctx,
      url,
      { method: 'POST', headers: geminiHeaders(this.key, this.config.extraHeaders), body: JSON.stringify(body) },
      signal,
    );
    if (!op.name) throw new EngineError('server', `${this.#ctx.label}: the batch was created without a name.`);
    return { id: op.name };
  }

  /** batches.cancel: POST {name}:cancel, answered with an empty object */
  async cancel(id: string, signal?: AbortSignal): Promise<void> {
    const url = joinUrl(this.#base, `${id.split('/').map(encodeURIComponent).join('/')}:cancel`);
    const headers = geminiHeaders(this.key, this.config.extraHeaders);
    await callJson<unknown>(this.#ctx, url, { method: 'POST', headers, body: '{}' }, signal);
  }

  async probe(signal?: AbortSignal): Promise<void> {
    const url = joinUrl(this.#base, 'batches?pageSize=1');
    await callJson<unknown>(this.#ctx, url, { headers: geminiHeaders(this.key, this.config.extraHeaders) }, signal);
  }

  #get(id: string, signal?: AbortSignal): Promise<Operation> {
    const url = joinUrl(this.#base, id.split('/').map(encodeURIComponent).join('/'));
    return callJson<Operation>(this.#ctx, url, { headers: geminiHeaders(this.key, this.config.extraHeaders) }, signal);
  }

  async status(id: string, signal?: AbortSignal): Promise<BatchStatus> {
    const op = await this.#get(id, signal);
    const m = op.metadata ?? {};
    const s = m.batchStats ?? {};
    const total = s.requestCount !== undefined ? Number(s.requestCount) : undefined;
    const finished = Number(s.successfulRequestCount ?? 0) + Number(s.failedRequestCount ?? 0);
    return {
      state: op.error ? 'failed' : stateOf(m.state),
      ...(total !== undefined ? { total, finished } : {}),
      ...(op.error?.message ? { message: op.error.message } : {}),
    };
  }

  /** Responses come in request order; metadata.key (when the API returns it) names the request instead. */
  async results(id: string, sent: SentBatch, signal?: AbortSignal): Promise<BatchItem[]> {
    const { startedAt, customIds: order } = sent;
    const op = await this.#get(id, signal);
    const list =
      op.response?.inlinedResponses?.inlinedResponses ?? op.metadata?.output?.inlinedResponses?.inlinedResponses ?? [];
    return list.flatMap((r, i): BatchItem[] => {
      const customId = r.metadata?.key ?? order[i];
      if (!customId) return [];
      if (r.response)
        return [
          {
            customId,
            kind: 'ok' as const,
            result: scrubResult(geminiReply(r.response, this.#model, startedAt), this.#ctx.secrets),
          },
        ];
      const e = r.error ?? {};
      return [
        {
          customId,
          kind: 'error' as const,
          error: httpError(e.code ?? 500, JSON.stringify({ error: e }), new Headers(), this.#ctx.label, [this.key]),
        },
      ];
    });
  }
}
