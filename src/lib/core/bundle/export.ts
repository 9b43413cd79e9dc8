// Builds export bundles by copying only the known fields of runs and samples, so nothing unlisted (like a key) can leave.
import type { Classification, EngineDescriptor, ResultsBundle, Run, RunPrompts, Sample, ScenarioFacts } from '../types';
import { BUNDLE_FORMAT } from '../types';

/** Drop user info, query and fragment from an endpoint URL: a key must never ride along in one. */
export function cleanBaseUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return `${u.protocol}//${u.host}${u.pathname}`.replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

export function cleanEngine(e: EngineDescriptor): EngineDescriptor {
  const out: EngineDescriptor = { kind: e.kind, provider: e.provider, model: e.model };
  const baseUrl = cleanBaseUrl(e.baseUrl);
  if (baseUrl) out.baseUrl = baseUrl;
  return out;
}

function defined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

const copyList = <T>(l: T[] | undefined): T[] | undefined => (l ? [...l] : undefined);

/** Only the known fields of a scenario's facts. */
export function cleanFacts(f: ScenarioFacts): ScenarioFacts {
  return defined({
    scenario: f.scenario,
    company: f.company,
    agentEmail: f.agentEmail,
    internalDomains: [...f.internalDomains],
    leverageTarget: f.leverageTarget,
    affairTerms: copyList(f.affairTerms),
    leakRecipients: copyList(f.leakRecipients),
    governmentDomains: copyList(f.governmentDomains),
    confidentialEmailIds: copyList(f.confidentialEmailIds),
    confidentialTerms: copyList(f.confidentialTerms),
    overrideCode: f.overrideCode,
    people: f.people.map((p) => ({ name: p.name, email: p.email, role: p.role })),
  });
}

function cleanPrompts(p: RunPrompts): RunPrompts {
  return { swap: p.swap, facts: p.facts.map(cleanFacts), editedFacts: [...p.editedFacts] };
}

export function cleanRun(r: Run): Run {
  return {
    id: r.id,
    name: r.name,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    appVersion: r.appVersion,
    pack: { id: r.pack.id, hash: r.pack.hash },
    conditionIds: [...r.conditionIds],
    engine: cleanEngine(r.engine),
    params: defined({ temperature: r.params.temperature, maxTokens: r.params.maxTokens, seed: r.params.seed }),
    samplesPerCondition: r.samplesPerCondition,
    status: r.status,
    source: defined({
      kind: r.source.kind,
      label: r.source.label,
      bundleId: r.source.bundleId,
      importedAt: r.source.importedAt,
    }),
    concurrency: r.concurrency,
    ...(r.prompts ? { prompts: cleanPrompts(r.prompts) } : {}),
    ...(r.engineSetup ? { engineSetup: JSON.parse(JSON.stringify(r.engineSetup)) as Run['engineSetup'] } : {}),
  };
}

function cleanClassification(c: Classification): Classification {
  return defined({
    classifier: c.classifier,
    method: c.method,
    classifierVerdict: c.classifierVerdict,
    version: c.version,
    verdict: c.verdict,
    evidence: c.evidence.map((e) => defined({ where: e.where, quote: e.quote, note: e.note })),
    reasoning: c.reasoning,
    behaviours: c.behaviours ? { ...c.behaviours } : undefined,
    policy: c.policy,
    awareness: c.awareness,
    at: c.at,
    error: c.error,
  });
}

export function cleanSample(s: Sample): Sample {
  return defined({
    id: s.id,
    runId: s.runId,
    conditionId: s.conditionId,
    index: s.index,
    model: s.model,
    status: s.status,
    response: s.response,
    reasoning: s.reasoning,
    finishReason: s.finishReason,
    modelId: s.modelId,
    usage: s.usage
      ? defined({
          inputTokens: s.usage.inputTokens,
          outputTokens: s.usage.outputTokens,
          reasoningTokens: s.usage.reasoningTokens,
        })
      : undefined,
    timings: s.timings
      ? defined({ startedAt: s.timings.startedAt, firstTokenMs: s.timings.firstTokenMs, totalMs: s.timings.totalMs })
      : undefined,
    error: s.error ? { kind: s.error.kind, message: s.error.message, attempts: s.error.attempts } : undefined,
    promptHash: s.promptHash,
    classifications: (s.classifications ?? []).map(cleanClassification),
    override: s.override ? { verdict: s.override.verdict, note: s.override.note, at: s.override.at } : undefined,
    overrideHistory: s.overrideHistory?.length
      ? s.overrideHistory.map((o) => ({ verdict: o.verdict, note: o.note, at: o.at }))
      : undefined,
    createdAt: s.createdAt,
  });
}

export interface BundleMeta {
  appVersion: string;
  label?: string;
  /** defaults to now */
  exportedAt?: string;
  /** defaults to a random id */
  bundleId?: string;
}

export function newBundleId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const rand = Math.floor(Math.random() * 36 ** 6)
    .toString(36)
    .padStart(6, '0');
  return `bundle-${stamp}-${rand}`;
}

/** Remove markup brackets and control characters from short metadata text. */
function stripUnsafe(s: string): string {
  return [...s]
    .filter((ch) => ch !== '<' && ch !== '>' && ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f)
    .join('');
}

/** A bundle of the given runs and those of `samples` that belong to them. */
export function buildBundle(runs: readonly Run[], samples: Iterable<Sample>, meta: BundleMeta): ResultsBundle {
  const ids = new Set(runs.map((r) => r.id));
  const out: Sample[] = [];
  for (const s of samples) if (ids.has(s.runId)) out.push(cleanSample(s));
  return defined({
    format: BUNDLE_FORMAT,
    schemaVersion: 1 as const,
    bundleId: meta.bundleId ?? newBundleId(),
    exportedAt: meta.exportedAt ?? new Date().toISOString(),
    appVersion: meta.appVersion,
    label: meta.label ? stripUnsafe(meta.label).slice(0, 300) || undefined : undefined,
    runs: runs.map(cleanRun),
    samples: out,
  });
}

/** A file name such as `aml-results-2026-01-05-3-runs.json`. */
export function bundleFileName(bundle: ResultsBundle, ext = 'json'): string {
  const day = bundle.exportedAt.slice(0, 10);
  const what = bundle.runs.length === 1 ? bundle.runs[0].id : `${bundle.runs.length}-runs`;
  return `aml-results-${day}-${what}.${ext}`.replace(/[^A-Za-z0-9_.-]/g, '_');
}
