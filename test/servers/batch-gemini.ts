// Local server speaking Gemini's Batch Mode: models/{m}:batchGenerateContent with inlined requests, batches/{id} operations.
import { BatchBook, approxTokens, type BatchServerOptions, type StoredBatch } from './batch-util';
import { presentedKey, sendJson, startServer, type HandlerContext } from './http-util';
import type { BatchTestServer } from './batch-openai';

const err = (code: number, status: string, message: string) => ({ error: { code, message, status } });
const TYPE = 'type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch';

/** Start the server; the API is at `${url}/v1beta`. Inlined responses come in request order without metadata. */
export async function startGeminiBatchServer(opts: BatchServerOptions = {}): Promise<BatchTestServer> {
  const book = new BatchBook(opts, 'batches/');
  const models = new Map<string, string>();
  const server = await startServer(
    { latencyMs: opts.latencyMs, noPreflight: opts.noPreflight },
    (ctx) => handle(ctx),
    () => false,
  );
  return { ...server, book };

  async function handle(ctx: HandlerContext): Promise<void> {
    if (opts.requireKey !== undefined && presentedKey(ctx.req) !== opts.requireKey)
      return sendJson(ctx, 400, err(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.'));
    const m = ctx.req.method;
    const p = ctx.path.replace(/^\/v1beta/, '');
    if (m === 'GET' && p === '/batches') return sendJson(ctx, 200, { operations: [] });
    const create = /^\/models\/([^/:]+):batchGenerateContent$/.exec(decodeURIComponent(p));
    if (m === 'POST' && create) {
      const body = ctx.body as {
        batch?: {
          display_name?: string;
          input_config?: {
            requests?: { requests?: { request?: Record<string, unknown>; metadata?: { key?: string } }[] };
          };
        };
      };
      const list = body?.batch?.input_config?.requests?.requests;
      if (!body?.batch?.display_name || !Array.isArray(list) || !list.length)
        return sendJson(
          ctx,
          400,
          err(400, 'INVALID_ARGUMENT', 'batch.display_name and input_config.requests.requests are required'),
        );
      for (const r of list)
        if (!Array.isArray(r.request?.contents))
          return sendJson(ctx, 400, err(400, 'INVALID_ARGUMENT', 'request.contents is required'));
      const b = book.create(list.map((r, i) => ({ customId: r.metadata?.key ?? `#${i}`, body: r.request! })));
      models.set(b.id, create[1]);
      return sendJson(ctx, 200, operation(b));
    }
    const cancel = /^\/(batches\/[^/:]+):cancel$/.exec(p);
    if (m === 'POST' && cancel) {
      const b = book.batches.get(cancel[1]);
      if (!b) return sendJson(ctx, 404, err(404, 'NOT_FOUND', `Batch ${cancel[1]} not found`));
      if (!book.cancel(b))
        return sendJson(ctx, 400, err(400, 'FAILED_PRECONDITION', `Batch ${b.id} has already finished.`));
      return sendJson(ctx, 200, {});
    }
    const get = /^\/(batches\/[^/]+)$/.exec(p);
    if (m === 'GET' && get) {
      const b = book.batches.get(get[1]);
      if (!b) return sendJson(ctx, 404, err(404, 'NOT_FOUND', `Batch ${get[1]} not found`));
      book.poll(b);
      return sendJson(ctx, 200, operation(b));
    }
    return sendJson(ctx, 404, err(404, 'NOT_FOUND', `Unknown path ${ctx.path}`));
  }

  function operation(b: StoredBatch) {
    const n = b.requests.length;
    const ended = book.ended(b);
    const c = book.counts(b);
    const state = !ended
      ? b.polls
        ? 'BATCH_STATE_RUNNING'
        : 'BATCH_STATE_PENDING'
      : b.cancelledAt !== undefined
        ? 'BATCH_STATE_CANCELLED'
        : b.outcome === 'failed'
          ? 'BATCH_STATE_FAILED'
          : b.outcome === 'expired'
            ? 'BATCH_STATE_EXPIRED'
            : 'BATCH_STATE_SUCCEEDED';
    const metadata = {
      '@type': TYPE,
      model: `models/${models.get(b.id)}`,
      displayName: 'batch',
      state,
      batchStats: ended
        ? {
            requestCount: String(n),
            successfulRequestCount: String(c.ok),
            failedRequestCount: String(c.error),
            pendingRequestCount: '0',
          }
        : { requestCount: String(n), pendingRequestCount: String(n) },
    };
    if (!ended) return { name: b.id, metadata };
    if (b.outcome === 'failed')
      return {
        name: b.id,
        metadata,
        done: true,
        error: { code: 3, message: 'The batch input could not be processed.' },
      };
    if (b.outcome === 'expired' || b.cancelledAt !== undefined) return { name: b.id, metadata, done: true };
    const inlined = b.requests.map((r, i) => {
      const f = book.fate(b, i);
      if (f.kind !== 'ok') return { error: { code: 500, message: 'Internal error encountered.', status: 'INTERNAL' } };
      const contents = r.body.contents as { parts: { text: string }[] }[];
      const parts = [
        ...(f.reply.reasoning ? [{ text: f.reply.reasoning, thought: true }] : []),
        { text: f.reply.text },
      ];
      return {
        response: {
          candidates: [{ content: { role: 'model', parts }, finishReason: f.reply.finishReason ?? 'STOP', index: 0 }],
          usageMetadata: {
            promptTokenCount: approxTokens(contents.map((x) => x.parts[0].text).join('\n')),
            candidatesTokenCount: approxTokens(f.reply.text),
          },
          modelVersion: models.get(b.id),
        },
      };
    });
    return {
      name: b.id,
      metadata,
      done: true,
      response: { '@type': TYPE.replace('Batch', 'BatchOutput'), inlinedResponses: { inlinedResponses: inlined } },
    };
  }
}
