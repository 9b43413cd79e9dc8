// OpenAI Batch API client: upload a JSONL file (purpose "batch"), create a /v1/chat/completions batch, poll, read output and error files.
import { openAIHeaders, baseUrlOf, type ApiEngineOptions } from '../openai-compatible';
import { scrubResult } from '../openai-compatible';
import type { EngineConfig } from '../config';
import { EngineError, httpError } from '../errors';
import type { HttpContext } from '../http';
import { getPreset, joinUrl } from '../presets';
import { openAIBatchBody } from './bodies';
import { openAIReply, type OpenAICompletion } from './replies';
import { batchContext, call, callJson, jsonLines } from './request';
import type { BatchClient, BatchItem, BatchRequest, BatchState, BatchStatus, SentBatch } from './types';

interface OpenAIBatch {
  id: string;
  status: string;
  output_file_id?: string | null;
  error_file_id?: string | null;
  request_counts?: { total?: number; completed?: number; failed?: number };
  errors?: { data?: { code?: string; message?: string }[] } | null;
}

interface OutputLine {
  custom_id?: string;
  response?: { status_code?: number; body?: unknown } | null;
  error?: { code?: string; message?: string } | null;
}

const STATES: Record<string, BatchState> = {
  validating: 'in-progress',
  in_progress: 'in-progress',
  finalizing: 'in-progress',
  cancelling: 'in-progress',
  completed: 'ended',
  expired: 'expired',
  failed: 'failed',
  cancelled: 'cancelled',
};

export class OpenAIBatchClient implements BatchClient {
  readonly provider: string;
  readonly limits = { maxRequests: 50_000, maxBytes: 190 * 1024 * 1024 };
  #ctx: HttpContext;
  #base: string;

  constructor(
    private readonly config: EngineConfig,
    private readonly key: string | undefined,
    opts: ApiEngineOptions = {},
  ) {
    this.provider = config.descriptor.provider;
    this.#ctx = batchContext(config, key, opts);
    this.#base = baseUrlOf(config, getPreset(this.provider));
  }

  customId(sampleId: string): string {
    return sampleId;
  }

  #line(r: BatchRequest): string {
    const body = openAIBatchBody(this.config, r.request);
    return JSON.stringify({ custom_id: r.customId, method: 'POST', url: '/v1/chat/completions', body });
  }

  sizeOf(r: BatchRequest): number {
    return this.#line(r).length + 1;
  }

  #headers(json = true): Record<string, string> {
    const h = openAIHeaders(getPreset(this.provider), this.key, this.config.extraHeaders);
    if (!json) delete h['content-type'];
    return h;
  }

  async submit(reqs: BatchRequest[], signal?: AbortSignal): Promise<{ id: string; inputFileId: string }> {
    const form = new FormData();
    form.append('purpose', 'batch');
    const jsonl = reqs.map((r) => this.#line(r)).join('\n') + '\n';
    form.append('file', new Blob([jsonl], { type: 'application/jsonl' }), 'requests.jsonl');
    const file = await callJson<{ id: string }>(
      this.#ctx,
      joinUrl(this.#base, 'files'),
      { method: 'POST', headers: this.#headers(false), body: form },
      signal,
    );
    const batch = await callJson<OpenAIBatch>(
      this.#ctx,
      joinUrl(this.#base, 'batches'),
      {
        method: 'POST',
        headers: this.#headers(),
        body: JSON.stringify({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' }),
      },
      signal,
    );
    return { id: batch.id, inputFileId: file.id };
  }

  async cancel(id: string, signal?: AbortSignal): Promise<void> {
    const url = joinUrl(this.#base, `batches/${encodeURIComponent(id)}/cancel`);
    await call(this.#ctx, url, { method: 'POST', headers: this.#headers() }, signal);
  }

  async probe(signal?: AbortSignal): Promise<void> {
    await call(this.#ctx, joinUrl(this.#base, 'batches?limit=1'), { headers: this.#headers() }, signal);
  }

  async #get(id: string, signal?: AbortSignal): Promise<OpenAIBatch> {
    return callJson<OpenAIBatch>(
      this.#ctx,
      joinUrl(this.#base, `batches/${encodeURIComponent(id)}`),
      { headers: this.#headers() },
      signal,
    );
  }

  async status(id: string, signal?: AbortSignal): Promise<BatchStatus> {
    const b = await this.#get(id, signal);
    const c = b.request_counts ?? {};
    const message = b.errors?.data?.map((e) => `${e.code ?? 'error'}: ${e.message ?? ''}`).join('; ');
    return {
      state: STATES[b.status] ?? 'in-progress',
      ...(c.total !== undefined ? { total: c.total, finished: (c.completed ?? 0) + (c.failed ?? 0) } : {}),
      ...(message ? { message } : {}),
    };
  }

  async results(id: string, sent: SentBatch, signal?: AbortSignal): Promise<BatchItem[]> {
    const { startedAt } = sent;
    const b = await this.#get(id, signal);
    const lines: OutputLine[] = [];
    for (const fileId of [b.output_file_id, b.error_file_id]) {
      if (!fileId) continue;
      const { text } = await call(
        this.#ctx,
        joinUrl(this.#base, `files/${encodeURIComponent(fileId)}/content`),
        { headers: this.#headers() },
        signal,
      );
      lines.push(...jsonLines<OutputLine>(text));
    }
    return lines.flatMap((l) => (l.custom_id ? [this.#item(l, l.custom_id, startedAt)] : []));
  }

  #item(l: OutputLine, customId: string, startedAt: string): BatchItem {
    if (l.error?.code === 'batch_expired' || l.error?.code === 'batch_cancelled') return { customId, kind: 'expired' };
    const status = l.response?.status_code ?? 0;
    if (l.response && status >= 200 && status < 300)
      return {
        customId,
        kind: 'ok',
        result: scrubResult(
          openAIReply((l.response.body ?? {}) as OpenAICompletion, this.config.descriptor.model, startedAt),
          this.#ctx.secrets,
        ),
      };
    if (l.response)
      return {
        customId,
        kind: 'error',
        error: httpError(
          status,
          JSON.stringify(l.response.body ?? ''),
          new Headers(),
          this.#ctx.label,
          this.#ctx.secrets,
        ),
      };
    return {
      customId,
      kind: 'error',
      error: new EngineError('server', `${this.#ctx.label}: ${l.error?.code ?? 'error'}: ${l.error?.message ?? ''}`, {
        secrets: [this.key],
      }),
    };
  }
}
