// Local server speaking the Gemini generateContent wire format (alt=sse streaming, thought parts, safety blocks) for tests.
import {
  DEFAULT_REPLY,
  chunkText,
  dropConnection,
  forever,
  hugeText,
  listedModels,
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

interface GenerateBody {
  contents?: { role?: string; parts?: { text?: string }[] }[];
  systemInstruction?: { parts?: { text?: string }[] };
  generationConfig?: Record<string, unknown>;
}

const approxTokens = (s: string) => Math.max(1, Math.ceil(s.length / 4));
const STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};
const errorBody = (code: number, message: string, details: unknown[] = []) => ({
  error: { code, message, status: STATUS[code] ?? 'UNKNOWN', details },
});
const MODEL_PATH = /\/models\/([^/:]+):(streamGenerateContent|generateContent)$/;

/** Start the server; base URL for the engine is `${url}/v1beta`. */
export function startGeminiServer(opts: ServerOptions = {}): Promise<TestServer> {
  return startServer(opts, handle, (method, path) => method === 'POST' && MODEL_PATH.test(path));
}

async function handle(ctx: HandlerContext): Promise<void> {
  const { opts, req } = ctx;
  if (opts.requireKey !== undefined && presentedKey(req) !== opts.requireKey) {
    return sendJson(
      ctx,
      400,
      errorBody(400, 'API key not valid. Please pass a valid API key.', [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' },
      ]),
    );
  }
  if (req.method === 'GET' && ctx.path.endsWith('/models')) {
    const ids = listedModels(opts, ctx.req.headers, ['gemini-test-flash', 'gemini-test-pro']);
    return sendJson(ctx, 200, {
      models: [
        ...ids.map((id) => ({
          name: `models/${id}`,
          displayName: id.toUpperCase(),
          inputTokenLimit: 1_048_576,
          outputTokenLimit: 65_536,
          supportedGenerationMethods: ['generateContent', 'countTokens'],
        })),
        { name: 'models/text-embedding-test', supportedGenerationMethods: ['embedContent'] },
      ],
    });
  }
  const m = MODEL_PATH.exec(ctx.path);
  if (req.method !== 'POST' || !m) return sendJson(ctx, 404, errorBody(404, `Not found: ${ctx.path}`));
  const streaming = m[2] === 'streamGenerateContent';
  if (streaming && ctx.query.get('alt') !== 'sse') {
    return sendJson(ctx, 400, errorBody(400, 'this test server only streams with alt=sse'));
  }
  const body = (ctx.body ?? {}) as GenerateBody;
  if (!Array.isArray(body.contents)) return sendJson(ctx, 400, errorBody(400, '* contents: required'));
  const fault = ctx.takeFault();
  if (fault?.kind === 'status') {
    const details =
      fault.retryAfter !== undefined
        ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${fault.retryAfter}s` }]
        : [];
    const msg =
      fault.message ??
      (fault.status === 429
        ? 'Resource has been exhausted (e.g. check quota).'
        : fault.status === 503
          ? 'The model is overloaded. Please try again later.'
          : 'An internal error has occurred.');
    return sendJson(ctx, fault.status, errorBody(fault.status, msg, details));
  }
  if (fault?.kind === 'context-length') {
    return sendJson(
      ctx,
      400,
      errorBody(400, 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).'),
    );
  }

  const spec = normaliseReply(opts.reply ? opts.reply(body) : DEFAULT_REPLY);
  const model = spec.model ?? opts.servedModel ?? `${m[1]}-001`;
  const prompt = [body.systemInstruction, ...body.contents].flatMap((c) => c?.parts ?? []).map((p) => p.text ?? '');
  const usageMetadata = {
    promptTokenCount: approxTokens(prompt.join('\n')),
    candidatesTokenCount: approxTokens(spec.text),
    totalTokenCount: approxTokens(prompt.join('\n')) + approxTokens(spec.text),
    ...(spec.reasoning ? { thoughtsTokenCount: approxTokens(spec.reasoning) } : {}),
  };
  const ratings = [
    { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: fault?.kind === 'refusal' ? 'HIGH' : 'NEGLIGIBLE' },
  ];

  if (fault?.kind === 'refusal') {
    // the prompt itself is blocked: no candidates, only promptFeedback
    const blocked = {
      promptFeedback: { blockReason: 'SAFETY', safetyRatings: ratings },
      usageMetadata,
      modelVersion: model,
    };
    if (!streaming) return sendJson(ctx, 200, blocked);
    startSse(ctx);
    writeSse(ctx, blocked);
    ctx.res.end();
    return;
  }
  const finishReason = spec.finishReason ?? 'STOP';
  if (!streaming) {
    const parts = [...(spec.reasoning ? [{ text: spec.reasoning, thought: true }] : []), { text: spec.text }];
    return sendJson(ctx, 200, {
      candidates: [{ content: { parts, role: 'model' }, finishReason, index: 0, safetyRatings: ratings }],
      usageMetadata,
      modelVersion: model,
      responseId: 'resp-test',
    });
  }
  startSse(ctx);
  const pause = () => sleep(opts.chunkDelayMs ?? 2);
  const chunk = (parts: unknown[], last = false) => ({
    candidates: [
      { content: { parts, role: 'model' }, index: 0, ...(last ? { finishReason, safetyRatings: ratings } : {}) },
    ],
    ...(last ? { usageMetadata } : { usageMetadata: { promptTokenCount: usageMetadata.promptTokenCount } }),
    modelVersion: model,
    responseId: 'resp-test',
  });
  if (fault?.kind === 'endless') return forever(ctx, () => writeSse(ctx, chunk([{ text: 'more and more ' }])), 1);
  if (fault?.kind === 'trickle') return forever(ctx, () => writeSse(ctx, chunk([])), fault.everyMs ?? 50);
  if (fault?.kind === 'huge') {
    for (const piece of hugeText(fault.chars)) {
      if (ctx.res.destroyed) return;
      if (!ctx.res.write(`data: ${JSON.stringify(chunk([{ text: piece }]))}\n\n`))
        await new Promise((r) => ctx.res.once('drain', r));
    }
    writeSse(ctx, chunk([{ text: '' }], true));
    ctx.res.end();
    return;
  }
  for (const piece of spec.reasoning ? chunkText(spec.reasoning, 24) : []) {
    writeSse(ctx, chunk([{ text: piece, thought: true }]));
    await pause();
  }
  const pieces = chunkText(spec.text);
  for (let i = 0; i < pieces.length; i++) {
    if (fault?.kind === 'drop' && i >= fault.afterChunks) return dropConnection(ctx);
    if (fault?.kind === 'stream-error' && i >= fault.afterChunks) {
      writeSse(ctx, errorBody(503, fault.message ?? 'The model is overloaded. Please try again later.'));
      ctx.res.end();
      return;
    }
    writeSse(ctx, chunk([{ text: pieces[i] }], i === pieces.length - 1));
    await pause();
  }
  if (fault?.kind === 'drop') return dropConnection(ctx);
  if (fault?.kind === 'no-terminator') return; // the finish reason was sent; the stream stays open
  ctx.res.end();
}
