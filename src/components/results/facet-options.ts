// Which values each filter facet can take, read from the loaded sample table (only values present in the data).
import { ABLATIONS, ablationTags, type FacetKey } from '../../lib/core/filters';
import { GOAL_TYPES, GOAL_VALUES, SCENARIOS, SCENARIO_LABELS, URGENCIES } from '../../lib/core/condition-id';
import { verdictWords } from '../../lib/core/verdict';
import { GROUP_DIMENSIONS } from '../../lib/core/stats/dimensions';
import { VERDICT_FACETS } from '../../lib/core/stats/counts';
import type { SampleTable } from '../../lib/core/stats/sample-table';

export interface FacetOption {
  value: string;
  label: string;
}
export interface Facet {
  key: FacetKey;
  label: string;
  options: FacetOption[];
}

const ordered = (all: readonly string[], present: Set<string>): FacetOption[] =>
  all.filter((v) => present.has(v)).map((value) => ({ value, label: value }));

export function facetsOf(t: SampleTable): Facet[] {
  const seen: Record<'scenario' | 'goalType' | 'goalValue' | 'urgency' | 'ablation', Set<string>> = {
    scenario: new Set(),
    goalType: new Set(),
    goalValue: new Set(),
    urgency: new Set(),
    ablation: new Set(),
  };
  for (const c of t.parsed) {
    if (!c) continue;
    seen.scenario.add(c.scenario);
    seen.goalType.add(c.goalType);
    seen.goalValue.add(c.goalValue);
    seen.urgency.add(c.urgency);
    for (const tag of ablationTags(c)) seen.ablation.add(tag);
  }
  const engines = [...new Set(t.runs.map((r) => r.engine))].sort();
  const sources = new Map<string, string>();
  for (const r of t.runs)
    if (!sources.has(r.source)) sources.set(r.source, r.source === 'local' ? 'made here' : r.sourceLabel);
  return [
    {
      key: 'scenario',
      label: 'Scenario',
      options: ordered(SCENARIOS, seen.scenario).map((o) => ({ ...o, label: SCENARIO_LABELS[o.value as 'blackmail'] })),
    },
    { key: 'goalType', label: 'Goal type', options: ordered(GOAL_TYPES, seen.goalType) },
    { key: 'goalValue', label: 'Goal value', options: ordered([...GOAL_VALUES, 'none'], seen.goalValue) },
    { key: 'urgency', label: GROUP_DIMENSIONS.urgency.label, options: ordered(URGENCIES, seen.urgency) },
    {
      key: 'ablation',
      label: 'Ablation',
      options: ordered(ABLATIONS, seen.ablation).map((o) => ({
        ...o,
        label: o.value === 'base' ? 'none (base)' : o.value,
      })),
    },
    { key: 'model', label: 'Model', options: [...t.models].sort().map((value) => ({ value, label: value })) },
    { key: 'engine', label: 'Engine', options: engines.map((value) => ({ value, label: value })) },
    {
      key: 'source',
      label: 'Source',
      options: [...sources].map(([value, label]) => ({
        value,
        label: label === value ? value : `${label} (${value})`,
      })),
    },
    {
      key: 'verdict',
      label: 'Verdict',
      options: VERDICT_FACETS.map((value) => ({ value, label: verdictWords(value) })),
    },
  ];
}
