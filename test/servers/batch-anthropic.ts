// Local server speaking Anthropic's Message Batches API: create, poll processing_status and counts, results JSONL at results_url.
import { BatchBook, approxTokens, type BatchServerOptions, type StoredBatch } from './batch-util';
import { presentedKey, sendJson, startServer, type HandlerContext } from './http-util';
import type { BatchTestServer } from './batch-openai';

const err = (type: string, message: string) => ({ type: 'error', error: { type, message } });
const CUSTOM_ID = /^[a-zA-Z0-9_-]{1,64}$/;

/** Start the server; the API is at `${url}/v1` (messages/batches). */
export async function startAnthropicBatchServer(opts: BatchServerOptions = {}): Promise<BatchTestServer> {
  const book = new BatchBook(opts, 'msgbatch_');
  let base = '';
  const server = await startServer(
    { latencyMs: opts.latencyMs, noPreflight: opts.noPreflight },
    (ctx) => handle(ctx),
    () => false,
  );
  base = server.url;
  return { ...server, book };

  async function handle(ctx: HandlerContext): Promise<void> {
    if (opts.requireKey !== undefined && presentedKey(ctx.req) !== opts.requireKey)
      return sendJson(ctx, 401, err('authentication_error', 'invalid x-api-key'));
    if (!ctx.req.headers['anthropic-version'])
      return sendJson(ctx, 400, err('invalid_request_error', 'anthropic-version header is required'));
    const m = ctx.req.method;
    const p = ctx.path.replace(/^\/v1/, '');
    if (m === 'GET' && p === '/messages/batches')
      return sendJson(ctx, 200, { data: [], has_more: false, first_id: null, last_id: null });
    if (m === 'POST' && p === '/messages/batches') {
      const body = ctx.body as { requests?: { custom_id?: string; params?: Record<string, unknown> }[] };
      if (!Array.isArray(body?.requests) || !body.requests.length)
        return sendJson(ctx, 400, err('invalid_request_error', 'requests: a non-empty list is required'));
      const seen = new Set<string>();
      for (const r of body.requests) {
        if (!r.custom_id || !CUSTOM_ID.test(r.custom_id) || seen.has(r.custom_id))
          return sendJson(
            ctx,
            400,
            err('invalid_request_error', `custom_id "${r.custom_id}" must match ^[a-zA-Z0-9_-]{1,64}$ and be unique`),
          );
        if (!r.params?.model || !r.params.max_tokens || !Array.isArray(r.params.messages))
          return sendJson(
            ctx,
            400,
            err('invalid_request_error', `${r.custom_id}: params.model, max_tokens and messages are required`),
          );
        if (r.params.stream)
          return sendJson(ctx, 400, err('invalid_request_error', 'stream is not supported in batches'));
        seen.add(r.custom_id);
      }
      const b = book.create(body.requests.map((r) => ({ customId: r.custom_id!, body: r.params! })));
      return sendJson(ctx, 200, view(b));
    }
    const get = /^\/messages\/batches\/([^/]+)$/.exec(p);
    if (m === 'GET' && get) {
      const b = book.batches.get(get[1]);
      if (!b) return sendJson(ctx, 404, err('not_found_error', `No batch ${get[1]}`));
      book.poll(b);
      return sendJson(ctx, 200, view(b));
    }
    const cancel = /^\/messages\/batches\/([^/]+)\/cancel$/.exec(p);
    if (m === 'POST' && cancel) {
      const b = book.batches.get(cancel[1]);
      if (!b) return sendJson(ctx, 404, err('not_found_error', `No batch ${cancel[1]}`));
      if (!book.cancel(b))
        return sendJson(ctx, 409, err('invalid_request_error', `Batch ${b.id} has ended and cannot be canceled.`));
      return sendJson(ctx, 200, view(b));
    }
    const res = /^\/messages\/batches\/([^/]+)\/results$/.exec(p);
    if (m === 'GET' && res) {
      const b = book.batches.get(res[1]);
      if (!b || !book.ended(b)) return sendJson(ctx, 404, err('not_found_error', 'results are not ready'));
      const lines = b.requests.map((r, i) => {
        const f = book.fate(b, i);
        if (f.kind === 'expired') return { custom_id: r.customId, result: { type: 'expired' } };
        if (f.kind === 'cancelled') return { custom_id: r.customId, result: { type: 'canceled' } };
        if (b.outcome === 'failed')
          return {
            custom_id: r.customId,
            result: {
              type: 'errored',
              error: {
                type: 'error',
                error: { type: 'invalid_request_error', message: 'The request failed validation.' },
              },
            },
          };
        if (f.kind === 'error')
          return {
            custom_id: r.customId,
            result: {
              type: 'errored',
              error: { type: 'error', error: { type: 'api_error', message: 'Internal server error' } },
            },
          };
        const messages = r.body.messages as { content: string }[];
        const content = [
          ...(f.reply.reasoning ? [{ type: 'thinking', thinking: f.reply.reasoning, signature: 'sig' }] : []),
          { type: 'text', text: f.reply.text },
        ];
        return {
          custom_id: r.customId,
          result: {
            type: 'succeeded',
            message: {
              id: `msg_${i}`,
              type: 'message',
              role: 'assistant',
              model: r.body.model,
              content,
              stop_reason: f.reply.finishReason ?? 'end_turn',
              stop_sequence: null,
              usage: {
                input_tokens: approxTokens(String(r.body.system ?? '') + messages.map((x) => x.content).join('\n')),
                output_tokens: approxTokens(f.reply.text),
              },
            },
          },
        };
      });
      ctx.res.writeHead(200, { 'content-type': 'application/binary', ...ctx.cors });
      return void ctx.res.end(lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    }
    return sendJson(ctx, 404, err('not_found_error', `Unknown path ${ctx.path}`));
  }

  function view(b: StoredBatch) {
    const n = b.requests.length;
    const ended = book.ended(b);
    const c = book.counts(b);
    return {
      id: b.id,
      type: 'message_batch',
      processing_status: ended ? 'ended' : b.cancelledAt !== undefined ? 'canceling' : 'in_progress',
      request_counts: ended
        ? { processing: 0, succeeded: c.ok, errored: c.error, canceled: c.cancelled, expired: c.expired }
        : { processing: n, succeeded: 0, errored: 0, canceled: 0, expired: 0 },
      results_url: ended ? `${base}/v1/messages/batches/${b.id}/results` : null,
      created_at: new Date(b.createdAt * 1000).toISOString(),
    };
  }
}
