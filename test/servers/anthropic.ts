// Local server speaking the Anthropic Messages wire format (SSE events, thinking blocks, error events) for engine tests.
import {
  DEFAULT_REPLY,
  chunkText,
  dropConnection,
  listedModels,
  forever,
  hugeText,
  normaliseReply,
  presentedKey,
  sendJson,
  sleep,
  startServer,
  startSse,
  writeSse,
  type HandlerContext,
  type ServerOptions,
  type TestServer,
} from './http-util';

interface MessagesBody {
  model?: string;
  max_tokens?: number;
  stream?: boolean;
  system?: string;
  messages?: { role: string; content: string }[];
}

const approxTokens = (s: string) => Math.max(1, Math.ceil(s.length / 4));
const errorBody = (type: string, message: string) => ({ type: 'error', error: { type, message } });

/** Start the server; messages at `${url}/v1/messages`, models at `${url}/v1/models`. */
export function startAnthropicServer(opts: ServerOptions = {}): Promise<TestServer> {
  return startServer(opts, handle, (method, path) => method === 'POST' && path.endsWith('/messages'));
}

async function handle(ctx: HandlerContext): Promise<void> {
  const { opts, req } = ctx;
  if (opts.requireKey !== undefined && presentedKey(req) !== opts.requireKey) {
    return sendJson(ctx, 401, errorBody('authentication_error', `invalid x-api-key ${presentedKey(req) ?? ''}`));
  }
  if (req.method === 'GET' && ctx.path.endsWith('/models')) {
    const ids = listedModels(opts, ctx.req.headers, ['claude-test-1', 'claude-test-2']);
    return sendJson(ctx, 200, {
      data: ids.map((id) => ({
        type: 'model',
        id,
        display_name: id.toUpperCase(),
        created_at: '2025-01-01T00:00:00Z',
      })),
      has_more: false,
      first_id: ids[0],
      last_id: ids[ids.length - 1],
    });
  }
  if (req.method !== 'POST' || !ctx.path.endsWith('/messages')) {
    return sendJson(ctx, 404, errorBody('not_found_error', `Not found: ${ctx.path}`));
  }
  const body = (ctx.body ?? {}) as MessagesBody;
  if (!body.model || !Array.isArray(body.messages) || typeof body.max_tokens !== 'number') {
    return sendJson(ctx, 400, errorBody('invalid_request_error', 'model, messages and max_tokens are required'));
  }
  if (req.headers['anthropic-version'] === undefined) {
    return sendJson(ctx, 400, errorBody('invalid_request_error', 'anthropic-version header is required'));
  }
  const fault = ctx.takeFault();
  if (fault?.kind === 'status') {
    const type =
      fault.errorType ??
      (
        {
          401: 'authentication_error',
          403: 'permission_error',
          404: 'not_found_error',
          413: 'request_too_large',
          429: 'rate_limit_error',
          500: 'api_error',
          529: 'overloaded_error',
        } as Record<number, string>
      )[fault.status] ??
      'invalid_request_error';
    const extra: Record<string, string> =
      fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
    return sendJson(
      ctx,
      fault.status,
      errorBody(type, fault.message ?? (fault.status === 529 ? 'Overloaded' : type)),
      extra,
    );
  }
  if (fault?.kind === 'context-length') {
    return sendJson(ctx, 400, errorBody('invalid_request_error', 'prompt is too long: 210345 tokens > 200000 maximum'));
  }

  const spec = normaliseReply(opts.reply ? opts.reply(body) : DEFAULT_REPLY);
  const model = spec.model ?? opts.servedModel ?? body.model;
  const inputTokens = approxTokens((body.system ?? '') + body.messages.map((m) => m.content).join('\n'));
  const text = fault?.kind === 'refusal' ? (fault.message ?? 'I will not continue with this request.') : spec.text;
  const outputTokens = approxTokens(text) + (spec.reasoning ? approxTokens(spec.reasoning) : 0);
  const stopReason = fault?.kind === 'refusal' ? 'refusal' : (spec.finishReason ?? 'end_turn');

  if (!body.stream) {
    const content: unknown[] = [];
    if (spec.reasoning) content.push({ type: 'thinking', thinking: spec.reasoning, signature: 'sig-test' });
    content.push({ type: 'text', text });
    return sendJson(ctx, 200, {
      id: 'msg_test',
      type: 'message',
      role: 'assistant',
      model,
      content,
      stop_reason: stopReason,
      stop_sequence: null,
      usage: { input_tokens: inputTokens, output_tokens: outputTokens },
    });
  }

  startSse(ctx);
  const pause = () => sleep(opts.chunkDelayMs ?? 2);
  const send = (data: { type: string } & Record<string, unknown>) => writeSse(ctx, data, data.type);
  send({
    type: 'message_start',
    message: {
      id: 'msg_test',
      type: 'message',
      role: 'assistant',
      content: [],
      model,
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: inputTokens, output_tokens: 1 },
    },
  });
  send({ type: 'ping' });
  let index = 0;
  if (spec.reasoning) {
    send({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '' } });
    for (const piece of chunkText(spec.reasoning)) {
      send({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: piece } });
      await pause();
    }
    send({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: 'sig-test' } });
    send({ type: 'content_block_stop', index });
    index++;
  }
  send({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
  if (fault?.kind === 'endless')
    return forever(
      ctx,
      () => send({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: 'more ' } }),
      1,
    );
  if (fault?.kind === 'trickle') return forever(ctx, () => send({ type: 'ping' }), fault.everyMs ?? 50);
  if (fault?.kind === 'huge') {
    for (const piece of hugeText(fault.chars)) {
      if (ctx.res.destroyed) return;
      const ev = { type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } };
      if (!ctx.res.write(`event: content_block_delta\ndata: ${JSON.stringify(ev)}\n\n`))
        await new Promise((r) => ctx.res.once('drain', r));
    }
  }
  let sent = 0;
  for (const piece of fault?.kind === 'huge' ? [] : chunkText(text)) {
    if (fault?.kind === 'drop' && sent >= fault.afterChunks) return dropConnection(ctx);
    if (fault?.kind === 'stream-error' && sent >= fault.afterChunks) {
      send({
        type: 'error',
        error: { type: fault.errorType ?? 'overloaded_error', message: fault.message ?? 'Overloaded' },
      });
      ctx.res.end();
      return;
    }
    send({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } });
    sent++;
    await pause();
  }
  if (fault?.kind === 'drop') return dropConnection(ctx);
  send({ type: 'content_block_stop', index });
  send({
    type: 'message_delta',
    delta: { stop_reason: stopReason, stop_sequence: null },
    usage: { output_tokens: outputTokens },
  });
  if (fault?.kind === 'no-terminator') return; // stop_reason sent; no message_stop, and the stream stays open
  send({ type: 'message_stop' });
  ctx.res.end();
}
