// A pack's user settings (swap rendering, edited classifier facts) and the prompt provenance a run records from them.
import { parseConditionId, SCENARIOS } from '../condition-id';
import type { Run, RunPrompts, ScenarioFacts, ScenarioId, SwapMode } from '../types';
import type { ScenarioPack } from './pack';

/** What the user may change on an imported pack; stored beside its files. */
export interface PackSettings {
  swap?: SwapMode;
  /** facts replacing the derived ones, per scenario */
  facts?: Partial<Record<ScenarioId, ScenarioFacts>>;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The pack with the settings applied (a new object; the pack itself is not changed). */
export function applySettings(pack: ScenarioPack, settings: PackSettings): ScenarioPack {
  const scenarios = { ...pack.scenarios };
  for (const id of SCENARIOS) {
    const f = settings.facts?.[id];
    if (f) scenarios[id] = { ...scenarios[id], facts: structuredClone({ ...f, scenario: id }) };
  }
  return { ...pack, swap: settings.swap ?? pack.swap, scenarios };
}

/** Scenarios whose facts differ from the derived ones. */
export function editedScenarios(pack: ScenarioPack): ScenarioId[] {
  return SCENARIOS.filter((id) => {
    const d = pack.scenarios[id].derivedFacts;
    return d !== undefined && !same(d, pack.scenarios[id].facts);
  });
}

/** The settings that reproduce the pack's current swap and facts edits. */
export function settingsOf(pack: ScenarioPack): PackSettings {
  const facts: Partial<Record<ScenarioId, ScenarioFacts>> = {};
  for (const id of editedScenarios(pack)) facts[id] = structuredClone(pack.scenarios[id].facts);
  return { swap: pack.swap ?? 'fixed', facts };
}

/** What a new run records: the swap rendering and the facts of every scenario among its conditions. */
export function runPrompts(pack: ScenarioPack, conditionIds: readonly string[]): RunPrompts {
  const used = new Set(conditionIds.map((id) => parseConditionId(id)?.scenario).filter(Boolean));
  const scenarios = SCENARIOS.filter((id) => used.has(id));
  const edited = editedScenarios(pack);
  return {
    swap: pack.swap ?? 'fixed',
    facts: scenarios.map((id) => structuredClone(pack.scenarios[id].facts)),
    editedFacts: scenarios.filter((id) => edited.includes(id)),
  };
}

/** The pack as a run saw it: its recorded swap rendering and facts win over the pack's current settings. */
export function packForRun(run: Pick<Run, 'prompts'>, pack: ScenarioPack): ScenarioPack {
  const p = run.prompts;
  if (!p) return { ...pack, swap: 'fixed' };
  const facts: Partial<Record<ScenarioId, ScenarioFacts>> = {};
  for (const f of p.facts) facts[f.scenario] = f;
  return applySettings(pack, { swap: p.swap, facts });
}

/** Human-readable label of a swap rendering, for views and exports. */
export function swapLabel(mode: SwapMode | undefined): string {
  return mode === 'original'
    ? 'swap as the original harness renders it (same as latent)'
    : 'swap states the new direction’s goal (fixed)';
}
