// Property: hostile values entering at every entry point (engine replies and errors, form input, reviewer and judge
// records, the original harness's files) are stored through the real code, exported, imported into an empty
// database, and come back identical.
import 'fake-indexeddb/auto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  convertOriginalResults,
  fitBundle,
  fitRun,
  fitSample,
  parseBundleText,
  validateBundle,
} from '../../../src/lib/core/bundle';
import { RUN_SPEC, SAMPLE_SPEC } from '../../../src/lib/core/bundle/bundle-spec';
import { classifyRules } from '../../../src/lib/core/classify/rules';
import type { ChatRequest, ChatResult, Classification, Engine, ResultsBundle, Run } from '../../../src/lib/core/types';
import { EngineError } from '../../../src/lib/engines/errors';
import { RunController } from '../../../src/lib/runner/controller';
import { createRuns } from '../../../src/lib/runner/experiment';
import * as db from '../../../src/lib/storage/db';
import { exportBundle, importBundle } from '../../../src/lib/storage/transfer';
import { prepare } from '../runner/fakes';
import { COND_A, COND_B } from './make';

/** xorshift32: a failing seed reproduces. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  return { next, pick };
}
type Rng = ReturnType<typeof rng>;

const PIECES = [
  '<script>alert(1)</script>',
  '<',
  '>',
  '<img src=x onerror=alert(1)>',
  '\u0000',
  '\u0007',
  '\n',
  '\r\n',
  '\t',
  '\u001b[31m',
  '\u007f',
  '\u202e',
  '😀',
  '\ud800',
  '\udfff',
  '"',
  "'",
  '\\',
  '=HYPERLINK("x")',
  '＝1+1',
  ';=',
  ' ',
  '__proto__',
  '%00',
  '&amp;',
  'plain',
  'Z9_.:/-',
];
const NUMBERS = [-1, -0.5, 0.5, 1.7, NaN, Infinity, -Infinity, 2 ** 60, -0, 3, 1e-9];

function hostile(r: Rng, maxPieces = 12): string {
  let s = '';
  for (let i = 0, n = Math.floor(r.next() * maxPieces); i < n; i++) s += r.pick(PIECES);
  return s;
}
const long = (r: Rng, n: number) => hostile(r, 6).padEnd(n, r.pick(['x', '<', '\u0001', '😀']));

/** An engine whose replies and errors carry hostile values, one huge reply and one long error among them. */
class HostileEngine implements Engine {
  readonly id = 'hostile';
  calls = 0;
  constructor(private r: Rng) {}
  async prepare() {
    return { template: hostile(this.r), contextWindow: this.r.pick(NUMBERS) };
  }
  async generate(_req: ChatRequest): Promise<ChatResult> {
    const r = this.r;
    const call = this.calls++;
    if (call === 1) throw new EngineError('bad-request', long(r, 30_000), { retryable: false });
    if (call === 2) throw new EngineError('server', hostile(r), { retryable: false });
    return {
      text: call === 0 ? long(r, 2_100_000) : hostile(r, 40),
      reasoning: hostile(r),
      finishReason: hostile(r, 30) || '<',
      modelId: hostile(r) + '\u0000',
      usage: { inputTokens: r.pick(NUMBERS), outputTokens: r.pick(NUMBERS), reasoningTokens: r.pick(NUMBERS) },
      timings: { startedAt: '2026-01-01T00:00:00.000Z', firstTokenMs: r.pick(NUMBERS), totalMs: r.pick(NUMBERS) },
    };
  }
}

function judgeRecord(r: Rng): Classification {
  return {
    classifier: `judge:${hostile(r)}`,
    version: hostile(r),
    verdict: 'harmful',
    evidence: Array.from({ length: 3 }, () => ({ where: hostile(r), quote: long(r, 25_000), note: long(r, 3_000) })),
    reasoning: hostile(r),
    behaviours: { ok: true, '<bad key>': true, [hostile(r) || 'x y']: false },
    at: '2026-01-01T00:00:05.000Z',
    error: long(r, 12_000),
  };
}

function originalFiles(r: Rng) {
  const data = (failed: boolean) =>
    JSON.stringify({
      raw_response: hostile(r, 30),
      ...(failed ? { error: long(r, 20_000) } : {}),
      metadata: {
        model: hostile(r) || 'm',
        timestamp: hostile(r),
        failure_count: r.pick(NUMBERS),
        api_metadata: { stop_reason: hostile(r), tokens_used: r.pick(NUMBERS), response_time_ms: r.pick(NUMBERS) },
      },
      classification: { harmful_behavior: true, classifier_verdict: true, classifier_reasoning: hostile(r) },
    });
  return [0, 1, 2].map((i) => ({
    path: `results/exp/models/model-x/${COND_A}/sample_00${i + 1}/response.json`,
    text: data(i === 1),
  }));
}

let n = 0;
afterEach(() => db.closeDb());

const specErrors = (spec: typeof RUN_SPEC, v: unknown) => {
  const errs: string[] = [];
  spec.check(v, '', errs);
  return errs;
};

/** Store hostile values through every entry point of the real code; returns the ids written. */
async function storeHostile(r: Rng): Promise<void> {
  const def = {
    name: hostile(r, 30) + long(r, 400),
    conditionIds: [COND_A, COND_B],
    engines: [
      {
        id: 'custom:x',
        label: hostile(r),
        descriptor: {
          kind: 'openai-compatible' as const,
          provider: 'custom',
          model: hostile(r) || '<>',
          baseUrl: `http://user:KEY@127.0.0.1:1/v1?api_key=KEY&${hostile(r)}`,
        },
        concurrency: 1,
      },
    ],
    samplesPerCondition: 3,
    params: { temperature: 1, maxTokens: 100 },
    pack: { id: 'bundled', hash: hostile(r) },
    prompts: {
      swap: 'fixed' as const,
      editedFacts: ['blackmail' as const, 'blackmail' as const],
      facts: [
        {
          scenario: 'blackmail' as const,
          company: hostile(r),
          agentEmail: hostile(r),
          internalDomains: [hostile(r)],
          affairTerms: [hostile(r), long(r, 400)],
          overrideCode: hostile(r),
          confidentialEmailIds: [r.pick(NUMBERS), 0, 7],
          people: [{ name: hostile(r), email: hostile(r), role: hostile(r) }],
        },
      ],
    },
  };
  const [run] = createRuns(def, { appVersion: '0.1.0', now: new Date('2026-01-01T00:00:00Z') });
  await db.putRun(run);
  const engine = new HostileEngine(r);
  const c = new RunController(
    run,
    { prepare, engine, classify: classifyRules, store: db, sleep: async () => undefined },
    { maxAttempts: 1 },
  );
  await c.start();
  const stored = await db.listSamples(run.id);
  expect(stored.length).toBe(6);
  // reviewer notes and judge records (a judge is a model too)
  await db.setOverride(stored[0].id, { verdict: 'harmful', note: long(r, 12_000), at: '2026-01-01T00:00:06.000Z' });
  await db.addClassification(stored[3].id, judgeRecord(r));
  // the original harness's files
  const { bundle } = convertOriginalResults(originalFiles(r), {
    appVersion: '0.1.0',
    now: new Date(),
    label: hostile(r),
  });
  const fitted = fitBundle(bundle);
  const check = validateBundle(fitted);
  expect(check.ok, JSON.stringify(!check.ok && check.errors)).toBe(true);
  if (check.ok) await importBundle(check.bundle, { label: 'harness' });
}

const withoutSource = (runs: Run[]) => runs.map(({ source: _s, updatedAt: _u, ...rest }) => rest);

describe('what the app stores, its import takes back unchanged', () => {
  it.each([1, 2, 3, 4])(
    'seed %i: store hostile values, export, import into an empty database',
    async (seed) => {
      const r = rng(seed * 7919);
      await db.openDb(`prop-a-${seed}-${Date.now()}-${n++}`);
      await storeHostile(r);

      const runs = await db.listRuns();
      const samples = (await Promise.all(runs.map((x) => db.listSamples(x.id)))).flat();
      for (const x of runs) expect(specErrors(RUN_SPEC, x), x.id).toEqual([]);
      for (const s of samples) expect(specErrors(SAMPLE_SPEC, s), s.id).toEqual([]);
      expect(JSON.stringify(runs)).not.toContain('KEY');

      const first = await exportBundle(undefined, { appVersion: '0.1.0', label: hostile(r) });
      const text = JSON.stringify(first);
      const check = parseBundleText(text);
      expect(check.ok, JSON.stringify(!check.ok && check.errors)).toBe(true);
      if (!check.ok) return;

      await db.openDb(`prop-b-${seed}-${Date.now()}-${n++}`);
      expect(await db.listRuns()).toEqual([]);
      const report = await importBundle(check.bundle, { label: 'roundtrip.json' });
      expect(report.samples.added).toBe(samples.length);
      const runs2 = await db.listRuns();
      const samples2 = (await Promise.all(runs2.map((x) => db.listSamples(x.id)))).flat();
      for (let i = 0; i < samples.length; i++) expect(samples2[i], samples[i].id).toEqual(samples[i]);
      expect(samples2).toEqual(samples);
      expect(withoutSource(runs2)).toEqual(withoutSource(runs));
      const second = await exportBundle(undefined, { appVersion: '0.1.0' });
      expect(second.samples).toEqual(first.samples);
    },
    60_000,
  );

  it('fitting leaves every valid fixture record as it is', () => {
    const dir = join(__dirname, '../../fixtures/bundles/valid');
    for (const f of readdirSync(dir)) {
      const b = JSON.parse(readFileSync(join(dir, f), 'utf8')) as ResultsBundle;
      if (!validateBundle(b).ok) continue;
      for (const run of b.runs) expect(fitRun(run), f).toEqual(run);
      for (const s of b.samples) expect(fitSample(s), f).toEqual(s);
    }
  });

  it('fitted records always meet the spec, and fitting twice changes nothing', () => {
    const r = rng(99);
    for (let i = 0; i < 300; i++) {
      const [run] = createRuns(
        {
          name: hostile(r),
          conditionIds: [COND_A],
          engines: [
            {
              id: 'x',
              label: 'x',
              descriptor: { kind: 'openai-compatible', provider: hostile(r), model: hostile(r), baseUrl: hostile(r) },
              concurrency: r.pick(NUMBERS),
            },
          ],
          samplesPerCondition: 1,
          params: { temperature: r.pick(NUMBERS), maxTokens: r.pick(NUMBERS), seed: r.pick(NUMBERS) },
          pack: { id: 'bundled', hash: hostile(r) },
        },
        { appVersion: hostile(r), now: new Date() },
      );
      const fr = fitRun(run);
      expect(specErrors(RUN_SPEC, fr)).toEqual([]);
      expect(fitRun(fr)).toEqual(fr);
      const s = fitSample({
        id: `${run.id}/${COND_A}/0`,
        runId: run.id,
        conditionId: COND_A,
        index: 0,
        model: hostile(r),
        status: 'error',
        error: { kind: 'unknown', message: hostile(r), attempts: r.pick(NUMBERS) },
        finishReason: hostile(r),
        modelId: hostile(r),
        usage: { inputTokens: r.pick(NUMBERS) },
        timings: { startedAt: '2026-01-01T00:00:00Z', totalMs: r.pick(NUMBERS) },
        promptHash: hostile(r),
        classifications: [judgeRecord(r)],
        createdAt: '2026-01-01T00:00:00Z',
      });
      expect(specErrors(SAMPLE_SPEC, s)).toEqual([]);
      expect(fitSample(s)).toEqual(s);
    }
  });
});
