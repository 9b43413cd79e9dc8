// Shared contracts between scenarios, engines, runner, storage, classifier and views: one import for every data shape, re-exported from the domain files beside it.

export type {
  Condition,
  Email,
  ExtraInstructions,
  GoalType,
  GoalValue,
  Person,
  RenderedPrompt,
  ScenarioFacts,
  ScenarioId,
  Urgency,
} from './scenario-types';
export { MAX_REPLY_CHARS } from './engine-types';
export type {
  ChatMessage,
  ChatRequest,
  ChatResult,
  ChatRole,
  Engine,
  EngineDescriptor,
  EngineErrorKind,
  EngineSetup,
  ProviderKind,
  RunPlan,
  SamplingParams,
  Truncation,
  Usage,
} from './engine-types';
export type { Classification, ClassificationMethodId, Evidence, Override, Verdict } from './classification-types';
export { BUNDLE_FORMAT } from './run-types';
export type { ResultsBundle, Run, RunPrompts, RunSource, RunStatus, Sample, SampleStatus, SwapMode } from './run-types';
