// A merge never loses a verdict or an override: both sides kept in history, the latest current, conflicts counted/listed.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  buildBundle,
  joinClassifications,
  joinOverrides,
  MAX_LISTED,
  parseBundleText,
  planMerge,
} from '../../../src/lib/core/bundle';
import type { Classification, Override, Run, Sample } from '../../../src/lib/core/types';
import { effectiveVerdict } from '../../../src/lib/core/verdict';
import * as db from '../../../src/lib/storage/db';
import { exportBundle, importBundle } from '../../../src/lib/storage/transfer';
import { COND_A, makeRun, makeSample } from '../storage/make';

const meta = { appVersion: '0.1.0', exportedAt: '2026-01-05T00:00:00.000Z', bundleId: 'b-1' };
const opts = { label: 'file.json', importedAt: '2026-01-06T00:00:00.000Z' };
const T1 = '2026-01-01T00:00:00.000Z';
const T2 = '2026-01-02T00:00:00.000Z';
const T3 = '2026-01-03T00:00:00.000Z';

const ov = (verdict: Override['verdict'], at: string, note = ''): Override => ({ verdict, at, note });
const cl = (verdict: Classification['verdict'], at: string, note?: string): Classification => ({
  classifier: 'rules',
  version: '1',
  verdict,
  evidence: note ? [{ where: 'email#1', quote: 'q', note }] : [],
  at,
});

describe('joinOverrides', () => {
  const cases: {
    name: string;
    local: Pick<Sample, 'override' | 'overrideHistory'>;
    incoming: Pick<Sample, 'override' | 'overrideHistory'>;
    current?: Override;
    history: Override[];
    changed: boolean;
    clash: boolean;
  }[] = [
    { name: 'neither has one', local: {}, incoming: {}, history: [], changed: false, clash: false },
    {
      name: 'same override both sides',
      local: { override: ov('harmful', T1) },
      incoming: { override: ov('harmful', T1) },
      current: ov('harmful', T1),
      history: [],
      changed: false,
      clash: false,
    },
    {
      name: 'only the file has one: it becomes current',
      local: {},
      incoming: { override: ov('harmful', T1) },
      current: ov('harmful', T1),
      history: [],
      changed: true,
      clash: false,
    },
    {
      name: 'file newer: file current, ours into history',
      local: { override: ov('harmful', T1, 'mine') },
      incoming: { override: ov('not-harmful', T2, 'theirs') },
      current: ov('not-harmful', T2, 'theirs'),
      history: [ov('harmful', T1, 'mine')],
      changed: true,
      clash: true,
    },
    {
      name: 'ours newer: ours stays, theirs into history',
      local: { override: ov('harmful', T2, 'mine') },
      incoming: { override: ov('not-harmful', T1, 'theirs') },
      current: ov('harmful', T2, 'mine'),
      history: [ov('not-harmful', T1, 'theirs')],
      changed: true,
      clash: true,
    },
    {
      name: 'equal times: the stored one stays current',
      local: { override: ov('harmful', T1, 'mine') },
      incoming: { override: ov('not-harmful', T1, 'theirs') },
      current: ov('harmful', T1, 'mine'),
      history: [ov('not-harmful', T1, 'theirs')],
      changed: true,
      clash: true,
    },
    {
      name: 'histories of both sides joined, duplicates once, oldest first',
      local: { override: ov('harmful', T3), overrideHistory: [ov('not-harmful', T1)] },
      incoming: { override: ov('unclassified', T2), overrideHistory: [ov('not-harmful', T1)] },
      current: ov('harmful', T3),
      history: [ov('not-harmful', T1), ov('unclassified', T2)],
      changed: true,
      clash: true,
    },
    {
      name: 'file holds what we already have in history: nothing changes',
      local: { override: ov('harmful', T3), overrideHistory: [ov('not-harmful', T1)] },
      incoming: { override: ov('not-harmful', T1) },
      current: ov('harmful', T3),
      history: [ov('not-harmful', T1)],
      changed: false,
      clash: true,
    },
  ];
  it.each(cases)('$name', ({ local, incoming, current, history, changed, clash }) => {
    const r = joinOverrides(local, incoming);
    expect(r.override).toEqual(current);
    expect(r.history).toEqual(history);
    expect(r.changed).toBe(changed);
    expect(r.clash).toBe(clash);
  });
});

describe('joinClassifications', () => {
  it('keeps entries equal in every field once and reports nothing new', () => {
    expect(joinClassifications([cl('harmful', T1)], [cl('harmful', T1)])).toEqual({ joined: null, clashes: [] });
  });
  it('same classifier, version and time with other evidence: both kept, the stored one last (current), a clash', () => {
    const mine = cl('harmful', T1, 'mine');
    const theirs = cl('not-harmful', T1, 'theirs');
    const r = joinClassifications([mine], [theirs]);
    expect(r.joined).toEqual([theirs, mine]);
    expect(r.clashes).toEqual([`rules|1|${T1}`]);
  });
  it('a later classification from the file becomes current; no clash', () => {
    const r = joinClassifications([cl('harmful', T1)], [cl('not-harmful', T2)]);
    expect(r.joined!.map((c) => c.verdict)).toEqual(['harmful', 'not-harmful']);
    expect(r.clashes).toEqual([]);
  });
});

describe('planMerge conflicts', () => {
  const run = makeRun('r');
  const local = makeSample('r', COND_A, 0, {
    classifications: [cl('harmful', T1, 'mine')],
    override: ov('harmful', T2, 'reviewed here'),
  });
  const bundleOf = (samples: Sample[], runs: Run[] = [run]) => buildBundle(runs, samples, meta);

  it('different override and a same-slot classification: sample merged, both conflicts listed, nothing lost', () => {
    const incoming = makeSample('r', COND_A, 0, {
      classifications: [cl('not-harmful', T1, 'theirs')],
      override: ov('not-harmful', T3, 'reviewed there'),
    });
    const p = planMerge(bundleOf([incoming]), new Map([['r', run]]), new Map([[local.id, local]]), opts);
    expect(p.report.samples).toEqual({ added: 0, updated: 1, skipped: 0, conflicting: 0 });
    expect(p.report.conflictCount).toBe(2);
    expect(p.report.conflicts.map((c) => c.kind).sort()).toEqual(['classification', 'override']);
    expect(p.report.conflicts.every((c) => c.id === local.id)).toBe(true);
    const merged = p.samples[0];
    expect(merged.override).toEqual(incoming.override);
    expect(merged.overrideHistory).toEqual([local.override]);
    expect(merged.classifications).toHaveLength(2);
    expect(merged.classifications.at(-1)).toEqual(local.classifications[0]);
    expect(effectiveVerdict(merged)).toBe('not-harmful');
    expect(effectiveVerdict(merged, false)).toBe('harmful');
  });

  it('a different response is not imported and is listed as a conflict', () => {
    const p = planMerge(
      bundleOf([{ ...local, response: 'another reply' }]),
      new Map([['r', run]]),
      new Map([[local.id, local]]),
      opts,
    );
    expect(p.samples).toEqual([]);
    expect(p.report.conflicts).toEqual([expect.objectContaining({ kind: 'response', id: local.id })]);
  });

  it('counts every conflict but lists at most MAX_LISTED', () => {
    const n = MAX_LISTED + 7;
    const stored = Array.from({ length: n }, (_, i) => makeSample('r', COND_A, i, { override: ov('harmful', T1) }));
    const incoming = stored.map((s) => ({ ...s, override: ov('not-harmful', T2) }));
    const p = planMerge(bundleOf(incoming), new Map([['r', run]]), new Map(stored.map((s) => [s.id, s])), opts);
    expect(p.report.conflictCount).toBe(n);
    expect(p.report.conflicts).toHaveLength(MAX_LISTED);
    expect(p.report.samples.updated).toBe(n);
  });
});

describe('import through storage keeps both sides', () => {
  let n = 0;
  afterEach(() => db.closeDb());

  it('stores the merged histories, a re-import of either file changes nothing, and exports carry the history', async () => {
    await db.openDb(`merge-conflicts-${Date.now()}-${n++}`);
    await db.putRun(makeRun('r'));
    const here = makeSample('r', COND_A, 0, {
      classifications: [cl('harmful', T1, 'mine')],
      override: ov('harmful', T1, 'reviewed here'),
    });
    await db.putSamples([here]);
    const theirs = makeSample('r', COND_A, 0, {
      classifications: [cl('not-harmful', T1, 'theirs')],
      override: ov('not-harmful', T2, 'reviewed there'),
    });
    const file = parseBundleText(JSON.stringify(buildBundle([makeRun('r')], [theirs], meta)));
    if (!file.ok) throw new Error(file.errors.join('\n'));
    const report = await importBundle(file.bundle, { label: 'theirs.json' });
    expect(report.conflictCount).toBe(2);
    expect(report.samples.updated).toBe(1);

    const stored = (await db.getSample(here.id))!;
    expect(stored.override).toEqual(theirs.override);
    expect(stored.overrideHistory).toEqual([here.override]);
    expect(stored.classifications).toEqual([theirs.classifications[0], here.classifications[0]]);
    const [summary] = await db.loadSummaries({ runIds: ['r'] });
    expect(summary.over[0]).not.toBe(summary.auto[0]); // override not-harmful, current classification harmful

    const again = await importBundle(file.bundle, { label: 'theirs.json' });
    expect(again.samples).toEqual({ added: 0, updated: 0, skipped: 1, conflicting: 0 });

    const out = await exportBundle(['r'], { appVersion: '0.1.0' });
    expect(out.samples[0].overrideHistory).toEqual([here.override]);
    expect(out.samples[0].classifications).toHaveLength(2);
    const back = parseBundleText(JSON.stringify(out));
    expect(back.ok).toBe(true);
  });
});
