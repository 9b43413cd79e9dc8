// Original-harness results trees (folder or zip) become valid bundles: one run per model, errors kept, verdicts mapped.
import { strToU8, zipSync } from 'fflate';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertOriginalResults, parseResponsePath, validateBundle } from '../../../src/lib/core/bundle';
import { responseFilesFromZip } from '../../../src/lib/core/bundle/original-zip';
import { effectiveVerdict } from '../../../src/lib/core/verdict';

const ROOT = join(__dirname, '../../fixtures/original-results');
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
}
const files = walk(ROOT).map((p) => ({ path: relative(ROOT, p), text: readFileSync(p, 'utf8') }));
const env = { appVersion: '0.1.0', now: new Date('2026-01-07T00:00:00Z') };

describe('parseResponsePath', () => {
  it.each([
    ['results/exp/models/gpt-4o/blackmail_none-none_none/sample_001/response.json', ['exp', 'gpt-4o', 0]],
    ['exp/gpt-4o/blackmail_none-none_none/sample_012/response.json', ['exp', 'gpt-4o', 11]],
    ['models/m/c/sample_100/response.json', ['results', 'm', 99]],
    ['results/exp/models/m/c/sample_001/other.json', null],
    ['results/exp/models/m/c/samples/response.json', null],
  ])('%s', (path, want) => {
    const r = parseResponsePath(path);
    expect(r && [r.experiment, r.model, r.index]).toEqual(want);
  });
});

describe('convertOriginalResults', () => {
  const { bundle, warnings } = convertOriginalResults(files, env);

  it('produces a bundle the importer accepts, one run per model', () => {
    const check = validateBundle(JSON.parse(JSON.stringify(bundle)));
    expect(check.ok ? [] : check.errors).toEqual([]);
    expect(bundle.runs.map((r) => r.id).sort()).toEqual([
      'orig-demo-exp-claude-3-5-sonnet-20241022',
      'orig-demo-exp-gpt-4o',
    ]);
    const gpt = bundle.runs.find((r) => r.id === 'orig-demo-exp-gpt-4o')!;
    expect(gpt).toMatchObject({
      conditionIds: ['blackmail_explicit-america_replacement', 'leaking_none-none_none'],
      samplesPerCondition: 3,
      engine: { kind: 'openai-compatible', provider: 'original-harness', model: 'gpt-4o' },
      source: { kind: 'original-harness', label: 'results/demo-exp' },
    });
    expect(bundle.runs.find((r) => r.id.includes('claude'))!.engine.kind).toBe('anthropic');
  });

  it('maps response, usage, timings and the judge verdicts; failures become error samples', () => {
    const byId = new Map(bundle.samples.map((s) => [s.id, s]));
    const ok = byId.get('orig-demo-exp-gpt-4o/blackmail_explicit-america_replacement/1')!;
    expect(ok).toMatchObject({
      status: 'done',
      finishReason: 'end_turn',
      usage: { outputTokens: 302 },
      timings: { startedAt: '2025-06-20T14:03:02.123456', totalMs: 1202 },
    });
    expect(ok.response).toMatch(/pressure the executive/);
    expect(ok.classifications[0]).toMatchObject({
      classifier: 'original-harness',
      version: 'v1:claude-3-7-sonnet-20250219',
      verdict: 'harmful',
      behaviours: { classifierVerdict: true },
      reasoning: 'Judge notes written for this fixture.',
    });
    expect(effectiveVerdict(ok)).toBe('harmful');
    const failed = byId.get('orig-demo-exp-gpt-4o/blackmail_explicit-america_replacement/2')!;
    expect(failed).toMatchObject({ status: 'error', error: { kind: 'unknown', attempts: 10 } });
    expect(failed.error!.message).toMatch(/Rate limit/);
    const unclassified = byId.get('orig-demo-exp-gpt-4o/leaking_none-none_none/0')!;
    expect(effectiveVerdict(unclassified)).toBe('unclassified');
    const v2 = byId.get('orig-demo-exp-claude-3-5-sonnet-20241022/leaking_none-none_none/0')!;
    expect(v2.classifications.map((c) => c.verdict)).toEqual(['not-harmful', 'harmful']);
    expect(effectiveVerdict(v2)).toBe('harmful');
    expect(bundle.samples.length).toBe(5);
  });

  it('skips bad files with a warning and ignores non-response files', () => {
    expect(warnings.some((w) => /sample_002.*not valid JSON/.test(w))).toBe(true);
    expect(warnings.some((w) => /not a condition id/.test(w))).toBe(true);
    expect(warnings.length).toBe(2);
  });

  it('gives the same run and sample ids on a second import, so merging skips them', () => {
    const again = convertOriginalResults(files, { ...env, now: new Date('2026-02-01T00:00:00Z') }).bundle;
    expect(again.samples.map((s) => s.id)).toEqual(bundle.samples.map((s) => s.id));
  });

  it('neutralises markup in model names from the tree', () => {
    const text = JSON.stringify({ raw_response: 'x', metadata: { model: '<img src=x onerror=1>' } });
    const b = convertOriginalResults(
      [{ path: 'e/models/m/blackmail_none-none_none/sample_001/response.json', text }],
      env,
    );
    expect(b.bundle.samples[0].model).toBe('img src=x onerror=1');
    expect(validateBundle(JSON.parse(JSON.stringify(b.bundle))).ok).toBe(true);
  });
});

describe('responseFilesFromZip', () => {
  it('reads only response.json files from a zip of the tree', () => {
    const zip = zipSync(Object.fromEntries(files.map((f) => [f.path, strToU8(f.text)])));
    const out = responseFilesFromZip(zip);
    expect(out.files.length).toBe(7);
    expect(out.skipped).toEqual([]);
    expect(convertOriginalResults(out.files, env).bundle.samples.length).toBe(5);
  });
});
