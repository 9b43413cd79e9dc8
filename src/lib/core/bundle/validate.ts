// Import gate for results bundles: size, JSON syntax, hostile keys, the schema, then cross-record rules; all or nothing.
import type { ResultsBundle } from '../types';
import { BUNDLE_FORMAT } from '../types';
import { BUNDLE_SPEC } from './bundle-spec';
import { MAX_ERRORS } from './spec';

export const MAX_BUNDLE_BYTES = 512 * 1024 * 1024;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type BundleCheck = { ok: true; bundle: ResultsBundle } | { ok: false; errors: string[] };

const reject = (...errors: string[]): BundleCheck => ({ ok: false, errors });

/** Validate an already-parsed value: the schema first, then the rules between records. */
export function validateBundle(value: unknown): BundleCheck {
  const head = value as { format?: unknown; schemaVersion?: unknown } | null;
  if (typeof head !== 'object' || head === null || Array.isArray(head))
    return reject('This file is not a results bundle: it holds no JSON object.');
  if (head.format !== BUNDLE_FORMAT)
    return reject(`This file is not an Agentic Misalignment Lab results bundle (format must be "${BUNDLE_FORMAT}").`);
  if (head.schemaVersion !== 1)
    return reject(
      `This bundle has schemaVersion ${JSON.stringify(head.schemaVersion)}; this app reads version 1. ` +
        'Update the app (or export again from the same version) and retry.',
    );
  const errs: string[] = [];
  BUNDLE_SPEC.check(value, '', errs);
  if (errs.length) return { ok: false, errors: errs };
  const bundle = value as ResultsBundle;
  const crossErrs = crossRecordErrors(bundle);
  return crossErrs.length ? { ok: false, errors: crossErrs } : { ok: true, bundle };
}

/** Rules a JSON Schema cannot state: unique ids, sample ids built from their parts, samples pointing at runs. */
export function crossRecordErrors(bundle: ResultsBundle): string[] {
  const errs: string[] = [];
  const push = (m: string) => errs.length < MAX_ERRORS && errs.push(m);
  const runs = new Map<string, ResultsBundle['runs'][number]>();
  for (const r of bundle.runs) {
    if (runs.has(r.id)) push(`runs: the run id "${r.id}" appears twice`);
    runs.set(r.id, r);
  }
  const seen = new Set<string>();
  bundle.samples.forEach((s, i) => {
    const where = `samples[${i}]`;
    const expected = `${s.runId}/${s.conditionId}/${s.index}`;
    if (s.id !== expected) push(`${where}.id: is "${s.id.slice(0, 80)}" but must be "${expected}"`);
    if (seen.has(s.id)) push(`${where}.id: "${s.id.slice(0, 80)}" appears twice`);
    seen.add(s.id);
    const run = runs.get(s.runId);
    if (!run) return push(`${where}.runId: no run "${s.runId}" in this bundle`);
    if (!run.conditionIds.includes(s.conditionId))
      push(`${where}.conditionId: "${s.conditionId}" is not one of run "${s.runId}"'s conditions`);
    if (s.index >= run.samplesPerCondition)
      push(`${where}.index: ${s.index} is beyond the run's ${run.samplesPerCondition} samples per condition`);
  });
  return errs;
}

/** Why a file's JSON could not be read: too deeply nested (no export is), or broken (often a cut-off download). */
export function jsonSyntaxMessage(e: unknown): string {
  if (e instanceof RangeError || (e instanceof Error && /call stack|too deep|nest/i.test(e.message)))
    return 'The file nests its values far deeper than any results bundle does, so it is not one. Nothing was imported.';
  const detail = e instanceof Error ? e.message.slice(0, 200) : '';
  return `The file is not valid JSON (${detail}). It may be truncated: download or export it again.`;
}

/** Parse and validate the text of a bundle file. `bytes` is the file size when known. */
export function parseBundleText(text: string, bytes = text.length): BundleCheck {
  if (bytes > MAX_BUNDLE_BYTES)
    return reject(
      `The file is ${(bytes / 2 ** 20).toFixed(0)} MB; the limit is ${MAX_BUNDLE_BYTES / 2 ** 20} MB. ` +
        'Export fewer runs per file and import them one by one.',
    );
  let hostileKey = '';
  let value: unknown;
  try {
    value = JSON.parse(text, (k, v: unknown) => {
      if (FORBIDDEN_KEYS.has(k) && !hostileKey) hostileKey = k;
      return v;
    });
  } catch (e) {
    return reject(jsonSyntaxMessage(e));
  }
  if (hostileKey)
    return reject(`The file contains a property named "${hostileKey}", which is not allowed in a bundle.`);
  return validateBundle(value);
}
