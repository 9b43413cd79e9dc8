// Public API of the scenario engine: packs, the design matrix, rendering, facts, presets and hashing.
export type { ScenarioPack, ScenarioDef, GoalText, SwapMode } from './pack';
export { SWAP_MODES } from './pack';
export {
  applySettings,
  editedScenarios,
  settingsOf,
  runPrompts,
  packForRun,
  swapLabel,
  type PackSettings,
} from './settings';
export { parsePack, PackError } from './parse-pack';
export { listConditions, baseConditions, packSupports } from './matrix';
export { renderCondition, conditionVariables, goalFor } from './render';
export { scenarioFacts } from './facts';
export { PAPER_PRESETS, PRESETS, type Preset } from './presets';
export { promptHash, fnv1a64, hashFiles } from './hash';
export { fill, unresolvedPlaceholders, type TemplateSyntax } from './template';
export { parseEmails, numberEmails, emailBlocks } from './emails';
export { convertOriginalTemplates } from './original/convert';
