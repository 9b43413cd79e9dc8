// Validates a bundle record by record as it streams in: same rules and messages as validateBundle, all or nothing.
import type { ResultsBundle, Run, Sample } from '../types';
import { RUN_SPEC, SAMPLE_SPEC } from './bundle-spec';
import { MAX_ERRORS } from './spec';
import { BundleScanner, type RecordKind } from './stream';
import { crossRecordErrors, jsonSyntaxMessage, MAX_BUNDLE_BYTES, parseBundleText, validateBundle } from './validate';
import { sampleHash } from './sample-hash';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_RUNS = 10_000;
const MAX_SAMPLES = 5_000_000;

/** A property name that must not appear anywhere in a bundle, or '' (objects only are walked; strings are not). */
function hostileKey(v: unknown): string {
  if (v === null || typeof v !== 'object') return '';
  if (Array.isArray(v)) {
    for (const x of v) {
      const k = hostileKey(x);
      if (k) return k;
    }
    return '';
  }
  for (const k of Object.keys(v)) {
    if (FORBIDDEN_KEYS.has(k)) return k;
    const inner = hostileKey((v as Record<string, unknown>)[k]);
    if (inner) return inner;
  }
  return '';
}

export interface StreamedBundle {
  bundleId: string;
  label?: string;
  runs: Run[];
  samples: Sample[];
  /** `sampleHash` of each sample */
  hashes: number[];
}

export type StreamCheck = { ok: true; bundle: StreamedBundle } | { ok: false; errors: string[] };

/** Thrown inside the scan to stop reading at the first problems (the file is rejected whole). */
class Rejected extends Error {}

/**
 * Feed the text of a bundle file chunk by chunk; `finish` gives the validated records (with content hashes) or every
 * problem found (up to 20). Records already checked are handed to `onSamples` in batches as they pass, so a caller can
 * move them elsewhere (a worker posts them to the page) while the rest streams in; on failure they must be dropped.
 */
export class BundleStreamChecker {
  #head: Record<string, unknown> = {};
  #runs: Run[] = [];
  #samples: Sample[] = [];
  #hashes: number[] = [];
  #errors: string[] = [];
  #sampleCount = 0;
  #scanner: BundleScanner;
  /** a record failed its checks: the file will be rejected */
  #failed = false;
  /** stop reading: a hard rejection, or enough problems to report */
  #stopped = false;
  #arrays = new Set<string>();
  #begun = false;
  /** the text of a file that does not start with '{', kept for the whole-file check */
  #whole: string[] | null = null;

  constructor(private opts: { bytes?: number; keepSamples?: boolean } = {}) {
    this.#scanner = new BundleScanner({
      head: (key, value) => {
        const k = hostileKey({ [key]: value });
        if (k) this.#reject(`The file contains a property named "${k}", which is not allowed in a bundle.`);
        this.#head[key] = value;
      },
      record: (kind, value) => this.#record(kind, value),
      array: (kind) => this.#arrays.add(kind),
    });
    if ((opts.bytes ?? 0) > MAX_BUNDLE_BYTES)
      this.#reject(
        `The file is ${((opts.bytes ?? 0) / 2 ** 20).toFixed(0)} MB; the limit is ${MAX_BUNDLE_BYTES / 2 ** 20} MB. ` +
          'Export fewer runs per file and import them one by one.',
      );
  }

  #reject(...errors: string[]): never {
    this.#errors.push(...errors.slice(0, MAX_ERRORS - this.#errors.length));
    this.#failed = true;
    this.#stopped = true;
    throw new Rejected();
  }

  #record(kind: RecordKind, value: unknown): void {
    const k = hostileKey(value);
    if (k) this.#reject(`The file contains a property named "${k}", which is not allowed in a bundle.`);
    const errs: string[] = [];
    if (kind === 'runs') {
      const i = this.#runs.length;
      if (i >= MAX_RUNS) this.#reject(`runs: has more than ${MAX_RUNS} items`);
      RUN_SPEC.check(value, `runs[${i}]`, errs);
      if (errs.length) this.#reject(...errs);
      this.#runs.push(value as Run);
      return;
    }
    const i = this.#sampleCount++;
    if (i >= MAX_SAMPLES) this.#reject(`samples: has more than ${MAX_SAMPLES} items`);
    SAMPLE_SPEC.check(value, `samples[${i}]`, errs);
    if (errs.length) {
      // keep reading a little to report more than one bad record, as the whole-file check does
      this.#errors.push(...errs.slice(0, MAX_ERRORS - this.#errors.length));
      if (this.#errors.length >= MAX_ERRORS) this.#reject();
      this.#failed = true;
      return;
    }
    if (this.#failed) return;
    const s = value as Sample;
    this.#samples.push(s);
    this.#hashes.push(sampleHash(s));
  }

  /** Feed the next piece of text; false once the file is rejected (stop reading). */
  push(chunk: string): boolean {
    if (this.#stopped) return false;
    if (this.#whole !== null) {
      this.#whole.push(chunk);
      return true;
    }
    if (!this.#begun) {
      const first = chunk.trimStart();
      if (!first) return true;
      this.#begun = true;
      // not an object: no bundle, but the whole-file check gives the exact reason (not JSON, or JSON of another kind)
      if (first[0] !== '{') {
        this.#whole = [chunk];
        return true;
      }
    }
    try {
      this.#scanner.push(chunk);
    } catch (e) {
      this.#syntax(e);
    }
    return !this.#stopped;
  }

  /** Ids of the runs checked so far (a bundle lists its runs before its samples, so importers can look them up early). */
  runIds(): string[] {
    return this.#runs.map((r) => r.id);
  }

  /** Samples checked and not taken yet. */
  pending(): number {
    return this.#samples.length;
  }

  /** Samples checked so far and not taken yet, with their hashes (for moving them out in batches). */
  take(): { samples: Sample[]; hashes: number[] } {
    const out = { samples: this.#samples, hashes: this.#hashes };
    this.#samples = [];
    this.#hashes = [];
    return out;
  }

  #syntax(e: unknown): void {
    if (e instanceof Rejected) return;
    this.#errors.push(jsonSyntaxMessage(e));
    this.#failed = true;
    this.#stopped = true;
  }

  /** All text was fed: the head, the cross-record rules, and the verdict. `samples` holds what was not taken. */
  finish(taken: readonly Pick<Sample, 'id' | 'runId' | 'conditionId' | 'index'>[] = []): StreamCheck {
    if (this.#whole !== null) {
      const r = parseBundleText(this.#whole.join(''));
      // a valid bundle always starts with '{'; anything else is rejected (the whole check says why)
      return r.ok ? { ok: false, errors: ['This file is not a results bundle: it holds no JSON object.'] } : r;
    }
    if (!this.#stopped) {
      try {
        this.#scanner.end();
      } catch (e) {
        this.#syntax(e);
      }
    }
    if (this.#errors.length) return { ok: false, errors: this.#errors };
    // the head as a bundle whose arrays (when they were arrays) are empty: same checks and messages as a whole file
    const shape: Record<string, unknown> = { ...this.#head };
    for (const key of this.#arrays) shape[key] = [];
    const head = validateBundle(shape);
    if (!head.ok) return head;
    const all = taken.length ? [...taken, ...this.#samples] : this.#samples;
    const cross = crossRecordErrors({ runs: this.#runs, samples: all } as unknown as ResultsBundle);
    if (cross.length) return { ok: false, errors: cross };
    return {
      ok: true,
      bundle: {
        bundleId: head.bundle.bundleId,
        label: head.bundle.label,
        runs: this.#runs,
        samples: this.#samples,
        hashes: this.#hashes,
      },
    };
  }
}
