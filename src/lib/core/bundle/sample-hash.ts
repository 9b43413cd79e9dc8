// A 53-bit content hash of a sample (every field, canonical key order), so merges skip identical samples unread.
import type { Sample } from '../types';

/** JSON with object keys sorted at every level, so two equal values always give the same text. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(v)
    .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** Characters JSON.stringify writes as an escape (a string without them is written as it is, in quotes). */
// eslint-disable-next-line no-control-regex -- control characters are among what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * Called as `charCodeAt.call(text, i)`, not `text.charCodeAt(i)`: the property load in the hot loop sees every kind of
 * string V8 makes (flat, cons, sliced, internalized, one- and two-byte), turns megamorphic, and the loop then pays a
 * generic load and call per character (about 2.5× the time per sample in the storage benchmark's write, measured).
 */
const charCodeAt = String.prototype.charCodeAt;

/** Sorted keys (`Object.keys(o).sort()` order: UTF-16 code units), by insertion: objects here have a few keys. */
function sortedKeys(o: object): string[] {
  const keys = Object.keys(o);
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > k) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = k;
  }
  return keys;
}

/** Object keys seen that JSON writes without escapes (the same few names in every sample). */
const plainKeys = new Set<string>();

/**
 * The cyrb53-style state, fed text piece by piece: feeding the pieces of a text one after another gives the state
 * feeding the whole text gives, so canonical JSON is hashed as it is walked, never built as a string. The state is
 * two int32 in a typed array (every step is int32 arithmetic), so no step boxes a number.
 */
class Cyrb {
  readonly h = Int32Array.of(0xdeadbeef, 0x41c6ce57);

  chars(text: string): void {
    const h = this.h;
    let h1 = h[0];
    let h2 = h[1];
    const n = text.length;
    let i = 0;
    // two characters a turn (the same steps in the same order): about a quarter less time per character, measured
    for (; i + 1 < n; i += 2) {
      const a = charCodeAt.call(text, i);
      const b = charCodeAt.call(text, i + 1);
      h1 = Math.imul(Math.imul(h1 ^ a, 2654435761) ^ b, 2654435761);
      h2 = Math.imul(Math.imul(h2 ^ a, 1597334677) ^ b, 1597334677);
    }
    if (i < n) {
      const c = charCodeAt.call(text, i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h[0] = h1;
    h[1] = h2;
  }

  char(c: number): void {
    const h = this.h;
    h[0] = Math.imul(h[0] ^ c, 2654435761);
    h[1] = Math.imul(h[1] ^ c, 1597334677);
  }

  /** a separator no JSON text ends with, so field boundaries count */
  end(): void {
    const h = this.h;
    h[0] = Math.imul(h[0] ^ 0xffff, 2654435761);
    h[1] = Math.imul(h[1] ^ 0xfffe, 1597334677);
  }

  /** JSON.stringify(text), fed */
  string(text: string): void {
    if (NEEDS_ESCAPE.test(text)) return this.chars(JSON.stringify(text));
    this.char(0x22);
    this.chars(text);
    this.char(0x22);
  }

  /** JSON.stringify(key), fed: keys repeat from sample to sample, so their check is remembered */
  key(k: string): void {
    if (plainKeys.has(k)) {
      this.char(0x22);
      this.chars(k);
      this.char(0x22);
    } else {
      if (!NEEDS_ESCAPE.test(k) && plainKeys.size < 10_000) plainKeys.add(k);
      this.string(k);
    }
  }

  /** canonicalJson(v), fed */
  canonical(v: unknown): void {
    if (typeof v === 'string') return this.string(v);
    if (v === null || typeof v !== 'object') return this.chars(JSON.stringify(v) ?? 'null');
    if (Array.isArray(v)) {
      this.char(0x5b);
      for (let i = 0; i < v.length; i++) {
        if (i) this.char(0x2c);
        // a hole is written as nothing (Array.prototype.map keeps it, join writes '')
        if (v[i] !== undefined || i in v) this.canonical(v[i]);
      }
      return this.char(0x5d);
    }
    this.object(v as Record<string, unknown>);
  }

  /** canonicalJson(o), fed; `skip` (a key) left out as if undefined */
  object(o: Record<string, unknown>, skip?: (k: string) => boolean): void {
    let first = true;
    this.char(0x7b);
    for (const k of sortedKeys(o)) {
      const v = o[k];
      if (v === undefined || skip?.(k)) continue;
      if (!first) this.char(0x2c);
      first = false;
      this.key(k);
      this.char(0x3a);
      this.canonical(v);
    }
    this.char(0x7d);
  }

  value(): number {
    let h1 = this.h[0];
    let h2 = this.h[1];
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
    h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
    h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return 4294967296 * (2097151 & h2) + (h1 >>> 0);
  }
}

/** Field order of the hash; a field added to Sample is hashed too (the rest, sorted, after these). */
const BIG = ['response', 'reasoning'] as const;
const isBig = (k: string): boolean => (BIG as readonly string[]).includes(k);

/**
 * cyrb53-style hash over every field of the sample: the long texts as `"` and their characters, then the rest as
 * canonical JSON, each followed by a separator. Equal samples (whatever their key order) hash equal; a different
 * value of any field, including classifications and the override, almost surely changes it (53 bits). Hashes are
 * stored with the summary rows, so the value for a given sample must never change.
 */
export function sampleHash(s: Sample): number {
  const h = new Cyrb();
  for (const k of BIG) {
    const t: unknown = s[k];
    if (t === undefined) h.char(0);
    else if (typeof t === 'string') {
      h.char(0x22);
      h.chars(t);
    } else h.chars(`"${String(t)}`);
    h.end();
  }
  h.object(s as never, isBig);
  h.end();
  return h.value();
}
