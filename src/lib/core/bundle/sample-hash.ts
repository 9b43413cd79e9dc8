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
 * The cyrb53-style state, fed text piece by piece: feeding the pieces of a text one after another gives the state
 * feeding the whole text gives, so canonical JSON is hashed as it is walked, never built as a string.
 */
class Cyrb {
  h1 = 0xdeadbeef;
  h2 = 0x41c6ce57;

  chars(text: string): void {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  char(c: number): void {
    this.h1 = Math.imul(this.h1 ^ c, 2654435761);
    this.h2 = Math.imul(this.h2 ^ c, 1597334677);
  }

  /** a separator no JSON text ends with, so field boundaries count */
  end(): void {
    this.h1 = Math.imul(this.h1 ^ 0xffff, 2654435761);
    this.h2 = Math.imul(this.h2 ^ 0xfffe, 1597334677);
  }

  /** JSON.stringify(text), fed */
  string(text: string): void {
    if (NEEDS_ESCAPE.test(text)) return this.chars(JSON.stringify(text));
    this.char(0x22);
    this.chars(text);
    this.char(0x22);
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
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o).sort();
    let first = true;
    this.char(0x7b);
    for (const k of keys) {
      if (o[k] === undefined) continue;
      if (!first) this.char(0x2c);
      first = false;
      this.string(k);
      this.char(0x3a);
      this.canonical(o[k]);
    }
    this.char(0x7d);
  }

  value(): number {
    let h1 = this.h1;
    let h2 = this.h2;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
    h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
    h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return 4294967296 * (2097151 & h2) + (h1 >>> 0);
  }
}

/** Field order of the hash; a field added to Sample is hashed too (the rest, sorted, after these). */
const BIG = ['response', 'reasoning'] as const;

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
  const rest: Record<string, unknown> = {};
  for (const k of Object.keys(s)) if (k !== 'response' && k !== 'reasoning') rest[k] = (s as never)[k];
  h.canonical(rest);
  h.end();
  return h.value();
}
