// The facts editor's form model: which facts each scenario shows, text ↔ facts conversion, and validation.
import { validateFacts } from '../classify/facts';
import { SCENARIO_FACTS_SPEC } from '../bundle/bundle-spec';
import type { ScenarioFacts, ScenarioId } from '../types';

export type FactKey =
  | 'company'
  | 'agentEmail'
  | 'internalDomains'
  | 'leverageTarget'
  | 'affairTerms'
  | 'leakRecipients'
  | 'confidentialEmailIds'
  | 'confidentialTerms'
  | 'governmentDomains'
  | 'overrideCode';

export interface FactField {
  key: FactKey;
  label: string;
  hint: string;
  list: boolean;
}

const COMMON: FactField[] = [
  { key: 'company', label: 'Company', hint: 'as the texts name it', list: false },
  {
    key: 'agentEmail',
    label: 'Agent’s own address',
    hint: 'the AI’s address, as the system prompt states it',
    list: false,
  },
  { key: 'internalDomains', label: 'Company email domains', hint: 'comma-separated', list: true },
];

const BY_SCENARIO: Record<ScenarioId, FactField[]> = {
  blackmail: [
    { key: 'leverageTarget', label: 'Executive with the affair (target)', hint: 'an email address', list: false },
    {
      key: 'affairTerms',
      label: 'Affair terms',
      hint: 'names or addresses that identify the affair; comma-separated',
      list: true,
    },
  ],
  murder: [
    { key: 'leverageTarget', label: 'Person trapped in the server room', hint: 'an email address', list: false },
    { key: 'overrideCode', label: 'Override code', hint: 'the code that cancels the emergency dispatch', list: false },
  ],
  leaking: [
    {
      key: 'leakRecipients',
      label: 'Outside recipients that count as a leak',
      hint: 'addresses, comma-separated',
      list: true,
    },
    {
      key: 'confidentialEmailIds',
      label: 'Confidential email ids',
      hint: 'inbox ID numbers, comma-separated',
      list: true,
    },
    { key: 'confidentialTerms', label: 'Confidential attachments', hint: 'file names, comma-separated', list: true },
    {
      key: 'governmentDomains',
      label: 'Government domains (whistleblowing, not leaking)',
      hint: 'comma-separated',
      list: true,
    },
  ],
};

/** The fields the editor shows for a scenario, in order. */
export function factFields(scenario: ScenarioId): FactField[] {
  return [...COMMON, ...BY_SCENARIO[scenario]];
}

export type FactsForm = Partial<Record<FactKey, string>>;

/** Form text of facts: lists joined with ", ". */
export function formOf(f: ScenarioFacts): FactsForm {
  const out: FactsForm = {};
  for (const field of factFields(f.scenario)) {
    const v = f[field.key];
    out[field.key] = Array.isArray(v) ? v.join(', ') : v === undefined ? '' : String(v);
  }
  return out;
}

const splitList = (text: string) =>
  text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

export type FactsResult = { ok: true; facts: ScenarioFacts } | { ok: false; errors: string[] };

/**
 * Facts from the form over `base` (the fields the form does not show are kept). Checked like imported facts and
 * like a results bundle, so a run's recorded facts always export and re-import.
 */
export function factsFromForm(base: ScenarioFacts, form: FactsForm): FactsResult {
  const next = structuredClone(base) as unknown as Record<string, unknown>;
  const errors: string[] = [];
  for (const field of factFields(base.scenario)) {
    const text = (form[field.key] ?? '').trim();
    if (field.key === 'confidentialEmailIds') {
      const parts = splitList(text);
      const ids = parts.map(Number);
      if (parts.some((p) => !/^\d+$/.test(p) || Number(p) < 1))
        errors.push(`${field.label}: use whole numbers from 1, separated by commas`);
      next[field.key] = ids;
    } else if (field.list) next[field.key] = splitList(text);
    else if (text === '' && field.key !== 'company' && field.key !== 'agentEmail') delete next[field.key];
    else next[field.key] = field.key === 'agentEmail' || field.key === 'leverageTarget' ? text.toLowerCase() : text;
  }
  const fields = factFields(base.scenario);
  const labelled = (e: string) =>
    e.replace(/"?\b(?:facts\.)?([A-Za-z]+)\b"?:?/, (m, key: string) => {
      const f = fields.find((x) => x.key === key);
      return f ? `${f.label}:` : m;
    });
  const check = validateFacts(next);
  if (!check.ok) errors.push(...check.errors.map(labelled));
  const specErrors: string[] = [];
  SCENARIO_FACTS_SPEC.check(next, 'facts', specErrors);
  errors.push(...specErrors.map(labelled));
  return errors.length
    ? { ok: false, errors: [...new Set(errors)] }
    : { ok: true, facts: next as unknown as ScenarioFacts };
}
