// OpenAI-compatible chat-completions engine (OpenAI, OpenRouter, Groq, …, Ollama, LM Studio, llama.cpp, vLLM) over SSE.
import type { ChatRequest, ChatResult, Engine, Usage } from '../core/types';
import { cleanUsage, ReplyAccumulator, type DeltaListener } from './accumulate';
import type { EngineConfig } from './config';
import { EngineError, looksLikeContextLength, redact } from './errors';
import { urlSecrets } from '../core/secrets';
import {
  DEFAULT_DEADLINE_MS,
  DEFAULT_IDLE_MS,
  events,
  Flight,
  FINISH_GRACE_MS,
  parseJson,
  send,
  truncatedStream,
  type HttpContext,
} from './http';
import { getPreset, joinUrl, type ProviderPreset } from './presets';
import { nextTask } from './next-task';

interface Delta {
  content?: string | null;
  reasoning_content?: string | null;
  reasoning?: string | null;
  refusal?: string | null;
}
interface OpenAIUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  completion_tokens_details?: { reasoning_tokens?: number };
}
interface Chunk {
  model?: string;
  choices?: { delta?: Delta; finish_reason?: string | null }[];
  usage?: OpenAIUsage | null;
  x_groq?: { usage?: OpenAIUsage };
  error?: { message?: string; code?: number | string; type?: string };
}

export interface ApiEngineOptions {
  fetchImpl?: typeof fetch;
  idleTimeoutMs?: number;
  /** time limit per attempt when the config sets none (default DEFAULT_DEADLINE_MS) */
  deadlineMs?: number;
  /** wait for the stream's terminator after a finish reason (default FINISH_GRACE_MS) */
  finishGraceMs?: number;
  /**
   * Send each request in the calling task instead of a task of its own (`nextTask`). For the CLI: it has no page to
   * keep responsive, and a turn of its busy event loop would add about a millisecond to every request.
   */
  sendAtOnce?: boolean;
}

export function openAIFinish(reason: string | null | undefined, refused: boolean): string {
  if (refused) return 'refusal';
  if (!reason) return 'stop';
  if (reason === 'content_filter') return 'safety';
  return reason;
}

export function openAIUsage(u: OpenAIUsage | null | undefined): Usage {
  if (!u) return {};
  return cleanUsage({
    inputTokens: u.prompt_tokens,
    outputTokens: u.completion_tokens,
    reasoningTokens: u.completion_tokens_details?.reasoning_tokens,
  });
}

/** Request headers: content type, the key in the preset's style, and any configured extras. */
export function openAIHeaders(preset: ProviderPreset, key: string | undefined, extra?: Record<string, string>) {
  const h: Record<string, string> = { 'content-type': 'application/json', ...(extra ?? {}) };
  if (key) h.authorization = `Bearer ${key}`;
  return h;
}

export function openAIBody(config: EngineConfig, preset: ProviderPreset, req: ChatRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: config.descriptor.model,
    messages: [
      ...(req.system ? [{ role: 'system', content: req.system }] : []),
      ...req.messages.map((m) => ({ role: m.role, content: m.content })),
    ],
    stream: true,
    temperature: req.temperature,
    [preset.maxTokensParam]: req.maxTokens,
  };
  if (preset.streamUsage) body.stream_options = { include_usage: true };
  if (req.seed !== undefined && preset.seedParam) body[preset.seedParam] = req.seed;
  if (config.reasoning?.effort) body.reasoning_effort = config.reasoning.effort;
  return body;
}

export function httpContext(
  config: EngineConfig,
  preset: ProviderPreset,
  key: string | undefined,
  o: ApiEngineOptions,
) {
  const ctx: HttpContext = {
    label: config.label || preset.label,
    blockedFix: preset.blockedFix,
    // a key written into the base URL (user info, ?api_key=) is scrubbed like the key itself
    secrets: [key, ...urlSecrets(config.descriptor.baseUrl)],
    fetchImpl: o.fetchImpl,
    idleTimeoutMs: o.idleTimeoutMs,
    deadlineMs: config.deadlineMs ?? o.deadlineMs,
    finishGraceMs: o.finishGraceMs,
    state: { reached: false },
  };
  return ctx;
}

export function baseUrlOf(config: EngineConfig, preset: ProviderPreset): string {
  const base = config.descriptor.baseUrl || preset.baseUrl;
  if (!base)
    throw new EngineError('bad-request', 'No base URL is set.', {
      action: 'Enter the server base URL, e.g. http://localhost:8080/v1.',
    });
  return loopbackForCsp(base);
}

/**
 * A meta CSP cannot name an IPv6 address (browsers drop `http://[::1]:*` as invalid), so requests to [::1] go to
 * `localhost`, which the CSP allows and the browser resolves to ::1 as well as 127.0.0.1.
 */
export function loopbackForCsp(url: string): string {
  return url.replace(/^(https?:\/\/)\[(?:0*:)*:?0*1\](?=[:/]|$)/i, '$1localhost');
}

/** What every API engine shares: config, key, preset, HTTP context, and one guarded flight per request. */
export abstract class ApiEngine implements Engine {
  readonly id: string;
  protected readonly preset: ProviderPreset;
  protected readonly ctx: HttpContext;
  private readonly sendAtOnce: boolean;

  constructor(
    protected readonly config: EngineConfig,
    protected readonly key: string | undefined,
    presetId: string,
    opts: ApiEngineOptions = {},
  ) {
    this.id = config.id;
    this.preset = getPreset(presetId);
    this.ctx = httpContext(config, this.preset, key, opts);
    this.sendAtOnce = opts.sendAtOnce ?? false;
  }

  async generate(req: ChatRequest, onDelta?: DeltaListener): Promise<ChatResult> {
    // sending a request costs the page a few ms (body, loader): many slots freed at once must not send in one task
    if (!this.sendAtOnce) await nextTask();
    const flight = new Flight(
      req.signal,
      this.ctx.idleTimeoutMs ?? DEFAULT_IDLE_MS,
      this.ctx.deadlineMs ?? DEFAULT_DEADLINE_MS,
    );
    try {
      return scrubResult(await this.run(req, flight, onDelta), this.ctx.secrets);
    } catch (e) {
      throw flight.settle(e, this.ctx);
    } finally {
      flight.done();
    }
  }

  protected abstract run(req: ChatRequest, flight: Flight, onDelta?: DeltaListener): Promise<ChatResult>;
}

/** A reply with the key removed from every text a provider controls (a server may echo it in the model id or reply). */
export function scrubResult(r: ChatResult, secrets: readonly (string | undefined)[]): ChatResult {
  const out: ChatResult = {
    ...r,
    text: redact(r.text, secrets),
    finishReason: redact(r.finishReason, secrets),
    modelId: redact(r.modelId, secrets),
  };
  if (r.reasoning !== undefined) out.reasoning = redact(r.reasoning, secrets);
  return out;
}

export class OpenAICompatibleEngine extends ApiEngine {
  constructor(config: EngineConfig, key?: string, opts: ApiEngineOptions = {}) {
    super(config, key, config.descriptor.provider, opts);
  }

  protected async run(req: ChatRequest, flight: Flight, onDelta?: DeltaListener): Promise<ChatResult> {
    const url = joinUrl(baseUrlOf(this.config, this.preset), 'chat/completions');
    // timings start before the request is sent; a stream past its max tokens is cut
    const acc = new ReplyAccumulator(onDelta, { maxTokens: req.maxTokens });
    const res = await send(
      this.ctx,
      url,
      {
        method: 'POST',
        headers: openAIHeaders(this.preset, this.key, this.config.extraHeaders),
        body: JSON.stringify(openAIBody(this.config, this.preset, req)),
      },
      flight,
    );
    let model = '';
    let finish: string | null | undefined;
    let refused = false;
    let refusal = '';
    let usage: Usage = {};
    let done = false;
    for await (const ev of events(this.ctx, res, flight)) {
      if (ev.data === '[DONE]') {
        done = true;
        break;
      }
      const chunk = parseJson<Chunk>(this.ctx, ev.data);
      if (chunk.error) throw this.streamError(chunk.error);
      if (chunk.model) model = chunk.model;
      const u = chunk.usage ?? chunk.x_groq?.usage;
      if (u) usage = openAIUsage(u);
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      const d = choice.delta ?? {};
      acc.thought(d.reasoning_content ?? d.reasoning);
      if (d.refusal) {
        refused = true;
        refusal += d.refusal;
      }
      acc.text(d.content);
      if (acc.full) break;
      if (choice.finish_reason) {
        finish = choice.finish_reason;
        // the usage chunk and [DONE] follow at once; a server that sends neither still gave a complete reply
        flight.finishing(this.ctx.finishGraceMs ?? FINISH_GRACE_MS);
      }
    }
    if (!done && !finish && !acc.full) throw truncatedStream(this.ctx);
    if (refused) acc.text(acc.hasOutput ? '' : refusal);
    return acc.result(openAIFinish(finish, refused), usage, model || this.config.descriptor.model);
  }

  private streamError(err: NonNullable<Chunk['error']>): EngineError {
    const msg = `${this.ctx.label}: error inside the stream: ${err.message ?? 'unknown'}`;
    const text = `${err.message ?? ''} ${err.type ?? ''}`;
    if (looksLikeContextLength(text)) return new EngineError('context-length', msg, { secrets: this.ctx.secrets });
    if (/overload/i.test(text)) return new EngineError('overloaded', msg, { secrets: this.ctx.secrets });
    if (/rate/i.test(text)) return new EngineError('rate-limit', msg, { secrets: this.ctx.secrets });
    return new EngineError('server', msg, { secrets: this.ctx.secrets });
  }
}
