// Copies only the known fields of runs and samples, so nothing unlisted (like a key) can leave or be stored.
import type { Classification, EngineDescriptor, Run, RunPrompts, Sample, ScenarioFacts } from '../types';
import { splitUserInfo } from '../secrets';

/** Drop user info, query and fragment from an endpoint URL: a key must never ride along in one. */
export function cleanBaseUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(splitUserInfo(url).url);
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

export function defined<T extends object>(o: T): T {
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
    params: defined({
      temperature: r.params.temperature,
      maxTokens: r.params.maxTokens,
      seed: r.params.seed,
      topP: r.params.topP,
      presencePenalty: r.params.presencePenalty,
      frequencyPenalty: r.params.frequencyPenalty,
      repetitionPenalty: r.params.repetitionPenalty,
    }),
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
    ...(r.batch === true ? { batch: true } : {}),
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
    truncated: s.truncated,
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
