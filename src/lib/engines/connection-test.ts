// A tiny real request that proves an engine works: used by the setup view's "Test connection" button.
import type { ChatResult, Engine } from '../core/types';
import { toEngineError, type EngineError } from './errors';

export type ConnectionResult =
  | {
      ok: true;
      text: string;
      reasoning?: string;
      modelId: string;
      ms: number;
      /** time to the first streamed token, when the engine measured it */
      firstTokenMs?: number;
      /** output tokens the provider counted, when it said */
      outputTokens?: number;
      finishReason: string;
    }
  | { ok: false; error: EngineError };

export const TEST_PROMPT = {
  system: 'You are a connectivity check. Answer in a few words.',
  user: 'Reply with a short greeting.',
};

/** Send one short prompt; streamed text goes to `onText` as it arrives. Never throws. */
export async function testConnection(
  engine: Engine,
  onText?: (soFar: string) => void,
  signal?: AbortSignal,
): Promise<ConnectionResult> {
  let soFar = '';
  try {
    const r: ChatResult = await engine.generate(
      {
        system: TEST_PROMPT.system,
        messages: [{ role: 'user', content: TEST_PROMPT.user }],
        temperature: 0,
        maxTokens: 64,
        signal,
      },
      (d) => {
        if (d.text) {
          soFar += d.text;
          onText?.(soFar);
        }
      },
    );
    return {
      ok: true,
      text: r.text,
      ...(r.reasoning ? { reasoning: r.reasoning } : {}),
      modelId: r.modelId,
      ms: r.timings.totalMs,
      ...(r.timings.firstTokenMs !== undefined ? { firstTokenMs: r.timings.firstTokenMs } : {}),
      ...(r.usage.outputTokens !== undefined ? { outputTokens: r.usage.outputTokens } : {}),
      finishReason: r.finishReason,
    };
  } catch (e) {
    return { ok: false, error: toEngineError(e) };
  }
}
