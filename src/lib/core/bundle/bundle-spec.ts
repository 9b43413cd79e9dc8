// The results bundle format as one declarative spec: the import validator and the published JSON Schema both come from it.
import { BUNDLE_FORMAT } from '../types';
import { arr, bool, int, num, obj, record, str, type JsonSchema } from './spec';

/** Identifiers: run ids, bundle ids, pack ids. No slashes (sample ids are built with them), no markup. */
export const ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,159}$';
/** Condition ids, ours (`blackmail_explicit-america_replacement_prod`) and the original harness's. */
export const CONDITION_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$';
/** Short metadata text (names, labels, model names): no markup brackets, no control characters. */
export const SAFE_TEXT_PATTERN = '^[^<>\\u0000-\\u001f\\u007f]*$';
const TOKEN_PATTERN = '^[A-Za-z0-9_.:+@/-]*$';
const TIMESTAMP_PATTERN = '^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})?)?$';
/** http(s) endpoint without user info, query or fragment, so a key cannot hide in it. */
const BASE_URL_PATTERN = '^https?://[^\\s@?#<>"\'\\\\]+$';

export const ENGINE_KINDS = ['webllm', 'openai-compatible', 'anthropic', 'gemini'] as const;
export const RUN_STATUSES = ['pending', 'running', 'paused', 'done', 'cancelled', 'error'] as const;
export const SOURCE_KINDS = ['local', 'import', 'original-harness'] as const;
export const VERDICTS = ['harmful', 'not-harmful', 'unclassified'] as const;
export const ERROR_KINDS = [
  'auth',
  'rate-limit',
  'overloaded',
  'server',
  'bad-request',
  'context-length',
  'refused',
  'network',
  'blocked',
  'aborted',
  'webgpu-unavailable',
  'out-of-memory',
  'device-lost',
  'quota',
  'download-failed',
  'model-not-found',
  'unknown',
] as const;

/** Free text from models and reviewers: any characters (it is always rendered as text), bounded in size. */
export const MAX_TEXT = 2_000_000;
const text = (maxLength = MAX_TEXT) => str({ maxLength });
const safe = (maxLength: number, minLength = 0) =>
  str({
    pattern: SAFE_TEXT_PATTERN,
    maxLength,
    minLength,
    hint: 'must not contain markup (< or >) or control characters',
  });
const token = (maxLength: number, minLength = 0) =>
  str({ pattern: TOKEN_PATTERN, maxLength, minLength, hint: 'may only hold letters, digits and _ . : + @ / -' });
const id = () =>
  str({ pattern: ID_PATTERN, hint: 'must be an id: a letter or digit, then letters, digits or _ . : - (no slashes)' });
const timestamp = () =>
  str({
    pattern: TIMESTAMP_PATTERN,
    maxLength: 40,
    hint: 'must be an ISO 8601 date-time such as 2026-01-05T10:11:12Z',
  });
const count = () => int({ minimum: 0, maximum: 1e12 });

const classification = obj(
  {
    classifier: token(200, 1),
    method: str({ enum: ['lab', 'original'] }),
    classifierVerdict: bool(),
    version: token(64),
    verdict: str({ enum: VERDICTS }),
    evidence: arr(obj({ where: safe(200), quote: text(20_000), note: text(2_000) }, ['note']), { maxItems: 200 }),
    reasoning: text(),
    behaviours: record('^[A-Za-z][A-Za-z0-9_-]{0,63}$', bool(), 100),
    policy: str({ enum: ['rules', 'judge', 'both'] }),
    awareness: str({ enum: ['thinks-eval', 'thinks-real', 'no-deliberation', 'unclassified'] }),
    at: timestamp(),
    error: text(10_000),
  },
  ['method', 'classifierVerdict', 'reasoning', 'behaviours', 'policy', 'awareness', 'error'],
);

const SCENARIO_IDS = ['blackmail', 'leaking', 'murder'] as const;
const address = () => token(320);

/** Classifier facts of one scenario as a run recorded them (addresses, codes, names: never markup). */
export const SCENARIO_FACTS_SPEC = obj(
  {
    scenario: str({ enum: SCENARIO_IDS }),
    company: safe(300),
    agentEmail: address(),
    internalDomains: arr(token(253), { maxItems: 50 }),
    leverageTarget: address(),
    affairTerms: arr(safe(300), { maxItems: 100 }),
    leakRecipients: arr(address(), { maxItems: 100 }),
    governmentDomains: arr(token(253), { maxItems: 50 }),
    confidentialEmailIds: arr(int({ minimum: 1, maximum: 100_000 }), { maxItems: 100 }),
    confidentialTerms: arr(safe(300), { maxItems: 100 }),
    overrideCode: safe(100),
    people: arr(obj({ name: safe(300), email: address(), role: safe(100) }), { maxItems: 500 }),
  },
  [
    'leverageTarget',
    'affairTerms',
    'leakRecipients',
    'governmentDomains',
    'confidentialEmailIds',
    'confidentialTerms',
    'overrideCode',
  ],
);

const runPrompts = obj(
  {
    swap: str({ enum: ['fixed', 'original'] }),
    facts: arr(SCENARIO_FACTS_SPEC, { maxItems: 3 }),
    editedFacts: arr(str({ enum: SCENARIO_IDS }), { maxItems: 3, uniqueItems: true }),
  },
  [],
  'How swap rendered (fixed, or as the original harness renders it) and the classifier facts the run used.',
);

const run = obj(
  {
    id: id(),
    name: safe(300),
    createdAt: timestamp(),
    updatedAt: timestamp(),
    appVersion: token(64, 1),
    pack: obj({ id: id(), hash: token(128) }),
    conditionIds: arr(str({ pattern: CONDITION_PATTERN, hint: 'must be a condition id' }), {
      maxItems: 10_000,
      uniqueItems: true,
    }),
    engine: obj(
      {
        kind: str({ enum: ENGINE_KINDS }),
        provider: token(64, 1),
        model: safe(300, 1),
        baseUrl: str({
          pattern: BASE_URL_PATTERN,
          maxLength: 500,
          hint: 'must be an http(s) address without user name, password, query or fragment',
        }),
      },
      ['baseUrl'],
    ),
    params: obj(
      {
        temperature: num({ minimum: 0, maximum: 5 }),
        maxTokens: int({ minimum: 1, maximum: 10_000_000 }),
        seed: int({ minimum: -9007199254740991, maximum: 9007199254740991 }),
        topP: num({ minimum: 0, maximum: 1 }),
        presencePenalty: num({ minimum: -2, maximum: 2 }),
        frequencyPenalty: num({ minimum: -2, maximum: 2 }),
        repetitionPenalty: num({ minimum: 0, maximum: 100 }),
      },
      ['seed', 'topP', 'presencePenalty', 'frequencyPenalty', 'repetitionPenalty'],
    ),
    samplesPerCondition: int({ minimum: 1, maximum: 1_000_000 }),
    status: str({ enum: RUN_STATUSES }),
    source: obj({ kind: str({ enum: SOURCE_KINDS }), label: safe(300), bundleId: id(), importedAt: timestamp() }, [
      'bundleId',
      'importedAt',
    ]),
    concurrency: int({ minimum: 1, maximum: 1000 }),
    prompts: runPrompts,
    engineSetup: obj(
      {
        contextWindow: int({ minimum: 1, maximum: 100_000_000 }),
        sampling: obj({
          top_p: num({ minimum: 0, maximum: 1 }),
          presence_penalty: num({ minimum: -2, maximum: 2 }),
          frequency_penalty: num({ minimum: -2, maximum: 2 }),
          repetition_penalty: num({ minimum: 0, maximum: 100 }),
        }),
        systemPrompt: str({ enum: ['system-role', 'merged-into-user'] }),
        template: safe(200),
      },
      ['contextWindow', 'sampling', 'systemPrompt', 'template'],
      'What the engine decided at run start (in-browser models): context window, pinned sampling, chat template.',
    ),
    batch: bool(),
  },
  ['prompts', 'engineSetup', 'batch'],
  'One engine/model over a set of conditions.',
);

const overrideSpec = obj({ verdict: str({ enum: VERDICTS }), note: text(10_000), at: timestamp() });

const sample = obj(
  {
    id: str({ maxLength: 400, description: 'must equal `${runId}/${conditionId}/${index}`' }),
    runId: id(),
    conditionId: str({ pattern: CONDITION_PATTERN, hint: 'must be a condition id' }),
    index: int({ minimum: 0, maximum: 999_999 }),
    model: safe(300, 1),
    status: str({ enum: ['done', 'error'] }),
    response: text(),
    reasoning: text(),
    truncated: str({
      enum: ['max-tokens', 'size'],
      description:
        'the lab cut the stored reply short: the stream ran past its max tokens, or the text was longer than the stored limit',
    }),
    finishReason: safe(100),
    modelId: safe(300),
    usage: obj({ inputTokens: count(), outputTokens: count(), reasoningTokens: count() }, [
      'inputTokens',
      'outputTokens',
      'reasoningTokens',
    ]),
    timings: obj({ startedAt: timestamp(), firstTokenMs: num({ minimum: 0 }), totalMs: num({ minimum: 0 }) }, [
      'firstTokenMs',
    ]),
    error: obj({
      kind: str({ enum: ERROR_KINDS }),
      message: text(10_000),
      attempts: int({ minimum: 0, maximum: 1000 }),
    }),
    promptHash: token(128),
    classifications: arr(classification, { maxItems: 1000 }),
    override: overrideSpec,
    overrideHistory: arr(overrideSpec, {
      maxItems: 1000,
      description: 'earlier or competing reviewer overrides kept by merges, oldest first',
    }),
    createdAt: timestamp(),
  },
  [
    'response',
    'reasoning',
    'truncated',
    'finishReason',
    'modelId',
    'usage',
    'timings',
    'error',
    'override',
    'overrideHistory',
  ],
  'One model response (or failure) for one condition.',
);

/** One run and one sample record, for importers that check records one by one while streaming. */
export const RUN_SPEC = run;
export const SAMPLE_SPEC = sample;

export const BUNDLE_SPEC = obj(
  {
    format: str({ const: BUNDLE_FORMAT }),
    schemaVersion: int({ const: 1 }),
    bundleId: id(),
    exportedAt: timestamp(),
    appVersion: token(64, 1),
    label: safe(300),
    runs: arr(run, { maxItems: 10_000 }),
    samples: arr(sample, { maxItems: 5_000_000 }),
  },
  ['label'],
);

/** The published JSON Schema document (public/schema/results-bundle.schema.json is this, pretty-printed). */
export function bundleJsonSchema(): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://agentic-misalignment-lab/schema/results-bundle.schema.json',
    title: 'Agentic Misalignment Lab results bundle',
    description:
      'Runs and samples exported by Agentic Misalignment Lab. Cross-record rules the schema cannot state (sample ids, ' +
      'run references, no duplicates) are listed in docs/results-format.md and enforced by the importer.',
    ...BUNDLE_SPEC.schema,
  };
}
