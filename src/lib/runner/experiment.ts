// Turns an experiment definition (conditions × engines × samples × parameters) into one Run record per engine.
import type { EngineDescriptor, Run, RunPrompts, SamplingParams } from '../core/types';
import { cleanBaseUrl } from '../core/bundle/export';

/** The current time; a function so UI state modules need no mutable Date of their own. */
export const nowDate = (): Date => new Date();

export const DEFAULT_SAMPLES = 100;
export const DEFAULT_PARAMS: SamplingParams = { temperature: 1, maxTokens: 4000 };

/** The part of an engine config the runner needs; `EngineConfig` from src/lib/engines satisfies it. */
export interface EngineChoice {
  id: string;
  label: string;
  descriptor: EngineDescriptor;
  concurrency: number;
}

export interface ExperimentDef {
  name: string;
  conditionIds: string[];
  engines: EngineChoice[];
  samplesPerCondition: number;
  params: SamplingParams;
  pack: { id: string; hash: string };
  /** swap rendering and classifier facts the runs record (from the pack's settings) */
  prompts?: RunPrompts;
  /** ids of the engines whose runs go through the provider's batch API instead of streaming */
  batchEngineIds?: string[];
}

/** Problems that keep an experiment from starting, as sentences for the form. Empty when it can start. */
export function experimentProblems(def: ExperimentDef): string[] {
  const out: string[] = [];
  if (!def.conditionIds.length) out.push('Choose at least one condition.');
  if (!def.engines.length) out.push('Choose at least one model (set one up on the Setup page first).');
  if (!Number.isInteger(def.samplesPerCondition) || def.samplesPerCondition < 1 || def.samplesPerCondition > 100_000)
    out.push('Samples per condition must be a whole number from 1 to 100000.');
  const { temperature, maxTokens } = def.params;
  if (!(temperature >= 0 && temperature <= 2)) out.push('Temperature must be between 0 and 2.');
  if (!Number.isInteger(maxTokens) || maxTokens < 1 || maxTokens > 200_000)
    out.push('Max tokens must be a whole number from 1 to 200000.');
  for (const f of SAMPLING_FIELDS) {
    const v = def.params[f.key];
    if (v !== undefined && !f.ok(v)) out.push(`${f.label} must be ${f.range}.`);
  }
  return out;
}

/**
 * Sampling settings beyond temperature. In-browser models send them on every request (pinned to these defaults when
 * the experiment leaves them empty, so each model's own config never decides them); API engines do not send them.
 * The ranges are web-llm's own checks (postInitAndCheckGenerationConfigValues).
 */
export const SAMPLING_FIELDS = [
  { key: 'topP', label: 'top_p', pinned: 1, range: 'above 0 and at most 1', ok: (v: number) => v > 0 && v <= 1 },
  {
    key: 'presencePenalty',
    label: 'Presence penalty',
    pinned: 0,
    range: 'from -2 to 2',
    ok: (v: number) => v >= -2 && v <= 2,
  },
  {
    key: 'frequencyPenalty',
    label: 'Frequency penalty',
    pinned: 0,
    range: 'from -2 to 2',
    ok: (v: number) => v >= -2 && v <= 2,
  },
  {
    key: 'repetitionPenalty',
    label: 'Repetition penalty',
    pinned: 1,
    range: 'above 0 and at most 100',
    ok: (v: number) => v > 0 && v <= 100,
  },
] as const satisfies readonly {
  key: keyof SamplingParams;
  label: string;
  pinned: number;
  range: string;
  ok: (v: number) => boolean;
}[];

/** The sampling settings a run records: only what its engine sends (in-browser models), only those the experiment set. */
function samplingOf(def: ExperimentDef, kind: EngineDescriptor['kind']): Partial<SamplingParams> {
  if (kind !== 'webllm') return {};
  const out: Partial<SamplingParams> = {};
  for (const f of SAMPLING_FIELDS) if (def.params[f.key] !== undefined) out[f.key] = def.params[f.key];
  return out;
}

export function newRunId(now: Date, random: () => number = Math.random): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
  const rand = Math.floor(random() * 36 ** 6)
    .toString(36)
    .padStart(6, '0');
  return `run-${stamp}-${rand}`;
}

/** One pending Run per engine. In-browser engines always get concurrency 1. */
export function createRuns(def: ExperimentDef, env: { appVersion: string; now: Date; random?: () => number }): Run[] {
  const at = env.now.toISOString();
  return def.engines.map((e) => {
    const descriptor: EngineDescriptor = {
      kind: e.descriptor.kind,
      provider: e.descriptor.provider,
      model: e.descriptor.model,
    };
    const baseUrl = cleanBaseUrl(e.descriptor.baseUrl);
    if (baseUrl) descriptor.baseUrl = baseUrl;
    const params: SamplingParams = { temperature: def.params.temperature, maxTokens: def.params.maxTokens };
    if (def.params.seed !== undefined) params.seed = def.params.seed;
    Object.assign(params, samplingOf(def, e.descriptor.kind));
    return {
      id: newRunId(env.now, env.random),
      name: (def.name.trim() || 'Experiment').slice(0, 200) + (def.engines.length > 1 ? ` · ${e.label}` : ''),
      createdAt: at,
      updatedAt: at,
      appVersion: env.appVersion,
      pack: { ...def.pack },
      conditionIds: [...new Set(def.conditionIds)],
      engine: descriptor,
      params,
      samplesPerCondition: def.samplesPerCondition,
      status: 'pending',
      source: { kind: 'local', label: 'this browser' },
      concurrency: e.descriptor.kind === 'webllm' ? 1 : Math.max(1, Math.min(64, Math.floor(e.concurrency) || 1)),
      ...(def.prompts ? { prompts: structuredClone(def.prompts) } : {}),
      ...(def.batchEngineIds?.includes(e.id) && e.descriptor.kind !== 'webllm' ? { batch: true } : {}),
    };
  });
}
