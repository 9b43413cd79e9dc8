// The index of bundles a fork publishes in public/results/: its format, how it is built, and its validation on load.
import type { ResultsBundle } from '../types';
import { provenanceOf, type Provenance } from './source-table';

export const PUBLISHED_INDEX_FORMAT = 'agentic-misalignment-lab/published-index';
/** Where the index lives, relative to the site's base URL. */
export const PUBLISHED_DIR = 'results/';
export const PUBLISHED_INDEX_FILE = 'index.json';
/** A file name the index may point at: a plain .json name inside results/ (no folders, no traversal). */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,150}\.json$/;

export interface PublishedEntry extends Provenance {
  /** file name inside results/ */
  file: string;
  bundleId: string;
  bytes: number;
}

export interface PublishedIndex {
  format: typeof PUBLISHED_INDEX_FORMAT;
  version: 1;
  generatedAt: string;
  bundles: PublishedEntry[];
}

export function publishedEntry(file: string, bundle: ResultsBundle, bytes: number): PublishedEntry {
  return { file, bundleId: bundle.bundleId, bytes, ...provenanceOf(bundle) };
}

export function buildPublishedIndex(entries: PublishedEntry[], now: Date): PublishedIndex {
  return {
    format: PUBLISHED_INDEX_FORMAT,
    version: 1,
    generatedAt: now.toISOString(),
    bundles: [...entries].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
  };
}

export function isPublishableName(file: string): boolean {
  return FILE_NAME.test(file) && file !== PUBLISHED_INDEX_FILE;
}

export type IndexCheck = { ok: true; index: PublishedIndex } | { ok: false; error: string };

const isStr = (v: unknown): v is string => typeof v === 'string';
const isStrList = (v: unknown): v is string[] => Array.isArray(v) && v.every(isStr);
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

/** Check an index fetched from the site; entries that break the format reject the whole index. */
export function parsePublishedIndex(value: unknown): IndexCheck {
  const v = value as Partial<PublishedIndex> | null;
  if (typeof v !== 'object' || v === null || v.format !== PUBLISHED_INDEX_FORMAT || v.version !== 1)
    return {
      ok: false,
      error: `results/index.json is not a published-replications index (format "${PUBLISHED_INDEX_FORMAT}", version 1).`,
    };
  if (!Array.isArray(v.bundles)) return { ok: false, error: 'results/index.json has no "bundles" list.' };
  for (const [i, e] of v.bundles.entries()) {
    const bad = (what: string): IndexCheck => ({
      ok: false,
      error: `results/index.json bundles[${i}]: ${what}. Run npm run publish-index again.`,
    });
    if (typeof e !== 'object' || e === null) return bad('not an object');
    if (!isStr(e.file) || !isPublishableName(e.file)) return bad('"file" must be a .json file name inside results/');
    if (!isStr(e.bundleId) || !isStr(e.who) || !isStr(e.exportedAt) || !isStr(e.appVersion))
      return bad('missing text fields');
    if (!isStrList(e.engines) || !isStrList(e.models) || !isStrList(e.methods))
      return bad('engines, models and methods must be lists of text');
    if (!Array.isArray(e.packs) || !e.packs.every((p) => p && isStr(p.id) && isStr(p.hash)))
      return bad('packs must be {id, hash} pairs');
    if (!isCount(e.runs) || !isCount(e.samples) || !isCount(e.bytes))
      return bad('runs, samples and bytes must be counts');
  }
  return { ok: true, index: v as PublishedIndex };
}
