// The API engine form's plain parts: its reasoning-effort choices and the engine config a filled-in form describes.
import type { EngineConfig } from '../../lib/engines/config';
import type { ProviderPreset } from '../../lib/engines/presets';
import { deadlineFrom } from '../../lib/engines/deadline';

export type Effort = '' | 'low' | 'medium' | 'high';

/** The reasoning-effort choices of OpenAI-style providers; '' leaves it to the provider. */
export const EFFORT_OPTIONS: readonly { value: Effort; label: string }[] = [
  { value: '', label: 'provider default' },
  { value: 'low', label: 'low' },
  { value: 'medium', label: 'medium' },
  { value: 'high', label: 'high' },
];

/** What the form holds, as typed. */
export interface EngineFormValues {
  provider: string;
  baseUrl: string;
  model: string;
  concurrency: number;
  /** time limit for one attempt, minutes; blank = the default */
  limitMin: number | null;
  /** thinking budget, tokens (Anthropic, Gemini); blank = provider default */
  budget: number | null;
  /** reasoning effort (OpenAI-style); '' = provider default */
  effort: Effort;
}

/**
 * The engine the form describes. Its id carries the base URL for local and custom servers (the same model on two
 * servers is two engines); the descriptor keeps a base URL only when it differs from the preset's or is a server's.
 */
export function engineDraft(f: EngineFormValues, preset: ProviderPreset): EngineConfig {
  const m = f.model.trim();
  const url = f.baseUrl.trim();
  const server = !!preset.local || f.provider === 'custom';
  return {
    id: `${f.provider}:${m}${server ? `@${url}` : ''}`,
    label: `${preset.label} · ${m}`,
    descriptor: {
      kind: preset.kind,
      provider: f.provider,
      model: m,
      ...(url !== preset.baseUrl || server ? { baseUrl: url } : {}),
    },
    concurrency: Math.max(1, Math.floor(Number(f.concurrency) || 1)),
    deadlineMs: deadlineFrom(f.limitMin),
    ...(preset.kind !== 'openai-compatible' && typeof f.budget === 'number' && Number.isFinite(f.budget)
      ? { reasoning: { budgetTokens: Math.max(0, Math.floor(f.budget)) } }
      : {}),
    ...(preset.kind === 'openai-compatible' && f.effort ? { reasoning: { effort: f.effort } } : {}),
  };
}
