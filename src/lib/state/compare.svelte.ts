// Compare-sources state: this browser's results, the site's published bundles and bundles opened by link, as source tables.
import { listRuns } from '../storage/db';
import type { Run } from '../core/types';
import { tableRunMethods, tagTable, type SourceTable } from '../core/sources/source-table';
import { results } from './results.svelte';
import { sources } from './sources.svelte';

export class CompareState {
  /** this browser's runs (pack hashes for the local source); null until read */
  localRuns = $state.raw<Run[] | null>(null);
  error = $state('');

  /** Load stored results and the published index, then open every published bundle and the `links` (each once). */
  async ensure(links: readonly string[]): Promise<void> {
    try {
      await Promise.all([
        results.ensureLoaded(),
        listRuns().then((r) => (this.localRuns = r)),
        sources.loadPublished(),
      ]);
    } catch (e) {
      this.error = `Could not read stored results (${e instanceof Error ? e.message : String(e)}). Reload the page.`;
    }
    await Promise.all([
      ...sources.published.map((p) => sources.open(sources.publishedSrc(p))),
      ...links.map((l) => sources.open(l)),
    ]);
  }

  /** Every source with data: this browser's results (when it holds any) and each opened bundle. */
  tables(): SourceTable[] {
    const out: SourceTable[] = [];
    const t = results.table;
    void results.version;
    if (t && t.size && this.localRuns)
      out.push(tagTable({ id: 'local', kind: 'local', label: 'This browser' }, t, this.localRuns, tableRunMethods(t)));
    for (const l of Object.values(sources.links)) if (l.status === 'ready' && l.st) out.push(l.st);
    return out;
  }

  /** Links that could not be opened, with the reason. */
  failures(): { url: string; error: string }[] {
    return Object.values(sources.links)
      .filter((l) => l.status === 'error')
      .map((l) => ({ url: l.url, error: l.error }));
  }

  /** Whether any source is still loading. */
  loading(): boolean {
    return results.loading || Object.values(sources.links).some((l) => l.status === 'loading');
  }
}

export const compare = new CompareState();
