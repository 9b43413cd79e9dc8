// Interfaces the runner depends on (injected, so it runs in node tests with fakes) and the progress it reports.
import type { Classification, Engine, EngineErrorKind, Run, Sample, ScenarioFacts } from '../core/types';

/** Everything the runner needs about one condition, computed once per run. */
export interface PreparedCondition {
  conditionId: string;
  system: string;
  /** the full user message sent to the model */
  userMessage: string;
  promptHash: string;
  facts: ScenarioFacts;
}

export interface RunnerStore {
  putRun(run: Run): Promise<void>;
  putSample(sample: Sample): Promise<void>;
  listSamples(runId: string): Promise<Sample[]>;
}

export interface RunnerDeps {
  /** render one condition of the run's pack; throw when the pack cannot render it */
  prepare(conditionId: string): PreparedCondition;
  /** the engine for this run (the key stays inside it) */
  engine: Engine;
  /** the rules classifier, run on every finished sample before it is stored */
  classify(facts: ScenarioFacts, output: { text: string; reasoning?: string }): Classification;
  store: RunnerStore;
  /** injectable clock and sleep for tests */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface RunnerOptions {
  /** attempts per sample for retryable errors (rate limits, overload, network) */
  maxAttempts?: number;
  baseDelayMs?: number;
  /** progress after every stored sample and state change */
  onProgress?: (p: RunProgress) => void;
  /** streamed text of a sample in flight */
  onDelta?: (sampleId: string, delta: { text?: string; reasoning?: string }) => void;
  /** a sample in flight started again after a retryable error (`kind`: the engine error kind, e.g. rate-limit): its
   * streamed text so far is void */
  onRestart?: (sampleId: string, reason: string, kind: string) => void;
  onSample?: (sample: Sample) => void;
}

export interface RunProgress {
  runId: string;
  status: Run['status'];
  /** samples the run should have: conditions × samples per condition */
  total: number;
  done: number;
  failed: number;
  remaining: number;
  /** sample ids being generated right now */
  inFlight: string[];
  inputTokens: number;
  outputTokens: number;
  /** time spent in this session, ms */
  elapsedMs: number;
  /** estimated time left from this session's pace, ms; undefined before the first sample finishes */
  etaMs?: number;
  /** why the run stopped, what to do next */
  message?: string;
  /**
   * samples waiting to be tried again after a retryable error (what went wrong, and when the next attempt starts,
   * ms since the epoch by the runner's clock); empty or absent when nothing waits
   */
  waiting?: RetryWait[];
  /** finished samples cut at the max tokens (finish reason "length"): their answers may be incomplete */
  cut?: number;
}

/** One sample waiting out a backoff before its next attempt. */
export interface RetryWait {
  sampleId: string;
  kind: EngineErrorKind;
  /** the attempt that will start when the wait ends (2 = first retry) */
  nextAttempt: number;
  untilMs: number;
}

/** True when the provider is rate-limiting the run: some sample waits after a rate limit (HTTP 429). */
export function rateLimited(p: Pick<RunProgress, 'waiting'>): boolean {
  return (p.waiting ?? []).some((w) => w.kind === 'rate-limit');
}

export type RunOutcome = 'done' | 'paused' | 'cancelled' | 'error';
