// How fast an engine answers, measured by the Setup view's connection test, so time estimates start from it.
import { CHARS_PER_TOKEN } from './cost';

/** Time to the first token and generation speed, as the estimate uses them. */
export interface Speed {
  firstTokenSeconds: number;
  /** undefined: the reply was too short to time generation; the estimate keeps its assumption */
  tokensPerSecond?: number;
}

/** What a connection test saw. */
export interface SpeedSample {
  totalMs: number;
  firstTokenMs?: number;
  outputTokens?: number;
  /** characters of answer + reasoning (tokens are estimated from them when the provider gave no count) */
  chars: number;
}

/** Fewer generated tokens than this, or less time than MIN_GENERATION_MS, says nothing about speed. */
export const MIN_TIMED_TOKENS = 8;
export const MIN_GENERATION_MS = 50;
const MAX_TOKENS_PER_SECOND = 5000;

const finite = (n: number | undefined): n is number => n !== undefined && Number.isFinite(n) && n >= 0;

/** The speed a connection test measured; undefined when its timings are unusable. */
export function measuredSpeed(s: SpeedSample): Speed | undefined {
  if (!finite(s.totalMs)) return undefined;
  const first = finite(s.firstTokenMs) && s.firstTokenMs <= s.totalMs ? s.firstTokenMs : s.totalMs;
  const out: Speed = { firstTokenSeconds: first / 1000 };
  const tokens = finite(s.outputTokens) && s.outputTokens > 0 ? s.outputTokens : Math.ceil(s.chars / CHARS_PER_TOKEN);
  const generationMs = s.totalMs - first;
  if (tokens >= MIN_TIMED_TOKENS && generationMs >= MIN_GENERATION_MS) {
    out.tokensPerSecond = Math.min(MAX_TOKENS_PER_SECOND, tokens / (generationMs / 1000));
  }
  return out;
}

/** The assumptions an estimate runs on: the measured speed where there is one, else the defaults. */
export function speedForEstimate(
  defaults: { firstTokenSeconds: number; tokensPerSecond: number },
  measured: Speed | undefined,
): { firstTokenSeconds: number; tokensPerSecond: number; measured: boolean } {
  if (!measured) return { ...defaults, measured: false };
  return {
    firstTokenSeconds: measured.firstTokenSeconds,
    tokensPerSecond: measured.tokensPerSecond ?? defaults.tokensPerSecond,
    measured: true,
  };
}

/** Which engine a measurement belongs to: the same provider, server and model (never a key). */
export function speedKey(d: { provider: string; baseUrl?: string; model: string }): string {
  return `${d.provider}|${d.baseUrl ?? ''}|${d.model}`;
}
