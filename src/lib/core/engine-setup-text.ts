// Words for how a run sampled and what its engine decided at start (in-browser models), for the run and results views.
import type { EngineSetup, SamplingParams } from './types';

const PINNED = { top_p: 1, presence_penalty: 0, frequency_penalty: 0, repetition_penalty: 1 };

/** The run's sampling beyond temperature: what was sent (engineSetup) or, before the first start, what will be. */
export function samplingText(params: SamplingParams, setup: EngineSetup | undefined): string | undefined {
  const set = [params.topP, params.presencePenalty, params.frequencyPenalty, params.repetitionPenalty];
  const s =
    setup?.sampling ??
    (set.some((v) => v !== undefined)
      ? {
          top_p: params.topP ?? PINNED.top_p,
          presence_penalty: params.presencePenalty ?? PINNED.presence_penalty,
          frequency_penalty: params.frequencyPenalty ?? PINNED.frequency_penalty,
          repetition_penalty: params.repetitionPenalty ?? PINNED.repetition_penalty,
        }
      : undefined);
  if (!s) return undefined;
  const pinned = set.every((v) => v === undefined);
  return (
    `top_p ${s.top_p} · presence penalty ${s.presence_penalty} · frequency penalty ${s.frequency_penalty} · ` +
    `repetition penalty ${s.repetition_penalty}${pinned ? ' (pinned defaults)' : ' (set by the experiment)'}`
  );
}

/** Context window and how the system prompt reached the model, when the engine reported them. */
export function setupText(setup: EngineSetup | undefined): string | undefined {
  if (!setup) return undefined;
  const parts: string[] = [];
  if (setup.contextWindow) parts.push(`context window ${setup.contextWindow.toLocaleString('en-US')} tokens`);
  if (setup.systemPrompt === 'merged-into-user')
    parts.push('system prompt merged into the first user turn (the chat template has no system role)');
  else if (setup.systemPrompt === 'system-role') parts.push('system prompt in the system role');
  if (setup.template) parts.push(`template ${setup.template}`);
  return parts.length ? parts.join(' · ') : undefined;
}
