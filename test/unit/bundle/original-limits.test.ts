// Original-harness imports lose nothing silently: distinct folders stay distinct runs, every cut or skip is named, counts come from what is present, zip sizes are checked while inflating.
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { convertOriginalResults, validateBundle } from '../../../src/lib/core/bundle';
import { fitBundle } from '../../../src/lib/core/bundle/fit';
import { responseFilesFromZip, ZipTooLargeError } from '../../../src/lib/core/bundle/original-zip';
import { MAX_REPLY_CHARS } from '../../../src/lib/core/types';

const env = { appVersion: '0.1.0', now: new Date('2026-01-07T00:00:00Z') };
const COND = 'blackmail_explicit-america_replacement';
const reply = (raw: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ raw_response: raw, metadata: { timestamp: '2025-06-20T14:03:02' }, ...extra });
const file = (model: string, n: string, text = reply(`reply of ${model} ${n}`), cond = COND) => ({
  path: `results/exp/models/${model}/${cond}/sample_${n}/response.json`,
  text,
});
const importable = (b: ReturnType<typeof convertOriginalResults>['bundle']) => {
  const check = validateBundle(JSON.parse(JSON.stringify(fitBundle(b))));
  return check.ok ? [] : check.errors;
};

describe('original-harness import: nothing lost silently', () => {
  it('keeps model folders that differ only by spaces or punctuation as distinct runs, with every sample', () => {
    const names = ['gpt-4', 'gpt 4', 'gpt_4', 'gpt.4', 'gpt—4', 'GPT-4'];
    const { bundle, warnings } = convertOriginalResults(
      names.flatMap((m) => [file(m, '001'), file(m, '002')]),
      env,
    );
    expect(new Set(bundle.runs.map((r) => r.id)).size).toBe(names.length);
    expect(bundle.samples).toHaveLength(names.length * 2);
    expect(warnings).toEqual([]);
    // a clean folder name keeps the id it always had, so re-importing an old tree still merges
    expect(bundle.runs.map((r) => r.id)).toContain('orig-exp-gpt-4');
    // long names with one prefix stay apart too
    const long = 'm'.repeat(120);
    const two = convertOriginalResults([file(`${long}-a`, '001'), file(`${long}-b`, '001')], env).bundle;
    expect(new Set(two.runs.map((r) => r.id)).size).toBe(2);
    expect(importable(bundle)).toEqual([]);
    expect(importable(two)).toEqual([]);
  });

  it('counts samples from what is present: a sample_999999 folder does not claim 999,999 samples', () => {
    const { bundle, warnings } = convertOriginalResults(
      [file('m', '001'), file('m', '002'), file('m', '999999'), file('m', '001', undefined, 'leaking_none-none_none')],
      env,
    );
    const run = bundle.runs[0];
    expect(run.samplesPerCondition).toBe(3);
    expect(bundle.samples.map((s) => s.index).sort()).toEqual([0, 0, 1, 2]);
    expect(bundle.samples.find((s) => s.response === 'reply of m 999999')!.id).toBe(`${run.id}/${COND}/2`);
    expect(warnings).toEqual([
      `${run.id}/${COND}: 3 sample folder(s) with gaps in their numbers (sample_001, sample_002, sample_999999); numbered 1 to 3 here.`,
    ]);
    expect(importable(bundle)).toEqual([]);
  });

  it('names every file it skips and every value it cuts, with no cap on the list', () => {
    const huge = 'x'.repeat(MAX_REPLY_CHARS + 5);
    const files = [
      file('m', '001', reply(huge)),
      file('m', '002', JSON.stringify({ error: 'e'.repeat(12_000) })),
      file(
        'm',
        '003',
        reply('ok', { classification: { harmful_behavior: true, classifier_reasoning: 'r'.repeat(2_000_001) } }),
      ),
      { path: 'results/exp/models/m/response.json', text: reply('misplaced') },
      ...Array.from({ length: 60 }, (_, i) => file('m', String(100 + i), 'not json')),
    ];
    const { bundle, warnings } = convertOriginalResults(files, env);
    const cut = bundle.samples.find((s) => s.index === 0)!;
    expect(cut.response).toHaveLength(MAX_REPLY_CHARS);
    expect(cut.truncated).toBe('size');
    expect(warnings).toContain(
      `${files[0].path}: raw_response cut from 1,000,005 to 1,000,000 characters (marked as cut).`,
    );
    expect(warnings).toContain(`${files[1].path}: error message cut from 12,000 to 10,000 characters.`);
    expect(warnings).toContain(
      `${files[2].path}: classification.classifier_reasoning cut from 2,000,001 to 2,000,000 characters.`,
    );
    expect(warnings).toContain(`${files[3].path}: not in a …/<model>/<condition>/sample_NNN/ folder; skipped.`);
    expect(warnings.filter((w) => w.endsWith('not valid JSON; skipped.'))).toHaveLength(60);
    expect(importable(bundle)).toEqual([]);
  });
});

describe('original-harness zip: sizes checked while inflating', () => {
  const zeros = (mb: number) => new Uint8Array(mb * 2 ** 20).fill(0x20);
  const MB = 2 ** 20;

  it('stops a zip that inflates past the limit before inflating much more than the limit', () => {
    const zip = zipSync({
      'e/models/m/c/sample_001/response.json': zeros(8),
      'e/models/m/c/sample_002/response.json': zeros(8),
      'e/models/m/c/sample_003/response.json': zeros(8),
    });
    expect(zip.length).toBeLessThan(MB); // a small download that expands 24 MB
    let err: unknown;
    try {
      responseFilesFromZip(zip, { maxTotalBytes: 10 * MB, maxFileBytes: 64 * MB });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ZipTooLargeError);
    const e = err as ZipTooLargeError;
    expect(e.inflated).toBeGreaterThan(10 * MB);
    expect(e.inflated).toBeLessThan(10 * MB + 17 * MB); // at most one push step (16 KB compressed) past the limit
    expect(e.message).toMatch(/expands to more than 10 MB \(stopped after \d+ MB\); import the folder instead/);
  });

  it('does not trust the sizes the zip declares: a header that claims 1 KB is counted as it inflates', () => {
    const zip = zipSync({ 'e/models/m/c/sample_001/response.json': zeros(12) });
    // rewrite the declared uncompressed size (local header at offset 22, central directory at +24) to 1 KB
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    view.setUint32(22, 1024, true);
    for (let i = zip.length - 22; i >= 0; i--) {
      if (view.getUint32(i, true) === 0x02014b50) {
        view.setUint32(i + 24, 1024, true);
        break;
      }
    }
    expect(() => responseFilesFromZip(zip, { maxTotalBytes: 4 * MB })).toThrow(ZipTooLargeError);
  });

  it('skips a response.json over the per-file limit by name and keeps the rest', () => {
    const ok = reply('fine');
    const zip = zipSync({
      'e/models/m/c/sample_001/response.json': zeros(3),
      'e/models/m/c/sample_002/response.json': strToU8(ok),
      'e/models/m/c/sample_002/notes.txt': zeros(3),
    });
    const out = responseFilesFromZip(zip, { maxFileBytes: 2 * MB });
    expect(out.files).toEqual([{ path: 'e/models/m/c/sample_002/response.json', text: ok }]);
    expect(out.skipped).toEqual(['e/models/m/c/sample_001/response.json: larger than 2 MB; skipped.']);
  });
});
