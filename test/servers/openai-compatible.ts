// Local server speaking the OpenAI chat-completions wire format (SSE + JSON, errors, faults) for engine and runner tests.
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

export type { Fault, ReplySpec, ServerOptions, TestServer, RecordedRequest } from './http-util';

interface ChatBody {
  model?: string;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  messages?: { role: string; content: string }[];
}

const approxTokens = (s: string) => Math.max(1, Math.ceil(s.length / 4));

function errorBody(message: string, type: string, code: string | null, param: string | null = null) {
  return { error: { message, type, param, code } };
}

/** Start the server; chat completions at `${url}/v1/chat/completions`, models at `${url}/v1/models`. */
export function startOpenAIServer(opts: ServerOptions = {}): Promise<TestServer> {
  return startServer(
    opts,
    (ctx) => handle(ctx),
    (method, path) => method === 'POST' && path.endsWith('/chat/completions'),
  );
}

async function handle(ctx: HandlerContext): Promise<void> {
  const { opts } = ctx;
  if (opts.requireKey !== undefined && presentedKey(ctx.req) !== opts.requireKey) {
    const shown = presentedKey(ctx.req) ?? '';
    // real providers echo (part of) the key they received; we echo all of it so redaction is tested
    return sendJson(
      ctx,
      401,
      errorBody(`Incorrect API key provided: ${shown}.`, 'invalid_request_error', 'invalid_api_key'),
    );
  }
  if (ctx.req.method === 'GET' && ctx.path.endsWith('/models')) {
    const ids = listedModels(opts, ctx.req.headers, ['test-model-1', 'test-model-2']);
    return sendJson(ctx, 200, {
      object: 'list',
      data: ids.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'local-test' })),
    });
  }
  if (ctx.req.method !== 'POST' || !ctx.path.endsWith('/chat/completions')) {
    return sendJson(ctx, 404, errorBody(`Unknown path ${ctx.path}`, 'invalid_request_error', 'unknown_url'));
  }
  const body = (ctx.body ?? {}) as ChatBody;
  if (!Array.isArray(body.messages) || !body.model) {
    return sendJson(
      ctx,
      400,
      errorBody("'messages' and 'model' are required", 'invalid_request_error', null, 'messages'),
    );
  }
  const fault = ctx.takeFault();
  if (fault?.kind === 'status') {
    const extra: Record<string, string> =
      fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
    const type =
      fault.errorType ??
      (fault.status === 429 ? 'requests' : fault.status >= 500 ? 'server_error' : 'invalid_request_error');
    const code =
      fault.code ?? (fault.status === 429 ? 'rate_limit_exceeded' : fault.status === 401 ? 'invalid_api_key' : null);
    const msg =
      fault.message ??
      (fault.status === 429
        ? 'Rate limit reached for requests. Please try again later.'
        : fault.status === 503
          ? 'The engine is currently overloaded, please try again later'
          : fault.status >= 500
            ? 'The server had an error while processing your request. Sorry about that!'
            : fault.status === 401
              ? 'Incorrect API key provided.'
              : 'Bad request.');
    return sendJson(ctx, fault.status, errorBody(msg, type, code), extra);
  }
  if (fault?.kind === 'context-length') {
    return sendJson(
      ctx,
      400,
      errorBody(
        "This model's maximum context length is 8192 tokens. However, your messages resulted in 9001 tokens. Please reduce the length of the messages.",
        'invalid_request_error',
        'context_length_exceeded',
        'messages',
      ),
    );
  }

  const spec = normaliseReply(opts.reply ? opts.reply(body, ctx.req.headers) : DEFAULT_REPLY);
  const model = spec.model ?? opts.servedModel ?? body.model;
  const promptTokens = approxTokens(body.messages.map((m) => m.content).join('\n'));
  const completionTokens = approxTokens(spec.text);
  const reasoningTokens = spec.reasoning ? approxTokens(spec.reasoning) : 0;
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens + reasoningTokens,
    total_tokens: promptTokens + completionTokens + reasoningTokens,
    completion_tokens_details: { reasoning_tokens: reasoningTokens },
  };
  const finish = fault?.kind === 'refusal' ? 'stop' : (spec.finishReason ?? 'stop');
  const rField = spec.reasoningField ?? 'reasoning_content';
  const id = `chatcmpl-test-${Date.now()}`;
  const created = Math.floor(Date.now() / 1000);

  if (!body.stream) {
    const message: Record<string, unknown> = {
      role: 'assistant',
      content: fault?.kind === 'refusal' ? null : spec.text,
    };
    if (fault?.kind === 'refusal') message.refusal = fault.message ?? "I'm sorry, I can't help with that.";
    if (spec.reasoning) message[rField] = spec.reasoning;
    return sendJson(ctx, 200, {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: finish }],
      usage,
    });
  }

  // back to back: the whole reply leaves in one write (headers included), as a server that has it ready would send it
  if (opts.backToBack) ctx.res.cork();
  startSse(ctx);
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    system_fingerprint: 'fp_test',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  });
  const pause = () => (opts.backToBack ? Promise.resolve() : sleep(opts.chunkDelayMs ?? 2));
  writeSse(ctx, chunk({ role: 'assistant', content: '' }));
  await pause();
  if (fault?.kind === 'endless') return forever(ctx, () => writeSse(ctx, chunk({ content: 'more and more ' })), 1);
  if (fault?.kind === 'trickle') return forever(ctx, () => writeSse(ctx, chunk({})), fault.everyMs ?? 50);
  if (fault?.kind === 'huge') {
    for (const piece of hugeText(fault.chars)) {
      if (ctx.res.destroyed) return;
      if (!ctx.res.write(`data: ${JSON.stringify(chunk({ content: piece }))}\n\n`))
        await new Promise((r) => ctx.res.once('drain', r));
    }
    writeSse(ctx, chunk({}, finish));
    writeSse(ctx, '[DONE]');
    ctx.res.end();
    return;
  }
  if (spec.reasoning) {
    for (const piece of chunkText(spec.reasoning, opts.chunkChars)) {
      writeSse(ctx, chunk({ [rField]: piece }));
      await pause();
    }
  }
  if (fault?.kind === 'refusal') {
    for (const piece of chunkText(fault.message ?? "I'm sorry, I can't help with that.")) {
      writeSse(ctx, chunk({ refusal: piece }));
      await pause();
    }
  } else {
    let sent = 0;
    for (const piece of chunkText(spec.text, opts.chunkChars)) {
      if (fault?.kind === 'drop' && sent >= fault.afterChunks) return dropConnection(ctx);
      if (fault?.kind === 'stream-error' && sent >= fault.afterChunks) {
        // OpenRouter-style error object inside the stream
        writeSse(ctx, { error: { message: fault.message ?? 'Provider overloaded', code: 502, type: fault.errorType } });
        ctx.res.end();
        return;
      }
      writeSse(ctx, chunk({ content: piece }));
      sent++;
      await pause();
    }
    if (fault?.kind === 'drop') return dropConnection(ctx);
  }
  writeSse(ctx, chunk({}, finish));
  if (fault?.kind === 'no-terminator') return; // the stream stays open, with no usage chunk and no [DONE]
  if (body.stream_options?.include_usage) writeSse(ctx, { ...chunk({}), choices: [], usage });
  writeSse(ctx, '[DONE]');
  if (opts.backToBack) ctx.res.uncork();
  ctx.res.end();
}
