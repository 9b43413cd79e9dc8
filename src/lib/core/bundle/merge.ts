// Merge plan for an imported bundle against what is stored: add new records, skip identical ones, keep every verdict.
import type { Classification, Override, ResultsBundle, Run, Sample } from '../types';
import { cleanEngine, cleanSample } from './export';
import { canonicalJson } from './sample-hash';

export interface MergeCounts {
  added: number;
  /** same id, merged: a failed sample replaced by a finished one, or classification/override histories joined */
  updated: number;
  skipped: number;
  /** records not imported because the stored one says something else (another response, another run setup) */
  conflicting: number;
}

/** One conflict the merge met: what differed, and what it kept. */
export interface MergeConflict {
  kind: 'run' | 'response' | 'override' | 'classification';
  /** sample id, or run id for kind 'run' */
  id: string;
  detail: string;
}

export interface MergeReport {
  bundleId: string;
  label: string;
  runs: MergeCounts;
  samples: MergeCounts;
  /** readable lines about conflicts, at most 20 */
  notes: string[];
  /** every conflict met (runs and responses not imported, overrides and classifications kept side by side) */
  conflictCount: number;
  /** the first MAX_LISTED conflicts */
  conflicts: MergeConflict[];
}

export const MAX_LISTED = 500;

export interface MergePlan {
  runs: Run[];
  samples: Sample[];
  report: MergeReport;
}

const zero = (): MergeCounts => ({ added: 0, updated: 0, skipped: 0, conflicting: 0 });

/** What makes two runs with the same id the same experiment. */
function runIdentity(r: Run): string {
  return JSON.stringify([
    cleanEngine(r.engine),
    r.pack,
    r.params.temperature,
    r.params.maxTokens,
    r.params.seed ?? null,
    [r.params.topP, r.params.presencePenalty, r.params.frequencyPenalty, r.params.repetitionPenalty].map(
      (v) => v ?? null,
    ),
    [...r.conditionIds].sort(),
    r.samplesPerCondition,
  ]);
}

/** What makes two samples with the same id the same response (classifications and overrides may differ). */
function sampleCore(s: Sample): string {
  const { classifications: _c, override: _o, overrideHistory: _h, ...core } = cleanSample(s);
  return canonicalJson(core);
}

const byTime = <T extends { at: string }>(a: T, b: T) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0);
const slotKey = (c: Classification) => `${c.classifier}|${c.version}|${c.at}`;

/**
 * Join two classification histories without losing any entry. Entries equal in every field are kept once. The rule
 * for which one is current (the last non-awareness entry): the latest `at`; on equal times the stored one stays
 * current (imported entries are placed before stored ones of the same time). Returns null when nothing is new, and
 * the slots (classifier, version, time) where both sides hold different entries.
 */
export function joinClassifications(
  local: readonly Classification[],
  incoming: readonly Classification[],
): { joined: Classification[] | null; clashes: string[] } {
  const have = new Set(local.map((c) => canonicalJson(c)));
  const localSlots = new Set(local.map(slotKey));
  const extra = incoming.filter((c) => !have.has(canonicalJson(c)));
  const clashes = [...new Set(extra.filter((c) => localSlots.has(slotKey(c))).map(slotKey))];
  if (!extra.length) return { joined: null, clashes };
  return { joined: [...extra, ...local].sort(byTime), clashes };
}

/**
 * Join two samples' reviewer overrides (current and history) without losing any. Current: the latest `at`; on equal
 * times the stored current one stays. The rest go to `overrideHistory`, oldest first. `changed` when the result
 * differs from the stored sample's; `clash` when both sides had a current override and they differ.
 */
export function joinOverrides(
  local: Pick<Sample, 'override' | 'overrideHistory'>,
  incoming: Pick<Sample, 'override' | 'overrideHistory'>,
): { override?: Override; history: Override[]; changed: boolean; clash: boolean } {
  const all: Override[] = [];
  const seen = new Set<string>();
  const add = (o: Override | undefined) => {
    if (!o) return;
    const k = canonicalJson(o);
    if (!seen.has(k)) {
      seen.add(k);
      all.push(o);
    }
  };
  add(local.override);
  local.overrideHistory?.forEach(add);
  add(incoming.override);
  incoming.overrideHistory?.forEach(add);
  let current = local.override;
  for (const o of all) if (!current || o.at > current.at) current = o;
  const history = all.filter((o) => o !== current).sort(byTime);
  const localHistory = local.overrideHistory ?? [];
  const changed =
    current !== local.override ||
    history.length !== localHistory.length ||
    history.some((o, i) => canonicalJson(o) !== canonicalJson(localHistory[i]));
  const clash =
    !!local.override && !!incoming.override && canonicalJson(local.override) !== canonicalJson(incoming.override);
  return { override: current, history, changed, clash };
}

/** A sample with the given override state (no `overrideHistory` key when empty). */
function withOverrides(s: Sample, override: Override | undefined, history: Override[]): Sample {
  const { override: _o, overrideHistory: _h, ...rest } = s;
  return { ...rest, ...(override ? { override } : {}), ...(history.length ? { overrideHistory: history } : {}) };
}

const verdictText = (o: Override) => `${o.verdict} (${o.at})`;

/**
 * Plan the merge of a validated bundle. `existingRuns` must hold every stored run whose id is in the bundle and
 * `existingSamples` every stored sample of those runs that the plan must look at: a sample for which `identical`
 * says true is counted as skipped without being looked up (the caller knows it equals the stored one, e.g. by hash).
 * Pure: the caller writes `runs` and `samples` in one transaction.
 */
export function planMerge(
  bundle: Pick<ResultsBundle, 'bundleId' | 'label' | 'runs' | 'samples'>,
  existingRuns: ReadonlyMap<string, Run>,
  existingSamples: ReadonlyMap<string, Sample>,
  opts: { label: string; importedAt: string; identical?: (s: Sample, i: number) => boolean },
): MergePlan {
  const label = bundle.label || opts.label;
  const report: MergeReport = {
    bundleId: bundle.bundleId,
    label,
    runs: zero(),
    samples: zero(),
    notes: [],
    conflictCount: 0,
    conflicts: [],
  };
  const note = (m: string) => report.notes.length < 20 && report.notes.push(m);
  const conflict = (c: MergeConflict) => {
    report.conflictCount++;
    if (report.conflicts.length < MAX_LISTED) report.conflicts.push(c);
  };
  const runs: Run[] = [];
  const samples: Sample[] = [];
  const blocked = new Set<string>();

  for (const r of bundle.runs) {
    const local = existingRuns.get(r.id);
    if (!local) {
      const source =
        r.source.kind === 'local'
          ? { kind: 'import' as const, label, bundleId: bundle.bundleId, importedAt: opts.importedAt }
          : { ...r.source, importedAt: r.source.importedAt ?? opts.importedAt };
      runs.push({ ...r, source });
      report.runs.added++;
    } else if (runIdentity(local) === runIdentity(r)) {
      report.runs.skipped++;
    } else {
      blocked.add(r.id);
      report.runs.conflicting++;
      const detail = `already exists here with a different model, pack or parameters; its samples were not imported`;
      conflict({ kind: 'run', id: r.id, detail });
      note(`Run "${r.id}" ${detail}.`);
    }
  }

  bundle.samples.forEach((s, i) => {
    if (blocked.has(s.runId)) {
      report.samples.conflicting++;
      return;
    }
    if (opts.identical?.(s, i)) {
      report.samples.skipped++;
      return;
    }
    const local = existingSamples.get(s.id);
    if (!local) {
      samples.push(s);
      report.samples.added++;
    } else if (local.status === 'error' && s.status === 'done') {
      const { joined } = joinClassifications(s.classifications, local.classifications);
      const o = joinOverrides(local, s);
      samples.push(withOverrides({ ...s, classifications: joined ?? s.classifications }, o.override, o.history));
      report.samples.updated++;
    } else if (sampleCore(local) === sampleCore(s) || s.status === 'error') {
      const { joined, clashes } = joinClassifications(local.classifications, s.classifications);
      const o = joinOverrides(local, s);
      for (const slot of clashes)
        conflict({
          kind: 'classification',
          id: s.id,
          detail: `two different classifications by ${slot.split('|').slice(0, 2).join(' v')} at ${slot.split('|')[2]}: both kept in the history, the one stored here stays current (equal times)`,
        });
      if (o.clash && o.override && s.override && local.override)
        conflict({
          kind: 'override',
          id: s.id,
          detail: `reviewer override ${verdictText(local.override)} here, ${verdictText(s.override)} in the file: ${verdictText(o.override)} is current (latest time; the stored one on a tie), the other kept in the override history`,
        });
      if (joined || o.changed) {
        samples.push(
          withOverrides({ ...local, classifications: joined ?? local.classifications }, o.override, o.history),
        );
        report.samples.updated++;
      } else report.samples.skipped++;
    } else {
      report.samples.conflicting++;
      const detail = 'differs from the one stored here (another response); the stored one was kept';
      conflict({ kind: 'response', id: s.id, detail });
      note(`Sample "${s.id}" ${detail}.`);
    }
  });
  return { runs, samples, report };
}
