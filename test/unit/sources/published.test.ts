// The published-replications index: built from bundles, and rejected whole when an entry breaks the format.
import { describe, expect, it } from 'vitest';
import {
  PUBLISHED_INDEX_FORMAT,
  buildPublishedIndex,
  isPublishableName,
  parsePublishedIndex,
  publishedEntry,
} from '../../../src/lib/core/sources/published';
import { BUNDLE_FORMAT, type ResultsBundle } from '../../../src/lib/core/types';
import { run, sample } from '../stats/fixtures';

const bundle: ResultsBundle = {
  format: BUNDLE_FORMAT,
  schemaVersion: 1,
  bundleId: 'b1',
  exportedAt: '2026-11-30T10:00:00.000Z',
  appVersion: '0.1.0',
  label: 'Ana at Lab X',
  runs: [{ ...run('r1', 'openai'), pack: { id: 'bundled', hash: 'h' } }],
  samples: [sample('r1', 'gpt-4.1', 'blackmail_explicit-america_replacement', 'harmful')],
};

describe('published index', () => {
  it('builds sorted entries with provenance and parses back', () => {
    const idx = buildPublishedIndex(
      [publishedEntry('z.json', bundle, 10), publishedEntry('a.json', { ...bundle, bundleId: 'b2' }, 20)],
      new Date('2026-12-01T00:00:00Z'),
    );
    expect(idx.format).toBe(PUBLISHED_INDEX_FORMAT);
    expect(idx.bundles.map((b) => b.file)).toEqual(['a.json', 'z.json']);
    expect(idx.bundles[1]).toMatchObject({
      who: 'Ana at Lab X',
      appVersion: '0.1.0',
      engines: ['openai'],
      methods: ['lab'],
      packs: [{ id: 'bundled', hash: 'h' }],
      runs: 1,
      samples: 1,
      bytes: 10,
    });
    expect(parsePublishedIndex(JSON.parse(JSON.stringify(idx)))).toEqual({ ok: true, index: idx });
  });

  it('accepts an empty index', () => {
    expect(parsePublishedIndex({ format: PUBLISHED_INDEX_FORMAT, version: 1, generatedAt: 'x', bundles: [] }).ok).toBe(
      true,
    );
  });

  const good = publishedEntry('a.json', bundle, 1);
  it.each([
    ['not an index', null],
    ['wrong format', { format: 'x', version: 1, bundles: [] }],
    ['no list', { format: PUBLISHED_INDEX_FORMAT, version: 1 }],
    ['path traversal', { format: PUBLISHED_INDEX_FORMAT, version: 1, bundles: [{ ...good, file: '../secret.json' }] }],
    ['absolute URL', { format: PUBLISHED_INDEX_FORMAT, version: 1, bundles: [{ ...good, file: 'https://x/y.json' }] }],
    ['the index itself', { format: PUBLISHED_INDEX_FORMAT, version: 1, bundles: [{ ...good, file: 'index.json' }] }],
    ['bad counts', { format: PUBLISHED_INDEX_FORMAT, version: 1, bundles: [{ ...good, samples: -1 }] }],
    ['bad packs', { format: PUBLISHED_INDEX_FORMAT, version: 1, bundles: [{ ...good, packs: [{ id: 1 }] }] }],
  ])('rejects %s', (_, v) => expect(parsePublishedIndex(v).ok).toBe(false));

  it.each([
    ['ana-2026.json', true],
    ['index.json', false],
    ['.hidden.json', false],
    ['a/b.json', false],
    ['a.txt', false],
  ])('file name %s → %s', (name, ok) => expect(isPublishableName(name)).toBe(ok));
});
