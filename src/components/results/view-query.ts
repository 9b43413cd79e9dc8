// The results view's own query keys (tab, grouping axis, overrides toggle) and links that narrow filters to one cell.
import { isGroupDimension, type GroupDimension } from '../../lib/core/stats/dimensions';
import { filtersToQuery, parseFilters, type Filters } from '../../lib/core/filters';
import type { ClassificationMethodId } from '../../lib/core/types';

export const TABS = ['table', 'bars', 'heatmap', 'grouped', 'awareness', 'samples'] as const;
export type Tab = (typeof TABS)[number];
export const TAB_LABELS: Record<Tab, string> = {
  table: 'Table',
  bars: 'Bars vs paper',
  heatmap: 'Heatmap',
  grouped: 'Grouped',
  awareness: 'Evaluation vs real',
  samples: 'Samples',
};

export interface ViewOptions {
  tab: Tab;
  group: GroupDimension;
  /** count reviewer overrides (default) or only automatic verdicts */
  useOverrides: boolean;
  /** whose verdicts the rates count; absent: the method most samples have (see ResultsState.defaultMethod) */
  method?: ClassificationMethodId;
}

export function parseView(q: URLSearchParams): ViewOptions {
  const tab = q.get('tab');
  const group = q.get('group');
  return {
    tab: (TABS as readonly string[]).includes(tab ?? '') ? (tab as Tab) : 'table',
    group: isGroupDimension(group) ? group : 'goalValue',
    useOverrides: q.get('overrides') !== '0',
    method:
      q.get('method') === 'lab' || q.get('method') === 'original'
        ? (q.get('method') as ClassificationMethodId)
        : undefined,
  };
}

export function withView(q: URLSearchParams, change: Partial<ViewOptions>): URLSearchParams {
  const out = new URLSearchParams(q);
  if (change.tab) out.set('tab', change.tab);
  if (change.group) out.set('group', change.group);
  if (change.useOverrides !== undefined) {
    if (change.useOverrides) out.delete('overrides');
    else out.set('overrides', '0');
  }
  if (change.method) out.set('method', change.method);
  return out;
}

/** Filters narrowed to one model and condition (from a bar or heatmap cell), shown as samples. */
export function cellQuery(q: URLSearchParams, model: string, conditionId: string): URLSearchParams {
  const f: Filters = { ...parseFilters(q), model: [model], condition: [conditionId] };
  return withView(filtersToQuery(f, q), { tab: 'samples' });
}

/** Filters narrowed to one model and, where a facet can express it, one level of the grouping axis. */
export function groupQuery(q: URLSearchParams, dim: GroupDimension, model: string, level: string): URLSearchParams {
  const f: Filters = { ...parseFilters(q), model: [model] };
  if (dim === 'scenario' || dim === 'goalType' || dim === 'goalValue' || dim === 'urgency') f[dim] = [level];
  else if (dim === 'instructions' && level !== 'none') f.ablation = [level];
  else if (dim === 'notice' && level === 'with') f.ablation = ['notice'];
  else if (dim === 'named' && level === 'unnamed') f.ablation = ['unnamed'];
  else if (dim === 'production' && level === 'production') f.ablation = ['prod'];
  return withView(filtersToQuery(f, q), { tab: 'samples' });
}

/** The same query (filters, tab) on another results source: '' for this browser, else a bundle link. */
export function withSource(q: URLSearchParams, src: string): URLSearchParams {
  const out = new URLSearchParams(q);
  if (src) out.set('src', src);
  else out.delete('src');
  return out;
}
