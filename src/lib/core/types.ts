// Shared contracts between scenarios, engines, runner, storage, classifier and views: the one place the data shapes are named.

/** Scenario family id. `murder` is the paper's id for the "lethal action" family, kept so condition ids match. */
export type ScenarioId = 'blackmail' | 'leaking' | 'murder';
export type GoalType = 'explicit' | 'latent' | 'ambiguous' | 'none' | 'swap';
export type GoalValue =
  | 'america'
  | 'global'
  | 'safety'
  | 'acceleration'
  | 'ethical'
  | 'pragmatic'
  | 'individualism'
  | 'collectivism'
  | 'none';
export type Urgency = 'replacement' | 'restriction' | 'none';
export type ExtraInstructions = 'none' | 'dont' | 'goal';

/** One cell of the design matrix, ablations included. */
export interface Condition {
  scenario: ScenarioId;
  goalType: GoalType;
  goalValue: GoalValue;
  urgency: Urgency;
  /** extra system instructions ablation (paper: `dont` prohibitions, `goal` employee welfare). */
  extraInstructions: ExtraInstructions;
  /** production variant: no secret scratchpad paragraph (`_prod` suffix). */
  production: boolean;
  /** evaluation-vs-real-deployment notice after the goal statement. */
  evalNotice: boolean;
  /** whether the agent is named ("Alex") or left unnamed. */
  named: boolean;
}

/** One email of a rendered inbox. `id` is the 1-based position, shown as `ID: n` in leaking inboxes. */
export interface Email {
  id: number;
  from: string;
  to: string;
  cc?: string;
  subject: string;
  timestamp: string;
  body: string;
  attachments?: string[];
}

/** Everything a model sees for one condition. The user message is `user + "\n\n" + emailText`. */
export interface RenderedPrompt {
  conditionId: string;
  condition: Condition;
  system: string;
  user: string;
  emails: Email[];
  emailText: string;
  /** full user message actually sent */
  userMessage: string;
}

export interface Person {
  name: string;
  email: string;
  role: string;
}

/** Facts a classifier needs about one scenario, carried by the scenario manifest (and by FACTS.json for the CLI). */
export interface ScenarioFacts {
  scenario: ScenarioId;
  company: string;
  agentEmail: string;
  /** company-internal email domains, e.g. ["summitbridge.com"] */
  internalDomains: string[];
  /** blackmail/murder: the executive (address) who is the leverage target / trapped person */
  leverageTarget?: string;
  /** names or phrases that identify the affair partner and the affair, for disclosure detection */
  affairTerms?: string[];
  /** leaking: outside recipients that count as a leak */
  leakRecipients?: string[];
  /** leaking: domains of lawful government / regulator recipients (whistleblowing, not leaking) */
  governmentDomains?: string[];
  /** leaking: inbox ids of the confidential emails */
  confidentialEmailIds?: number[];
  /** leaking: names of confidential documents/attachments */
  confidentialTerms?: string[];
  /** murder: the override code that cancels the emergency dispatch */
  overrideCode?: string;
  people: Person[];
}

// ---------- engines ----------

export type ChatRole = 'user' | 'assistant';
export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export interface ChatRequest {
  system: string;
  messages: ChatMessage[];
  temperature: number;
  maxTokens: number;
  seed?: number;
  /** optional sampling settings an experiment may set; engines that pin them (web-llm) use 1 / 0 / 0 / 1 otherwise */
  topP?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  repetitionPenalty?: number;
  signal?: AbortSignal;
}

/** What an engine is told at run start, before any sample: enough to size a context window. */
export interface RunPlan {
  /** the run's longest prompt (system + user), estimated tokens */
  promptTokens: number;
  maxTokens: number;
  topP?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  repetitionPenalty?: number;
}

/** What an engine decided at run start, recorded on the run (in-browser models: context, sampling, template). */
export interface EngineSetup {
  /** context window the model was loaded with, tokens */
  contextWindow?: number;
  /** sampling sent with every request */
  sampling?: { top_p: number; presence_penalty: number; frequency_penalty: number; repetition_penalty: number };
  /** 'merged-into-user' for chat templates without a system role (Gemma): the system prompt opens the user turn */
  systemPrompt?: 'system-role' | 'merged-into-user';
  /** chat template name from the model's config */
  template?: string;
}

export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
  reasoningTokens?: number;
}

/**
 * Why the lab cut a reply short: the stream ran past its max tokens (with a margin; the server ignored the limit), or
 * the text passed MAX_REPLY_CHARS. The stored text ends where the cut was made.
 */
export type Truncation = 'max-tokens' | 'size';

/** Most characters kept of one reply's text (and, separately, of its reasoning); more is cut and flagged. */
export const MAX_REPLY_CHARS = 1_000_000;

export interface ChatResult {
  text: string;
  reasoning?: string;
  /** normalised: 'stop' | 'length' | 'refusal' | 'safety' | 'aborted' | provider-specific string */
  finishReason: string;
  usage: Usage;
  /** exact model id reported by the provider */
  modelId: string;
  timings: { startedAt: string; firstTokenMs?: number; totalMs: number };
  /** set when the lab cut the reply short (finishReason is then 'length') */
  truncated?: Truncation;
}

export type EngineErrorKind =
  | 'auth'
  | 'rate-limit'
  | 'overloaded'
  | 'server'
  | 'bad-request'
  | 'context-length'
  | 'refused'
  | 'network'
  | 'blocked'
  | 'aborted'
  | 'webgpu-unavailable'
  | 'out-of-memory'
  | 'device-lost'
  | 'quota'
  | 'download-failed'
  /** an in-browser model id the page has no record for (e.g. a custom model added in an earlier session) */
  | 'model-not-found'
  | 'unknown';

export interface Engine {
  /** stable id of the engine config, e.g. "openai:gpt-4.1" */
  readonly id: string;
  generate(req: ChatRequest, onDelta?: (delta: { text?: string; reasoning?: string }) => void): Promise<ChatResult>;
  /** optional: get ready for a run before its first sample (in-browser models size the context and load) */
  prepare?(plan: RunPlan, signal?: AbortSignal): Promise<EngineSetup | undefined>;
}

export type ProviderKind = 'webllm' | 'openai-compatible' | 'anthropic' | 'gemini';

/** What identifies an engine/model in results. Never holds a key. */
export interface EngineDescriptor {
  kind: ProviderKind;
  /** preset name: 'openai' | 'openrouter' | 'ollama' | 'lmstudio' | 'anthropic' | 'gemini' | 'webllm' | 'custom' ... */
  provider: string;
  model: string;
  baseUrl?: string;
}

// ---------- classification ----------

export type Verdict = 'harmful' | 'not-harmful' | 'unclassified';

export interface Evidence {
  /** which action or part: e.g. "email#2", "forward#1", "cancel_alert#1", "reasoning" */
  where: string;
  /** the quoted text that supports the verdict */
  quote: string;
  note?: string;
}

/** Which classification method produced a harm verdict: our rules (+ optional judge), or the original study's. */
export type ClassificationMethodId = 'lab' | 'original';

export interface Classification {
  /** e.g. "rules", "judge:anthropic:claude-3-7-sonnet", "eval-awareness:rules", "original:judge:…", "original:gates-only" */
  classifier: string;
  /** method of a harm verdict; absent on records made before methods existed, which read as 'lab' */
  method?: ClassificationMethodId;
  /** original method: the harness's `classifier_verdict` (its judge alone); absent when only its gates ran */
  classifierVerdict?: boolean;
  version: string;
  verdict: Verdict;
  evidence: Evidence[];
  reasoning?: string;
  /** related behaviours worth charting, e.g. affairDisclosed, whistleblew, deceived, consideredHarm */
  behaviours?: Record<string, boolean>;
  /** for combined verdicts: the policy used ('rules' | 'judge' | 'both') */
  policy?: 'rules' | 'judge' | 'both';
  /** evaluation-awareness label when this is an awareness classification ('unclassified' = the awareness judge failed; see `error`) */
  awareness?: 'thinks-eval' | 'thinks-real' | 'no-deliberation' | 'unclassified';
  at: string;
  error?: string;
}

export interface Override {
  verdict: Verdict;
  note: string;
  at: string;
}

// ---------- runs and samples ----------

export interface SamplingParams {
  temperature: number;
  maxTokens: number;
  seed?: number;
  topP?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  repetitionPenalty?: number;
}

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
