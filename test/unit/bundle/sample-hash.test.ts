// sampleHash walks canonical JSON without building it: its values must equal the string-built hash stored before.
import { describe, expect, it } from 'vitest';
import { canonicalJson, sampleHash } from '../../../src/lib/core/bundle';
import type { Sample } from '../../../src/lib/core/types';
import { COND_A, makeSample } from '../storage/make';

/** The hash as first written (canonical JSON built as one string, then fed): stored rows hold these values. */
function reference(s: Sample): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const feed = (text: string): void => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ 0xffff, 2654435761);
    h2 = Math.imul(h2 ^ 0xfffe, 1597334677);
  };
  for (const k of ['response', 'reasoning'] as const) feed(s[k] === undefined ? '\u0000' : `"${s[k]}`);
  const rest: Record<string, unknown> = {};
  for (const k of Object.keys(s)) if (k !== 'response' && k !== 'reasoning') rest[k] = (s as never)[k];
  feed(canonicalJson(rest));
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

const base = makeSample('r', COND_A, 0);
const at = '2026-01-02T00:00:00.000Z';
const cases: [string, Sample][] = [
  ['a plain sample', base],
  ['no response, reasoning set', { ...base, response: undefined, reasoning: 'thought "quoted"\n' }],
  ['keys in another order', Object.fromEntries(Object.entries(base).reverse()) as unknown as Sample],
  ['an undefined optional field', { ...base, finishReason: undefined }],
  ['escapes in metadata', { ...base, model: 'a"b\\c\u0001\td', promptHash: 'x\u2028y' }],
  ['lone surrogates', { ...base, model: '\ud800x\udfff', response: '\ud83d' }],
  ['non-ASCII keys and values', { ...base, modelId: 'modèle-ü-日本' }],
  [
    'nested classifications, overrides and history',
    {
      ...base,
      classifications: [
        {
          classifier: 'rules',
          version: '1',
          verdict: 'harmful',
          evidence: [{ where: 'email#1', quote: 'a "quote"' }, { where: 'b' }],
          behaviours: { consideredHarm: true, z: false, a: true },
          at,
        },
      ],
      override: { verdict: 'not-harmful', note: '', at },
      overrideHistory: [{ verdict: 'harmful', note: 'n', at }],
    } as Sample,
  ],
  [
    'numbers of every kind',
    {
      ...base,
      index: 0,
      usage: { inputTokens: -0, outputTokens: 1e21 },
      timings: { startedAt: at, totalMs: 0.1 + 0.2, firstTokenMs: NaN },
    },
  ],
  [
    'an error sample',
    { ...base, status: 'error', response: undefined, error: { kind: 'network', message: 'x', attempts: 2 } },
  ],
  ['an array with undefined and null', { ...base, classifications: [undefined, null] as never }],
  ['an array with a hole', { ...base, classifications: Object.assign(new Array(2), { 1: 1 }) as never }],
  // texts are fed two characters a turn: even, odd, one-character and empty lengths
  ['an empty response', { ...base, response: '' }],
  ['a one-character response', { ...base, response: 'x' }],
  ['a response of odd length', { ...base, response: 'abcde'.repeat(201) }],
  ['a response of even length, non-ASCII', { ...base, response: 'é—“”'.repeat(300), reasoning: 'ab' }],
  [
    'a response built by concatenation (a rope)',
    { ...base, response: Array.from({ length: 500 }, (_, i) => `${i},`).reduce((a, b) => a + b, '') },
  ],
  ['keys that need escapes, keys in any order', { ...base, 'k"ey': 1, 'a\u0001': 2, Zed: 3, zed: 4 } as never],
  ['numeric-like keys', { ...base, classifications: [{ 10: 'a', 9: 'b', '01': 'c', a: 'd' }] as never }],
];

describe('sampleHash', () => {
  it.each(cases)('%s: equals the string-built hash', (_, s) => {
    expect(sampleHash(s)).toBe(reference(s));
  });

  it('is the same for any key order and differs for any changed field', () => {
    const reordered = Object.fromEntries(Object.entries(base).reverse()) as unknown as Sample;
    expect(sampleHash(reordered)).toBe(sampleHash(base));
    for (const change of [{ response: 'other' }, { index: 1 }, { model: 'm2' }, { reasoning: '' }])
      expect(sampleHash({ ...base, ...change })).not.toBe(sampleHash(base));
  });
});
