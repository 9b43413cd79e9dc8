// The source-tagged table views read: a SampleTable plus which source it came from and each run's prompts and method.
import { SampleTable } from '../stats/sample-table';
import { currentClassification } from '../verdict';
import { V_ERROR } from '../stats/counts';
import { currentMethodOf } from '../stats/method-codes';
import type { ResultsBundle, Run, Sample } from '../types';

export type SourceKind = 'local' | 'link' | 'published';

/** Who made a bundle, when, with what: shown beside every published or linked source. */
export interface Provenance {
  who: string;
  exportedAt: string;
  appVersion: string;
  packs: { id: string; hash: string }[];
  engines: string[];
  models: string[];
  methods: string[];
  runs: number;
  samples: number;
}

export interface SourceInfo {
  /** 'local', or the bundle URL for linked and published sources */
  id: string;
  kind: SourceKind;
  label: string;
  url?: string;
  provenance?: Provenance;
}

/** What a run's rows share for pooling decisions: the prompt pack (by hash) and the classification method. */
export interface RunMeta {
  packId: string;
  packHash: string;
  method: string;
}

export interface SourceTable {
  source: SourceInfo;
  table: SampleTable;
  /** per entry of `table.runs`, same order */
  runMeta: RunMeta[];
}

const KIND_LABEL: Record<SourceKind, string> = {
  local: 'This browser',
  link: 'Opened by link',
  published: 'Published',
};

export function sourceKindLabel(kind: SourceKind): string {
  return KIND_LABEL[kind];
}

/** The most common classification method of each run's samples (errored samples carry none). */
export function runMethods(samples: Iterable<Sample>): Map<string, string> {
  const tally = new Map<string, Map<string, number>>();
  for (const s of samples) {
    if (s.status !== 'done') continue;
    const c = currentClassification(s);
    // as classify/methods.ts `methodOf`: records made before methods existed are lab verdicts
    const m = c ? (c.method ?? 'lab') : 'none';
    let t = tally.get(s.runId);
    if (!t) tally.set(s.runId, (t = new Map()));
    t.set(m, (t.get(m) ?? 0) + 1);
  }
  const out = new Map<string, string>();
  for (const [runId, t] of tally) out.set(runId, [...t].sort((a, b) => b[1] - a[1])[0][0]);
  return out;
}

/** As `runMethods`, read from a table's verdict and method codes (stored results, where samples are not loaded). */
export function tableRunMethods(table: SampleTable): Map<string, string> {
  const tally = table.runs.map(() => new Map<string, number>());
  for (let row = 0; row < table.size; row++) {
    if (table.auto[row] === V_ERROR) continue;
    const m = currentMethodOf(table.auto[row], table.meth[row]);
    const t = tally[table.run[row]];
    t.set(m, (t.get(m) ?? 0) + 1);
  }
  const out = new Map<string, string>();
  tally.forEach((t, i) => {
    if (t.size) out.set(table.runs[i].id, [...t].sort((a, b) => b[1] - a[1])[0][0]);
  });
  return out;
}

/** Attach pack and method to a table's runs; `methods` maps run id to method (missing: 'none' classified). */
export function tagTable(
  source: SourceInfo,
  table: SampleTable,
  runs: readonly Run[],
  methods: Map<string, string>,
): SourceTable {
  const byId = new Map(runs.map((r) => [r.id, r]));
  const runMeta = table.runs.map((info) => {
    const r = byId.get(info.id);
    return {
      packId: r?.pack.id ?? 'unknown',
      packHash: r?.pack.hash ?? 'unknown',
      method: methods.get(info.id) ?? 'none',
    };
  });
  return { source, table, runMeta };
}

/** Provenance read from a validated bundle. */
export function provenanceOf(bundle: ResultsBundle): Provenance {
  const uniq = <T>(xs: T[], key: (x: T) => string): T[] => [...new Map(xs.map((x) => [key(x), x])).values()];
  return {
    who: bundle.label?.trim() || 'not stated',
    exportedAt: bundle.exportedAt,
    appVersion: bundle.appVersion,
    packs: uniq(
      bundle.runs.map((r) => ({ id: r.pack.id, hash: r.pack.hash })),
      (p) => `${p.id}\u0000${p.hash}`,
    ),
    engines: [...new Set(bundle.runs.map((r) => r.engine.provider || r.engine.kind))].sort(),
    models: [...new Set(bundle.runs.map((r) => r.engine.model))].sort(),
    methods: [...new Set(runMethods(bundle.samples).values())].sort(),
    runs: bundle.runs.length,
    samples: bundle.samples.length,
  };
}

/** A validated bundle as a source table, held in memory only (nothing is stored). */
export function bundleTable(source: Omit<SourceInfo, 'provenance'>, bundle: ResultsBundle): SourceTable {
  const table = new SampleTable(bundle.runs);
  for (const s of bundle.samples) table.add(s);
  return tagTable({ ...source, provenance: provenanceOf(bundle) }, table, bundle.runs, runMethods(bundle.samples));
}
