// Fetches the list of models a provider offers (OpenAI-style /models, Anthropic /models, Gemini models.list).
import type { EngineConfig } from './config';
import { EngineError, redact } from './errors';
import { Flight, send } from './http';
import { baseUrlOf, httpContext, openAIHeaders, type ApiEngineOptions } from './openai-compatible';
import { anthropicHeaders } from './anthropic';
import { getPreset, joinUrl } from './presets';

export interface ModelInfo {
  id: string;
  label?: string;
  /** context window in tokens, when the provider says */
  contextTokens?: number;
}

interface OpenAIList {
  data?: { id: string; context_length?: number; name?: string }[];
}
interface AnthropicList {
  data?: { id: string; display_name?: string }[];
}
interface GeminiList {
  models?: { name: string; displayName?: string; inputTokenLimit?: number; supportedGenerationMethods?: string[] }[];
  nextPageToken?: string;
}

/** Models the provider lists, sorted by id. Web-llm models come from the model catalog, not from here. */
export async function listModels(
  config: EngineConfig,
  key?: string,
  opts: ApiEngineOptions = {},
): Promise<ModelInfo[]> {
  const preset = getPreset(config.descriptor.provider);
  const kind = config.descriptor.kind;
  if (kind === 'webllm') throw new EngineError('bad-request', 'In-browser models are listed by the model picker.');
  const ctx = httpContext(config, preset, key, opts);
  const flight = new Flight(undefined, opts.idleTimeoutMs ?? 30_000);
  try {
    const base = baseUrlOf(config, preset);
    if (kind === 'gemini') {
      const out: ModelInfo[] = [];
      let token: string | undefined;
      for (let page = 0; page < 10; page++) {
        const url = joinUrl(base, 'models') + `?pageSize=1000${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`;
        const res = await send(ctx, url, { headers: key ? { 'x-goog-api-key': key } : {} }, flight);
        const j = (await res.json()) as GeminiList;
        for (const m of j.models ?? []) {
          if (m.supportedGenerationMethods && !m.supportedGenerationMethods.includes('generateContent')) continue;
          out.push({ id: m.name.replace(/^models\//, ''), label: m.displayName, contextTokens: m.inputTokenLimit });
        }
        token = j.nextPageToken;
        if (!token) break;
      }
      return sortModels(out, ctx.secrets);
    }
    if (kind === 'anthropic') {
      const res = await send(
        ctx,
        joinUrl(base, 'models') + '?limit=1000',
        { headers: anthropicHeaders(key, config.extraHeaders) },
        flight,
      );
      const j = (await res.json()) as AnthropicList;
      return sortModels(
        (j.data ?? []).map((m) => ({ id: m.id, label: m.display_name })),
        ctx.secrets,
      );
    }
    const res = await send(
      ctx,
      joinUrl(base, 'models'),
      { headers: openAIHeaders(preset, key, config.extraHeaders) },
      flight,
    );
    const j = (await res.json()) as OpenAIList;
    return sortModels(
      (j.data ?? []).map((m) => ({
        id: m.id,
        ...(m.name ? { label: m.name } : {}),
        ...(m.context_length ? { contextTokens: m.context_length } : {}),
      })),
      ctx.secrets,
    );
  } catch (e) {
    throw flight.settle(e, ctx);
  } finally {
    flight.done();
  }
}

/** Sorted by id, with the key scrubbed from ids and labels (a server may echo it there too). */
function sortModels(list: ModelInfo[], secrets: readonly (string | undefined)[]): ModelInfo[] {
  const clean = list.map((m) => ({
    ...m,
    id: redact(String(m.id), secrets),
    ...(m.label !== undefined ? { label: redact(String(m.label), secrets) } : {}),
  }));
  return clean.sort((a, b) => a.id.localeCompare(b.id));
}
