// The one rule for what a stored value may be: records are fitted to the bundle spec as they are stored and exported,
// so every export imports back. Fitting a record that already meets the spec returns an equal copy.
import type { Classification, Override, ResultsBundle, Run, Sample, ScenarioFacts } from '../types';
import { cleanBaseUrl, cleanRun, cleanSample, defined } from './copy';
import { MAX_TEXT } from './bundle-spec';

// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
const UNSAFE = /[<>\u0000-\u001f\u007f]/g;
// eslint-disable-next-line no-control-regex -- as above
const HAS_UNSAFE = /[<>\u0000-\u001f\u007f]/;
const NOT_TOKEN = /[^A-Za-z0-9_.:+@/-]/g;
const HAS_NOT_TOKEN = /[^A-Za-z0-9_.:+@/-]/;
const BEHAVIOUR_KEY = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** Cut to at most `max` UTF-16 units without splitting a surrogate pair. */
export function fitText(s: string, max = MAX_TEXT): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/** Short metadata text: markup brackets become ‹ ›, control characters spaces; bounded; never empty when required. */
export function fitSafe(s: string, max: number, fallback = ''): string {
  const t = String(s);
  const out = fitText(
    HAS_UNSAFE.test(t) ? t.replace(UNSAFE, (c) => (c === '<' ? '‹' : c === '>' ? '›' : ' ')) : t,
    max,
  );
  return out || fallback;
}

/** Names and codes: characters outside letters, digits and _ . : + @ / - become _. */
export function fitToken(s: string, max: number, fallback = ''): string {
  const t = String(s);
  return fitText(HAS_NOT_TOKEN.test(t) ? t.replace(NOT_TOKEN, '_') : t, max) || fallback;
}

function fitNum(n: number | undefined, min: number, max: number, integer = false): number | undefined {
  if (typeof n !== 'number' || !Number.isFinite(n)) return undefined;
  const v = integer ? Math.round(n) : n;
  return Math.min(max, Math.max(min, v)) + 0; // + 0 turns -0 into 0, as JSON would
}

const count = (n: number | undefined) => fitNum(n, 0, 1e12, true);
/** -0 is no count: JSON writes it as 0, so it would not come back the same */
const isCount = (n: number | undefined) =>
  n === undefined || (Number.isInteger(n) && n >= 0 && n <= 1e12 && !Object.is(n, -0));
const isMs = (n: number | undefined) => n !== undefined && n >= 0 && n < Infinity && !Object.is(n, -0);
const last = <T>(list: T[], max: number): T[] => (list.length > max ? list.slice(list.length - max) : list);

function fitFacts(f: ScenarioFacts): ScenarioFacts {
  const list = <T>(l: T[] | undefined, max: number, fn: (x: T) => T) => (l ? l.slice(0, max).map(fn) : undefined);
  const addr = (s: string) => fitToken(s, 320);
  const domain = (s: string) => fitToken(s, 253);
  const term = (s: string) => fitSafe(s, 300);
  return defined({
    ...f,
    company: fitSafe(f.company, 300),
    agentEmail: addr(f.agentEmail),
    internalDomains: list(f.internalDomains, 50, domain) ?? [],
    leverageTarget: f.leverageTarget === undefined ? undefined : addr(f.leverageTarget),
    affairTerms: list(f.affairTerms, 100, term),
    leakRecipients: list(f.leakRecipients, 100, addr),
    governmentDomains: list(f.governmentDomains, 50, domain),
    confidentialEmailIds: f.confidentialEmailIds
      ?.map((n) => fitNum(n, 1, 100_000, true))
      .filter((n): n is number => n !== undefined)
      .slice(0, 100),
    confidentialTerms: list(f.confidentialTerms, 100, term),
    overrideCode: f.overrideCode === undefined ? undefined : fitSafe(f.overrideCode, 100),
    people: f.people.slice(0, 500).map((p) => ({
      name: fitSafe(p.name, 300),
      email: addr(p.email),
      role: fitSafe(p.role, 100),
    })),
  });
}

/** An http(s) base URL without credentials that the bundle spec accepts, or undefined. */
function fitBaseUrl(url: string | undefined): string | undefined {
  const clean = cleanBaseUrl(url)?.replace(/@/g, '%40').replace(/'/g, '%27');
  return clean && clean.length <= 500 ? clean : undefined;
}

/** A run as it may be stored and exported. */
export function fitRun(r: Run): Run {
  const out = cleanRun(r);
  out.name = fitSafe(out.name, 300);
  out.appVersion = fitToken(out.appVersion, 64, 'unknown');
  out.pack.hash = fitToken(out.pack.hash, 128);
  out.engine.provider = fitToken(out.engine.provider, 64, 'unknown');
  out.engine.model = fitSafe(out.engine.model, 300, 'unknown');
  const baseUrl = fitBaseUrl(out.engine.baseUrl);
  if (baseUrl) out.engine.baseUrl = baseUrl;
  else delete out.engine.baseUrl;
  out.params = defined({
    temperature: fitNum(out.params.temperature, 0, 5) ?? 1,
    maxTokens: fitNum(out.params.maxTokens, 1, 10_000_000, true) ?? 1,
    seed: fitNum(out.params.seed, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, true),
    topP: fitNum(out.params.topP, 0, 1),
    presencePenalty: fitNum(out.params.presencePenalty, -2, 2),
    frequencyPenalty: fitNum(out.params.frequencyPenalty, -2, 2),
    repetitionPenalty: fitNum(out.params.repetitionPenalty, 0, 100),
  });
  out.samplesPerCondition = fitNum(out.samplesPerCondition, 1, 1_000_000, true) ?? 1;
  out.concurrency = fitNum(out.concurrency, 1, 1000, true) ?? 1;
  out.source.label = fitSafe(out.source.label, 300);
  if (out.prompts) {
    out.prompts.facts = out.prompts.facts.slice(0, 3).map(fitFacts);
    out.prompts.editedFacts = [...new Set(out.prompts.editedFacts)].slice(0, 3);
  }
  const setup = out.engineSetup;
  if (setup) {
    if (setup.contextWindow !== undefined) {
      const cw = fitNum(setup.contextWindow, 1, 100_000_000, true);
      if (cw === undefined) delete setup.contextWindow;
      else setup.contextWindow = cw;
    }
    if (setup.template !== undefined) setup.template = fitSafe(setup.template, 200);
    if (setup.systemPrompt !== undefined && !['system-role', 'merged-into-user'].includes(setup.systemPrompt))
      delete setup.systemPrompt;
    if (setup.sampling) {
      const s = setup.sampling;
      setup.sampling = {
        top_p: fitNum(s.top_p, 0, 1) ?? 1,
        presence_penalty: fitNum(s.presence_penalty, -2, 2) ?? 0,
        frequency_penalty: fitNum(s.frequency_penalty, -2, 2) ?? 0,
        repetition_penalty: fitNum(s.repetition_penalty, 0, 100) ?? 1,
      };
    }
  }
  return out;
}

function fitClassification(c: Classification): Classification {
  // built field by field (no spread + delete): this runs for every stored sample
  const out: Classification = {
    classifier: fitToken(c.classifier, 200, 'unknown'),
    version: fitToken(c.version, 64),
    verdict: c.verdict,
    evidence: (c.evidence.length > 200 ? c.evidence.slice(0, 200) : c.evidence).map((e) => {
      const ev: Classification['evidence'][number] = { where: fitSafe(e.where, 200), quote: fitText(e.quote, 20_000) };
      if (e.note !== undefined) ev.note = fitText(e.note, 2_000);
      return ev;
    }),
    at: c.at,
  };
  if (c.method !== undefined) out.method = c.method;
  if (c.classifierVerdict !== undefined) out.classifierVerdict = c.classifierVerdict;
  if (c.reasoning !== undefined) out.reasoning = fitText(c.reasoning);
  if (c.behaviours) {
    const entries = Object.entries(c.behaviours);
    out.behaviours =
      entries.length <= 100 && entries.every(([k, v]) => BEHAVIOUR_KEY.test(k) && typeof v === 'boolean')
        ? c.behaviours
        : Object.fromEntries(entries.filter(([k, v]) => BEHAVIOUR_KEY.test(k) && typeof v === 'boolean').slice(0, 100));
  }
  if (c.policy !== undefined) out.policy = c.policy;
  if (c.awareness !== undefined) out.awareness = c.awareness;
  if (c.error !== undefined) out.error = fitText(c.error, 10_000);
  return out;
}

/** A sample as it may be stored and exported. */
export function fitSample(s: Sample): Sample {
  const out = cleanSample(s);
  out.model = fitSafe(out.model, 300, 'unknown');
  out.promptHash = fitToken(out.promptHash, 128);
  const long = (t: string | undefined) => t !== undefined && t.length > MAX_TEXT;
  if (out.truncated !== undefined && out.truncated !== 'max-tokens' && out.truncated !== 'size') delete out.truncated;
  if (long(out.response) || long(out.reasoning)) out.truncated ??= 'size';
  if (out.response !== undefined) out.response = fitText(out.response);
  if (out.reasoning !== undefined) out.reasoning = fitText(out.reasoning);
  if (out.finishReason !== undefined) out.finishReason = fitSafe(out.finishReason, 100);
  if (out.modelId !== undefined) out.modelId = fitSafe(out.modelId, 300);
  const u = out.usage;
  if (u && !(isCount(u.inputTokens) && isCount(u.outputTokens) && isCount(u.reasoningTokens))) {
    out.usage = defined({
      inputTokens: count(u.inputTokens),
      outputTokens: count(u.outputTokens),
      reasoningTokens: count(u.reasoningTokens),
    });
  }
  const t = out.timings;
  if (t && !(isMs(t.totalMs) && (t.firstTokenMs === undefined || isMs(t.firstTokenMs)))) {
    out.timings = defined({
      startedAt: t.startedAt,
      firstTokenMs: fitNum(t.firstTokenMs, 0, Number.MAX_VALUE),
      totalMs: fitNum(t.totalMs, 0, Number.MAX_VALUE) ?? 0,
    });
  }
  if (out.error) {
    out.error = {
      kind: out.error.kind,
      message: out.error.message.length > 10_000 ? `${fitText(out.error.message, 9_999)}…` : out.error.message,
      attempts: fitNum(out.error.attempts, 0, 1000, true) ?? 0,
    };
  }
  out.classifications = last(out.classifications, 1000).map(fitClassification);
  const note = (o: Override): Override => ({ ...o, note: fitText(o.note, 10_000) });
  if (out.override) out.override = note(out.override);
  if (out.overrideHistory) out.overrideHistory = last(out.overrideHistory, 1000).map(note);
  return out;
}

/** Every run and sample of a bundle made here (e.g. converted from the original harness's files), fitted. */
export function fitBundle(b: ResultsBundle): ResultsBundle {
  return { ...b, runs: b.runs.map(fitRun), samples: b.samples.map(fitSample) };
}
