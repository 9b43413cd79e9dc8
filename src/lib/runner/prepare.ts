// Builds the runner's per-condition inputs (prompts, hash, classifier facts) from a scenario pack, refusing a changed pack.
import { parseConditionId } from '../core/condition-id';
import {
  packForRun,
  packSupports,
  promptHash,
  renderCondition,
  scenarioFacts,
  type ScenarioPack,
} from '../core/scenario/index';
import type { Run } from '../core/types';
import type { PreparedCondition } from './types';

/**
 * The `prepare` dependency of the runner for one run. Throws (so the run stops before any request) when the pack is
 * not the one the run was created with: resuming with different texts would mix two experiments in one run.
 */
export function preparerFor(
  run: Pick<Run, 'pack' | 'prompts'>,
  pack: ScenarioPack,
): (conditionId: string) => PreparedCondition {
  if (run.pack.id !== pack.id || (run.pack.hash && run.pack.hash !== pack.hash))
    throw new Error(
      `This run was made with scenario pack "${run.pack.id}" (hash ${run.pack.hash || 'unknown'}), but the loaded pack is ` +
        `"${pack.id}" (hash ${pack.hash}). The scenario texts changed, so the run cannot continue; start a new run.`,
    );
  // the run's recorded swap rendering and classifier facts, not the pack's current settings
  const asRun = packForRun(run, pack);
  return (conditionId) => {
    const c = parseConditionId(conditionId);
    if (!c) throw new Error(`"${conditionId}" is not a condition id this app knows.`);
    if (!packSupports(asRun, c)) throw new Error(`The scenario pack cannot render condition ${conditionId}.`);
    const rendered = renderCondition(asRun, c);
    return {
      conditionId,
      system: rendered.system,
      userMessage: rendered.userMessage,
      promptHash: promptHash(rendered),
      facts: scenarioFacts(asRun, c.scenario),
    };
  };
}
