// Converts the original Python harness's results tree (…/models/<model>/<condition>/sample_NNN/response.json) into a bundle.
import type { Classification, EngineDescriptor, ProviderKind, ResultsBundle, Run, Sample } from '../types';
import { BUNDLE_FORMAT, MAX_REPLY_CHARS } from '../types';
import { CONDITION_PATTERN } from './bundle-spec';

export interface ResponseFile {
  /** path relative to any root, with `/` separators */
  path: string;
  text: string;
}

export interface OriginalConversion {
  bundle: ResultsBundle;
  /** every file skipped and every value cut or renumbered, by path, and why */
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

/** FNV-1a of a text, 8 hex digits: tells apart names that slug the same. */
function fnv(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/**
 * A folder name as part of a run id: its slug when that is the name itself, else a shorter slug plus a hash of the
 * exact name, so `gpt 4` and `gpt-4` (or two long names with one prefix) stay distinct runs.
 */
export function idPart(name: string, max: number): string {
  const plain = slug(name, max);
  return plain === name ? plain : `${slug(name, max - 9)}-${fnv(name)}`;
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

const MAX_JUDGE_CHARS = 2_000_000;
const n = (x: number) => x.toLocaleString('en-US');

/**
 * Samples per condition come from the samples present, not from the folder numbers: each run claims as many as its
 * fullest condition holds. A condition whose sample_NNN numbers have gaps (sample_001, sample_999999) is numbered
 * 1..n in folder order, and said so by name.
 */
function numberFromPresent(all: Sample[], runs: Map<string, Run>, warn: (m: string) => void): Sample[] {
  const groups = new Map<string, Sample[]>();
  for (const s of all) {
    const key = `${s.runId}/${s.conditionId}`;
    const g = groups.get(key);
    if (g) g.push(s);
    else groups.set(key, [s]);
  }
  const out: Sample[] = [];
  for (const r of runs.values()) r.samplesPerCondition = 1;
  for (const [key, g] of groups) {
    g.sort((a, b) => a.index - b.index);
    const run = runs.get(g[0].runId)!;
    run.samplesPerCondition = Math.max(run.samplesPerCondition, g.length);
    if (g[g.length - 1].index !== g.length - 1) {
      const numbers = g.map((s) => `sample_${String(s.index + 1).padStart(3, '0')}`);
      const shown = numbers.length > 8 ? `${numbers.slice(0, 8).join(', ')}, …` : numbers.join(', ');
      warn(
        `${key}: ${g.length} sample folder(s) with gaps in their numbers (${shown}); numbered 1 to ${g.length} here.`,
      );
      g.forEach((s, i) => {
        s.index = i;
        s.id = `${key}/${i}`;
      });
    }
    out.push(...g);
  }
  return out;
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
  if (reasoning) c.reasoning = reasoning.slice(0, MAX_JUDGE_CHARS);
  return c;
}

/** Turn response.json files into a bundle with one run per (experiment, model). Bad files are skipped with a warning. */
export function convertOriginalResults(
  files: readonly ResponseFile[],
  env: { appVersion: string; now: Date; label?: string },
): OriginalConversion {
  const now = env.now.toISOString();
  const warnings: string[] = [];
  const warn = (m: string) => void warnings.push(m);
  const runs = new Map<string, Run>();
  const samples = new Map<string, Sample>();

  for (const f of files) {
    const where = parseResponsePath(f.path);
    if (!where) {
      if (/(^|\/)response\.json$/.test(f.path))
        warn(`${f.path}: not in a …/<model>/<condition>/sample_NNN/ folder; skipped.`);
      continue;
    }
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

    const runId = `orig-${idPart(where.experiment, 60)}-${idPart(where.model, 90)}`;
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
      const message = String(typeof data.error === 'string' ? data.error : JSON.stringify(data.error ?? 'failed'));
      if (message.length > 10_000) warn(`${f.path}: error message cut from ${n(message.length)} to 10,000 characters.`);
      sample.error = {
        kind: 'unknown',
        message: message.slice(0, 10_000),
        attempts: attempts !== undefined ? Math.min(1000, Math.floor(attempts)) : 1,
      };
    } else {
      sample.response = raw!.slice(0, MAX_REPLY_CHARS);
      if (raw!.length > MAX_REPLY_CHARS) {
        sample.truncated = 'size';
        warn(`${f.path}: raw_response cut from ${n(raw!.length)} to ${n(MAX_REPLY_CHARS)} characters (marked as cut).`);
      }
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
        const why = isObj(data[key]) ? str(data[key].classifier_reasoning) : undefined;
        if (c && why && why.length > MAX_JUDGE_CHARS)
          warn(`${f.path}: ${key}.classifier_reasoning cut from ${n(why.length)} to ${n(MAX_JUDGE_CHARS)} characters.`);
      }
    }
    if (samples.has(id)) warn(`${f.path}: the same sample appears twice; the first copy was kept.`);
    else samples.set(id, sample);
  }

  for (const r of runs.values()) r.conditionIds.sort();
  const kept = numberFromPresent([...samples.values()], runs, warn);
  const bundle: ResultsBundle = {
    format: BUNDLE_FORMAT,
    schemaVersion: 1,
    bundleId: `orig-${now.replace(/[^0-9]/g, '').slice(0, 14)}`,
    exportedAt: now,
    appVersion: env.appVersion,
    runs: [...runs.values()],
    samples: kept,
  };
  if (env.label) bundle.label = safe(env.label);
  return { bundle, warnings };
}
