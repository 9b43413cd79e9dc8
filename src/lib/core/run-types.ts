// Runs, their samples, and the results bundle that carries both between machines.

import type { Classification, Override } from './classification-types';
import type {
  ChatResult,
  EngineDescriptor,
  EngineErrorKind,
  EngineSetup,
  SamplingParams,
  Truncation,
  Usage,
} from './engine-types';
import type { ScenarioFacts, ScenarioId } from './scenario-types';

export type RunStatus = 'pending' | 'running' | 'paused' | 'done' | 'cancelled' | 'error';

export interface RunSource {
  /** 'local' for runs made here, 'import' for bundles, 'original-harness' for the Python harness tree */
  kind: 'local' | 'import' | 'original-harness';
  label: string;
  bundleId?: string;
  importedAt?: string;
}

/** How `swap` renders: `fixed` states the new direction's goal (this app); `original` renders like latent (the harness). */
export type SwapMode = 'fixed' | 'original';

/** Prompt-side provenance of a run: how swap rendered and the classifier facts it used, per scenario in the run. */
export interface RunPrompts {
  swap: SwapMode;
  facts: ScenarioFacts[];
  /** scenarios whose facts the user edited (the rest are as derived from the texts or the pack's manifest) */
  editedFacts: ScenarioId[];
}

export interface Run {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  appVersion: string;
  pack: { id: string; hash: string };
  conditionIds: string[];
  engine: EngineDescriptor;
  params: SamplingParams;
  samplesPerCondition: number;
  status: RunStatus;
  source: RunSource;
  /** concurrency used for this run (APIs configurable, web-llm 1) */
  concurrency: number;
  /** swap rendering and classifier facts the run used; absent on older runs (fixed swap, the pack's facts) */
  prompts?: RunPrompts;
  /** what the engine decided at the latest start (in-browser models: context window, pinned sampling, template) */
  engineSetup?: EngineSetup;
  /** sent through the provider's batch API (half price, results within 24 h, no streaming) rather than streamed */
  batch?: boolean;
}

export type SampleStatus = 'done' | 'error';

export interface Sample {
  /** `${runId}/${conditionId}/${index}` */
  id: string;
  runId: string;
  conditionId: string;
  /** 0-based sample index within the condition */
  index: number;
  model: string;
  status: SampleStatus;
  response?: string;
  reasoning?: string;
  /** the lab cut the stored reply short (see Truncation); the text ends at the cut */
  truncated?: Truncation;
  finishReason?: string;
  modelId?: string;
  usage?: Usage;
  timings?: ChatResult['timings'];
  error?: { kind: EngineErrorKind; message: string; attempts: number };
  promptHash: string;
  classifications: Classification[];
  override?: Override;
  /** earlier or competing reviewer overrides kept by merges, oldest first; `override` is the current one */
  overrideHistory?: Override[];
  createdAt: string;
}

// ---------- export bundles ----------

export const BUNDLE_FORMAT = 'agentic-misalignment-lab/results';

/** A shareable results file. Validated on import; never carries a key. */
export interface ResultsBundle {
  format: typeof BUNDLE_FORMAT;
  schemaVersion: 1;
  bundleId: string;
  exportedAt: string;
  appVersion: string;
  /** free text: who made it, where */
  label?: string;
  runs: Run[];
  samples: Sample[];
}
