// The streaming bundle check gives the same verdict as the whole-file check on every fixture, at any chunk size.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBundle, parseBundleText, sampleHash } from '../../../src/lib/core/bundle';
import { BundleScanner, type RecordKind } from '../../../src/lib/core/bundle/stream';
import { BundleStreamChecker, type StreamCheck } from '../../../src/lib/core/bundle/stream-check';
import { COND_A, COND_B, makeRun, makeSample } from '../storage/make';

const FIX = join(__dirname, '../../fixtures/bundles');
const fixtures = ['valid', 'invalid-schema', 'invalid-cross', 'invalid-text'].flatMap((dir) =>
  readdirSync(join(FIX, dir)).map((f) => ({ name: `${dir}/${f}`, text: readFileSync(join(FIX, dir, f), 'utf8') })),
);

/** Stream `text` in chunks of `size`, taking checked samples out every `takeEvery` pushes, as the worker does. */
function streamCheck(text: string, size: number, takeEvery = 3): StreamCheck {
  const c = new BundleStreamChecker({ bytes: text.length });
  const taken: ReturnType<BundleStreamChecker['take']>[] = [];
  for (let i = 0, n = 0; i < text.length; i += size, n++) {
    if (!c.push(text.slice(i, i + size))) break;
    if (n % takeEvery === 0) taken.push(c.take());
  }
  const early = taken.flatMap((t) => t.samples);
  const r = c.finish(early);
  if (!r.ok) return r;
  return {
    ok: true,
    bundle: {
      ...r.bundle,
      samples: [...early, ...r.bundle.samples],
      hashes: [...taken.flatMap((t) => t.hashes), ...r.bundle.hashes],
    },
  };
}

describe('BundleStreamChecker agrees with parseBundleText', () => {
  for (const size of [1, 13, 4096, 1 << 30])
    it.each(fixtures)(`$name in chunks of ${size}`, ({ text }) => {
      const whole = parseBundleText(text);
      const streamed = streamCheck(text, size);
      expect(streamed.ok).toBe(whole.ok);
      if (whole.ok && streamed.ok) {
        expect(streamed.bundle.runs).toEqual(whole.bundle.runs);
        expect(streamed.bundle.samples).toEqual(whole.bundle.samples);
        expect(streamed.bundle.bundleId).toBe(whole.bundle.bundleId);
        expect(streamed.bundle.label).toBe(whole.bundle.label);
        expect(streamed.bundle.hashes).toEqual(whole.bundle.samples.map(sampleHash));
      } else if (!whole.ok && !streamed.ok) {
        // same class of reason: JSON syntax, a forbidden key, or the same schema/cross-record messages
        if (/not valid JSON/.test(whole.errors[0])) expect(streamed.errors[0]).toMatch(/not valid JSON/);
        else if (/property named/.test(whole.errors[0])) expect(streamed.errors[0]).toBe(whole.errors[0]);
        else expect(streamed.errors).toEqual(whole.errors);
      }
    });
});

describe('BundleStreamChecker on exported bundles', () => {
  const runs = [makeRun('r', { samplesPerCondition: 50 })];
  const samples = Array.from({ length: 100 }, (_, i) =>
    makeSample('r', i % 2 ? COND_A : COND_B, Math.floor(i / 2), {
      response: `line "quoted" \\ back\\slash \n ] } [ { , ${'é'.repeat(i)} \u2028 ${i}`,
    }),
  );
  const bundle = buildBundle(runs, samples, { appVersion: '0.1.0', label: 'x', bundleId: 'b-1' });

  it.each([1, 5, 64, 100_000])('pretty-printed and compact text, chunks of %i: every record, in order', (size) => {
    for (const text of [JSON.stringify(bundle), JSON.stringify(bundle, null, 2)]) {
      const r = streamCheck(text, size);
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.bundle.samples).toEqual(bundle.samples);
    }
  });

  it('rejects a file with one bad sample in the middle, whole, naming it', () => {
    const bad = JSON.parse(JSON.stringify(bundle)) as typeof bundle;
    (bad.samples[57] as unknown as { index: string }).index = 'seven';
    const r = streamCheck(JSON.stringify(bad), 1000);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toMatch(/samples\[57\]\.index/);
  });

  it('rejects a file cut off anywhere', () => {
    const text = JSON.stringify(bundle);
    for (const cut of [1, 100, text.length / 2, text.length - 2, text.length - 1]) {
      const r = streamCheck(text.slice(0, Math.floor(cut)), 777);
      expect(r.ok, `cut at ${cut}`).toBe(false);
    }
  });

  it('rejects trailing data after the object', () => {
    expect(streamCheck(JSON.stringify(bundle) + ' {}', 50).ok).toBe(false);
  });

  it('rejects a forbidden key deep inside a sample', () => {
    const text = JSON.stringify(bundle).replace('"finishReason":"stop"', '"finishReason":"stop","x":{"__proto__":1}');
    const r = streamCheck(text, 333);
    expect(r).toEqual({ ok: false, errors: [expect.stringContaining('"__proto__"')] });
  });
});

describe('BundleScanner', () => {
  const scan = (text: string, size: number) => {
    const out: [string, unknown][] = [];
    const s = new BundleScanner({
      head: (k, v) => out.push([`head:${k}`, v]),
      record: (kind: RecordKind, v) => out.push([kind, v]),
    });
    for (let i = 0; i < text.length; i += size) s.push(text.slice(i, i + size));
    s.end();
    return out;
  };
  const cases: { text: string; want: [string, unknown][] }[] = [
    { text: '{}', want: [] },
    { text: ' { "a" : 1 , "runs" : [ ] } ', want: [['head:a', 1]] },
    {
      text: '{"runs":[{"x":"a\\"]"},2,null,true,-1.5e3,"s"],"b":[1,2]}',
      want: [
        ['runs', { x: 'a"]' }],
        ['runs', 2],
        ['runs', null],
        ['runs', true],
        ['runs', -1500],
        ['runs', 's'],
        ['head:b', [1, 2]],
      ],
    },
    {
      text: '{"samples":["\\\\",{"k":"\\\\\\""}]}',
      want: [
        ['samples', '\\'],
        ['samples', { k: '\\"' }],
      ],
    },
  ];
  it.each(cases)('$text', ({ text, want }) => {
    for (const size of [1, 2, 3, 100]) expect(scan(text, size)).toEqual(want);
  });
  it.each(['', '[]', '{"a":1,}', '{"a" 1}', '{"runs":[1 2]}', '{"a":1}x', '{"a":"unterminated}'])(
    'throws on %j',
    (text) => {
      expect(() => scan(text, 2)).toThrow(SyntaxError);
    },
  );
});
