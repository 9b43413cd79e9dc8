// Anthropic Messages engine over SSE, called straight from the browser (direct-browser-access header), thinking captured.
import type { ChatRequest, ChatResult, Usage } from '../core/types';
import { cleanUsage, ReplyAccumulator, type DeltaListener } from './accumulate';
import type { EngineConfig } from './config';
import { EngineError, looksLikeContextLength } from './errors';
import { events, FINISH_GRACE_MS, Flight, parseJson, send, truncatedStream, type HttpContext } from './http';
import { ApiEngine, baseUrlOf, type ApiEngineOptions } from './openai-compatible';
import { joinUrl } from './presets';

export const ANTHROPIC_VERSION = '2023-06-01';

interface AnthropicUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}
interface StreamEvent {
  type: string;
  message?: { model?: string; usage?: AnthropicUsage };
  content_block?: { type: string; text?: string; thinking?: string };
  delta?: { type?: string; text?: string; thinking?: string; stop_reason?: string | null };
  usage?: AnthropicUsage;
  error?: { type?: string; message?: string };
}

export function anthropicHeaders(key: string | undefined, extra?: Record<string, string>): Record<string, string> {
  const h: Record<string, string> = {
    'content-type': 'application/json',
    'anthropic-version': ANTHROPIC_VERSION,
    // required for CORS: the API refuses browser calls without this explicit opt-in
    'anthropic-dangerous-direct-browser-access': 'true',
    ...(extra ?? {}),
  };
  if (key) h['x-api-key'] = key;
  return h;
}

/**
 * Request body. With a thinking budget (the API's minimum is 1024) the API only accepts the default temperature (1),
 * so temperature is then left out; the run's recorded params still say what was asked for. max_tokens covers thinking
 * and answer, so when the budget would not leave room for the answer, max_tokens becomes budget + maxTokens.
 */
export function anthropicBody(config: EngineConfig, req: ChatRequest): Record<string, unknown> {
  const budget = config.reasoning?.budgetTokens;
  const body: Record<string, unknown> = {
    model: config.descriptor.model,
    max_tokens: req.maxTokens,
    messages: req.messages.map((m) => ({ role: m.role, content: m.content })),
    stream: true,
  };
  if (req.system) body.system = req.system;
  if (budget && budget >= 1024) {
    body.thinking = { type: 'enabled', budget_tokens: budget };
    if (budget >= req.maxTokens) body.max_tokens = budget + req.maxTokens;
  } else body.temperature = req.temperature;
  return body;
}

export function anthropicFinish(reason: string | null | undefined): string {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
    case null:
    case undefined:
      return 'stop';
    case 'max_tokens':
      return 'length';
    default:
      return reason; // 'refusal', 'tool_use', 'pause_turn' pass through
  }
}

export function anthropicStreamError(ctx: HttpContext, err: NonNullable<StreamEvent['error']>): EngineError {
  const msg = `${ctx.label}: ${err.type ?? 'error'}: ${err.message ?? 'no message'}`;
  const o = { secrets: ctx.secrets };
  switch (err.type) {
    case 'overloaded_error':
      return new EngineError('overloaded', msg, o);
    case 'rate_limit_error':
      return new EngineError('rate-limit', msg, o);
    case 'api_error':
      return new EngineError('server', msg, o);
    case 'authentication_error':
    case 'permission_error':
      return new EngineError('auth', msg, o);
    case 'request_too_large':
      return new EngineError('context-length', msg, o);
    default:
      return looksLikeContextLength(msg)
        ? new EngineError('context-length', msg, o)
        : new EngineError(err.type === 'invalid_request_error' ? 'bad-request' : 'server', msg, o);
  }
}

export class AnthropicEngine extends ApiEngine {
  constructor(config: EngineConfig, key?: string, opts: ApiEngineOptions = {}) {
    super(config, key, 'anthropic', opts);
  }

  protected async run(req: ChatRequest, flight: Flight, onDelta?: DeltaListener): Promise<ChatResult> {
    const url = joinUrl(baseUrlOf(this.config, this.preset), 'messages');
    const body = anthropicBody(this.config, req);
    // timings start before the request is sent; max_tokens covers thinking and answer, and bounds the stream
    const acc = new ReplyAccumulator(onDelta, { maxTokens: body.max_tokens as number });
    const res = await send(
      this.ctx,
      url,
      {
        method: 'POST',
        headers: anthropicHeaders(this.key, this.config.extraHeaders),
        body: JSON.stringify(body),
      },
      flight,
    );
    let model = '';
    let stop: string | null | undefined;
    const usage: AnthropicUsage = {};
    let complete = false;
    for await (const ev of events(this.ctx, res, flight)) {
      const e = parseJson<StreamEvent>(this.ctx, ev.data);
      switch (e.type) {
        case 'message_start':
          model = e.message?.model ?? model;
          Object.assign(usage, e.message?.usage ?? {});
          break;
        case 'content_block_start':
          if (e.content_block?.type === 'text') acc.text(e.content_block.text);
          else if (e.content_block?.type === 'thinking') acc.thought(e.content_block.thinking);
          break;
        case 'content_block_delta':
          if (e.delta?.type === 'text_delta') acc.text(e.delta.text);
          else if (e.delta?.type === 'thinking_delta') acc.thought(e.delta.thinking);
          break;
        case 'message_delta':
          if (e.delta?.stop_reason !== undefined) stop = e.delta.stop_reason;
          if (e.usage) Object.assign(usage, e.usage);
          // message_stop follows at once; a server that never sends it still gave a complete reply
          if (stop) flight.finishing(this.ctx.finishGraceMs ?? FINISH_GRACE_MS);
          break;
        case 'message_stop':
          complete = true;
          break;
        case 'error':
          throw anthropicStreamError(this.ctx, e.error ?? {});
        default:
          break; // ping, content_block_stop, signature deltas
      }
      if (complete || acc.full) break;
    }
    if (!complete && !stop && !acc.full) throw truncatedStream(this.ctx);
    const u: Usage = cleanUsage({
      inputTokens:
        usage.input_tokens !== undefined
          ? usage.input_tokens + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0)
          : undefined,
      outputTokens: usage.output_tokens,
    });
    return acc.result(anthropicFinish(stop), u, model || this.config.descriptor.model);
  }
}
