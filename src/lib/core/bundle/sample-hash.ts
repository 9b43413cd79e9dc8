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

/** Field order of the hash; a field added to Sample is hashed too (the rest, sorted, after these). */
const BIG = ['response', 'reasoning'] as const;

/**
 * cyrb53-style hash over every field of the sample: the long texts are fed character by character (no copy), the
 * rest as canonical JSON. Equal samples (whatever their key order) hash equal; a different value of any field,
 * including classifications and the override, almost surely changes it (53 bits).
 */
export function sampleHash(s: Sample): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const feed = (text: string): void => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    // a separator no JSON text ends with, so field boundaries count
    h1 = Math.imul(h1 ^ 0xffff, 2654435761);
    h2 = Math.imul(h2 ^ 0xfffe, 1597334677);
  };
  for (const k of BIG) feed(s[k] === undefined ? '\u0000' : `"${s[k]}`);
  const rest: Record<string, unknown> = {};
  for (const k of Object.keys(s)) if (k !== 'response' && k !== 'reasoning') rest[k] = (s as never)[k];
  feed(canonicalJson(rest));
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
