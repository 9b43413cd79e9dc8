// Local server speaking OpenAI's Batch API: multipart file upload, batch create/poll, output and error files as JSONL.
import { BatchBook, approxTokens, type BatchServerOptions, type StoredBatch } from './batch-util';
import { presentedKey, sendJson, startServer, type HandlerContext, type TestServer } from './http-util';

export type { BatchOutcome, BatchServerOptions } from './batch-util';

const err = (message: string, code: string | null = null) => ({
  error: { message, type: 'invalid_request_error', param: null, code },
});

export interface BatchTestServer extends TestServer {
  book: BatchBook;
}

/** Start the server; the API is at `${url}/v1` (files, batches). */
export async function startOpenAIBatchServer(opts: BatchServerOptions = {}): Promise<BatchTestServer> {
  const book = new BatchBook(opts, 'batch_');
  const files = new Map<string, string>();
  let fileNo = 0;
  const server = await startServer(
    { latencyMs: opts.latencyMs, noPreflight: opts.noPreflight },
    (ctx) => handle(ctx),
    () => false,
  );
  return { ...server, book };

  async function handle(ctx: HandlerContext): Promise<void> {
    if (opts.requireKey !== undefined && presentedKey(ctx.req) !== opts.requireKey)
      return sendJson(ctx, 401, err('Incorrect API key provided.', 'invalid_api_key'));
    const m = ctx.req.method;
    const p = ctx.path.replace(/^\/v1/, '');
    if (m === 'POST' && p === '/files') {
      const form = await new Response(ctx.body as string, {
        headers: { 'content-type': String(ctx.req.headers['content-type']) },
      }).formData();
      const file = form.get('file');
      if (form.get('purpose') !== 'batch' || !(file instanceof Blob))
        return sendJson(ctx, 400, err("'purpose' must be 'batch' with a 'file' part"));
      const id = `file-${++fileNo}`;
      files.set(id, await file.text());
      return sendJson(ctx, 200, { id, object: 'file', purpose: 'batch', bytes: file.size, filename: 'requests.jsonl' });
    }
    if (m === 'POST' && p === '/batches') {
      const body = ctx.body as { input_file_id?: string; endpoint?: string; completion_window?: string };
      const text = body?.input_file_id ? files.get(body.input_file_id) : undefined;
      if (text === undefined) return sendJson(ctx, 400, err('input_file_id does not name an uploaded file'));
      if (body.endpoint !== '/v1/chat/completions' || body.completion_window !== '24h')
        return sendJson(ctx, 400, err('endpoint must be /v1/chat/completions and completion_window 24h'));
      const requests = [];
      const seen = new Set<string>();
      for (const line of text.split('\n').filter(Boolean)) {
        const l = JSON.parse(line) as {
          custom_id?: string;
          method?: string;
          url?: string;
          body?: Record<string, unknown>;
        };
        if (!l.custom_id || seen.has(l.custom_id))
          return sendJson(ctx, 400, err(`duplicate or missing custom_id ${l.custom_id}`));
        if (
          l.method !== 'POST' ||
          l.url !== '/v1/chat/completions' ||
          !l.body?.model ||
          !Array.isArray(l.body.messages)
        )
          return sendJson(ctx, 400, err(`line ${l.custom_id}: method, url, body.model and body.messages are required`));
        if (l.body.stream) return sendJson(ctx, 400, err('streaming is not supported in batch requests'));
        seen.add(l.custom_id);
        requests.push({ customId: l.custom_id, body: l.body });
      }
      return sendJson(ctx, 200, view(book.create(requests), body.input_file_id!));
    }
    if (m === 'GET' && p === '/batches')
      return sendJson(ctx, 200, { object: 'list', data: [], first_id: null, last_id: null, has_more: false });
    const get = /^\/batches\/([^/]+)$/.exec(p);
    if (m === 'GET' && get) {
      const b = book.batches.get(get[1]);
      if (!b) return sendJson(ctx, 404, err(`No batch ${get[1]}`));
      book.poll(b);
      return sendJson(ctx, 200, view(b, `file-in-${b.id}`));
    }
    const cancel = /^\/batches\/([^/]+)\/cancel$/.exec(p);
    if (m === 'POST' && cancel) {
      const b = book.batches.get(cancel[1]);
      if (!b) return sendJson(ctx, 404, err(`No batch ${cancel[1]}`));
      if (!book.cancel(b))
        return sendJson(
          ctx,
          409,
          err(`Cannot cancel a batch with status '${view(b, '').status}'.`, 'batch_not_cancellable'),
        );
      return sendJson(ctx, 200, view(b, `file-in-${b.id}`));
    }
    const content = /^\/files\/([^/]+)\/content$/.exec(p);
    if (m === 'GET' && content) {
      const text = files.get(content[1]);
      if (text === undefined) return sendJson(ctx, 404, err(`No file ${content[1]}`));
      ctx.res.writeHead(200, { 'content-type': 'application/octet-stream', ...ctx.cors });
      return void ctx.res.end(text);
    }
    return sendJson(ctx, 404, err(`Unknown path ${ctx.path}`, 'unknown_url'));
  }

  /** The batch object; when it has ended, its output and error files are written. */
  function view(b: StoredBatch, inputFileId: string) {
    const base = {
      id: b.id,
      object: 'batch',
      endpoint: '/v1/chat/completions',
      input_file_id: inputFileId,
      completion_window: '24h',
      created_at: b.createdAt,
    };
    const total = b.requests.length;
    if (!book.ended(b))
      return {
        ...base,
        status: b.cancelledAt !== undefined ? 'cancelling' : b.polls === 0 ? 'validating' : 'in_progress',
        request_counts: { total, completed: 0, failed: 0 },
      };
    if (b.outcome === 'failed')
      return {
        ...base,
        status: 'failed',
        errors: {
          object: 'list',
          data: [{ code: 'invalid_request', message: 'The batch input could not be processed.' }],
        },
        request_counts: { total: 0, completed: 0, failed: 0 },
      };
    const out: string[] = [];
    const errors: string[] = [];
    b.requests.forEach((r, i) => {
      const f = book.fate(b, i);
      const id = `batch_req_${b.id}_${i}`;
      if (f.kind === 'cancelled') return; // never run: in neither file
      if (f.kind === 'expired')
        errors.push(
          JSON.stringify({
            id,
            custom_id: r.customId,
            response: null,
            error: {
              code: 'batch_expired',
              message: 'This request could not be executed before the completion window expired.',
            },
          }),
        );
      else if (f.kind === 'error')
        errors.push(
          JSON.stringify({
            id,
            custom_id: r.customId,
            response: {
              status_code: 500,
              request_id: id,
              body: {
                error: {
                  message: 'The server had an error processing your request.',
                  type: 'server_error',
                  param: null,
                  code: null,
                },
              },
            },
            error: null,
          }),
        );
      else {
        const model = String(r.body.model);
        const messages = r.body.messages as { content: string }[];
        const body = {
          id: `chatcmpl-${i}`,
          object: 'chat.completion',
          model,
          choices: [
            {
              index: 0,
              message: {
                role: 'assistant',
                content: f.reply.text,
                ...(f.reply.reasoning ? { reasoning_content: f.reply.reasoning } : {}),
              },
              finish_reason: f.reply.finishReason ?? 'stop',
            },
          ],
          usage: {
            prompt_tokens: approxTokens(messages.map((x) => x.content).join('\n')),
            completion_tokens: approxTokens(f.reply.text),
            total_tokens: 0,
          },
        };
        out.push(
          JSON.stringify({
            id,
            custom_id: r.customId,
            response: { status_code: 200, request_id: id, body },
            error: null,
          }),
        );
      }
    });
    files.set(`file-out-${b.id}`, out.join('\n') + '\n');
    files.set(`file-err-${b.id}`, errors.join('\n') + '\n');
    const c = book.counts(b);
    return {
      ...base,
      status: b.cancelledAt !== undefined ? 'cancelled' : b.outcome === 'expired' ? 'expired' : 'completed',
      output_file_id: out.length ? `file-out-${b.id}` : null,
      error_file_id: errors.length ? `file-err-${b.id}` : null,
      request_counts: { total, completed: c.ok, failed: c.error + c.expired },
    };
  }
}
