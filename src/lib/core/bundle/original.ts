// Converts the original Python harness's results tree (…/models/<model>/<condition>/sample_NNN/response.json) into a bundle.
import type { Classification, EngineDescriptor, ProviderKind, ResultsBundle, Run, Sample } from '../types';
import { BUNDLE_FORMAT } from '../types';
import { CONDITION_PATTERN } from './bundle-spec';

export interface ResponseFile {
  /** path relative to any root, with `/` separators */
  path: string;
  text: string;
}

export interface OriginalConversion {
  bundle: ResultsBundle;
  /** files that were skipped, and why */
  warnings: string[];
}

const SAMPLE_DIR = /^sample_(\d{1,6})$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const CONDITION = new RegExp(CONDITION_PATTERN, 'u');

/** Keep printable characters without markup brackets: harness metadata is untrusted text. */
function safe(s: string, max = 300): string {
  return [...s]
    .filter((ch) => ch !== '<' && ch !== '>' && ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f)
    .join('')
    .slice(0, max);
}

function slug(s: string, max = 60): string {
  return (
    s
      .replace(/[^A-Za-z0-9_.-]+/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '')
      .slice(0, max) || 'x'
  );
}

const token = (s: string) => s.replace(/[^A-Za-z0-9_.:+@/-]/g, '').slice(0, 64);

/** `…/<experiment>/models/<model>/<condition>/sample_NNN/response.json`, or the older layout without `models/`. */
export function parseResponsePath(
  path: string,
): { experiment: string; model: string; condition: string; index: number } | null {
  const parts = path.split('/').filter(Boolean);
  const n = parts.length;
  if (n < 4 || parts[n - 1] !== 'response.json') return null;
  const m = SAMPLE_DIR.exec(parts[n - 2]);
  if (!m) return null;
  const [condition, model] = [parts[n - 3], parts[n - 4]];
  const experiment = parts[n - 5] === 'models' ? (parts[n - 6] ?? 'results') : (parts[n - 5] ?? 'results');
  return { experiment, model, condition, index: Number(m[1]) - 1 };
}

function providerKind(model: string): ProviderKind {
  if (/claude/i.test(model)) return 'anthropic';
  if (/gemini/i.test(model)) return 'gemini';
  return 'openai-compatible';
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const stamp = (v: unknown, fallback: string) => (typeof v === 'string' && TIMESTAMP.test(v) ? v : fallback);

function classificationFrom(block: unknown, version: string, fallbackAt: string): Classification | undefined {
  if (!isObj(block) || typeof block.harmful_behavior !== 'boolean') return undefined;
  // The harness's own verdicts are original-method verdicts, kept apart from ours (harmful_behavior = judge ∧ gates).
  const c: Classification = {
    classifier: 'original-harness',
    method: 'original',
    version: token(`${version}${str(block.classifier_model) ? `:${str(block.classifier_model)}` : ''}`),
    verdict: block.harmful_behavior ? 'harmful' : 'not-harmful',
    evidence: [],
    at: stamp(block.classified_at, fallbackAt),
  };
  if (typeof block.classifier_verdict === 'boolean') {
    c.classifierVerdict = block.classifier_verdict;
    c.behaviours = { classifierVerdict: block.classifier_verdict };
  }
  const reasoning = str(block.classifier_reasoning);
  if (reasoning) c.reasoning = reasoning.slice(0, 2_000_000);
  return c;
}

/** Turn response.json files into a bundle with one run per (experiment, model). Bad files are skipped with a warning. */
export function convertOriginalResults(
  files: readonly ResponseFile[],
  env: { appVersion: string; now: Date; label?: string },
): OriginalConversion {
  const now = env.now.toISOString();
  const warnings: string[] = [];
  const warn = (m: string) => warnings.length < 50 && warnings.push(m);
  const runs = new Map<string, Run>();
  const samples = new Map<string, Sample>();

  for (const f of files) {
    const where = parseResponsePath(f.path);
    if (!where) continue;
    if (where.index < 0) {
      warn(`${f.path}: sample numbers start at 001; skipped.`);
      continue;
    }
    if (!CONDITION.test(where.condition)) {
      warn(`${f.path}: "${safe(where.condition, 80)}" is not a condition id; skipped.`);
      continue;
    }
    let data: unknown;
    try {
      data = JSON.parse(f.text);
    } catch {
      warn(`${f.path}: not valid JSON; skipped.`);
      continue;
    }
    if (!isObj(data)) {
      warn(`${f.path}: not a JSON object; skipped.`);
      continue;
    }
    const meta = isObj(data.metadata) ? data.metadata : {};
    const api = isObj(meta.api_metadata) ? meta.api_metadata : {};
    const failed = data.error !== undefined || meta.failed === true;
    const raw = str(data.raw_response);
    if (!failed && raw === undefined) {
      warn(`${f.path}: has neither raw_response nor error; skipped.`);
      continue;
    }

    const runId = `orig-${slug(where.experiment)}-${slug(where.model, 90)}`;
    const modelName = safe(str(meta.model) ?? where.model) || where.model;
    let run = runs.get(runId);
    if (!run) {
      const engine: EngineDescriptor = {
        kind: providerKind(modelName),
        provider: 'original-harness',
        model: modelName,
      };
      run = {
        id: runId,
        name: safe(`${where.experiment} · ${where.model}`),
        createdAt: now,
        updatedAt: now,
        appVersion: env.appVersion,
        pack: { id: 'original-harness', hash: '' },
        conditionIds: [],
        engine,
        // the harness's defaults: temperature 1.0; its requests effectively allowed 10000 output tokens
        params: { temperature: 1, maxTokens: 10000 },
        samplesPerCondition: 1,
        status: 'done',
        source: { kind: 'original-harness', label: safe(env.label ?? `results/${where.experiment}`), importedAt: now },
        concurrency: 1,
      };
      runs.set(runId, run);
    }
    if (!run.conditionIds.includes(where.condition)) run.conditionIds.push(where.condition);
    run.samplesPerCondition = Math.max(run.samplesPerCondition, where.index + 1);

    const at = stamp(meta.timestamp, now);
    const id = `${runId}/${where.condition}/${where.index}`;
    const sample: Sample = {
      id,
      runId,
      conditionId: where.condition,
      index: where.index,
      model: modelName,
      status: failed ? 'error' : 'done',
      promptHash: '',
      classifications: [],
      createdAt: at,
    };
    if (failed) {
      const attempts = num(meta.failure_count);
      sample.error = {
        kind: 'unknown',
        message: String(typeof data.error === 'string' ? data.error : JSON.stringify(data.error ?? 'failed')).slice(
          0,
          10_000,
        ),
        attempts: attempts !== undefined ? Math.min(1000, Math.floor(attempts)) : 1,
      };
    } else {
      sample.response = raw!.slice(0, 2_000_000);
      sample.modelId = modelName;
      const stop = str(api.stop_reason);
      if (stop) sample.finishReason = safe(stop, 100);
      const tokens = num(api.tokens_used);
      if (tokens !== undefined) sample.usage = { outputTokens: Math.floor(tokens) };
      const ms = num(api.response_time_ms) ?? num(meta.inference_time_ms);
      if (ms !== undefined) sample.timings = { startedAt: at, totalMs: ms };
      for (const [key, version] of [
        ['classification', 'v1'],
        ['classification_v2', 'v2'],
      ] as const) {
        const c = classificationFrom(data[key], version, at);
        if (c) sample.classifications.push(c);
      }
    }
    if (samples.has(id)) warn(`${f.path}: the same sample appears twice; the first copy was kept.`);
    else samples.set(id, sample);
  }

  for (const r of runs.values()) r.conditionIds.sort();
  const bundle: ResultsBundle = {
    format: BUNDLE_FORMAT,
    schemaVersion: 1,
    bundleId: `orig-${now.replace(/[^0-9]/g, '').slice(0, 14)}`,
    exportedAt: now,
    appVersion: env.appVersion,
    runs: [...runs.values()],
    samples: [...samples.values()],
  };
  if (env.label) bundle.label = safe(env.label);
  return { bundle, warnings };
}
