// Results sources beyond this browser's storage: bundles opened by link (kept in memory only) and the site's published ones.
import { parseBundleText } from '../core/bundle/validate';
import type { ResultsBundle } from '../core/types';
import { PUBLISHED_DIR, parsePublishedIndex, type PublishedEntry } from '../core/sources/published';
import { bundleTable, type SourceKind, type SourceTable } from '../core/sources/source-table';
import { resolveBundleUrl, type FetchFailure } from '../core/sources/url';
import { Failed, fetchBundleText, indexUrl, isPublishedUrl, siteUrl } from './fetch-bundle';
import type { MergeReport } from '../core/bundle';
import { BundleView } from './source-view';

export interface LinkedSource {
  url: string;
  status: 'loading' | 'ready' | 'error';
  /** bytes read so far while loading */
  progress: number;
  error: string;
  failure?: FetchFailure['kind'];
  bundle?: ResultsBundle;
  st?: SourceTable;
  view?: BundleView;
  kept?: MergeReport;
}

export class SourcesState {
  /** opened bundles by resolved URL; replaced (not mutated) on every change */
  links = $state.raw<Record<string, LinkedSource>>({});
  published = $state.raw<PublishedEntry[]>([]);
  publishedStatus = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  publishedError = $state('');

  private set(url: string, change: Partial<LinkedSource>): LinkedSource {
    const next = { ...(this.links[url] ?? { url, status: 'loading', progress: 0, error: '' }), ...change };
    this.links = { ...this.links, [url]: next };
    return next;
  }

  /** The URL a `src` link parameter stands for (relative links are resolved against the site). */
  resolve(raw: string): { ok: true; url: string } | { ok: false; error: string } {
    return resolveBundleUrl(raw, siteUrl());
  }

  /** What kind of source a URL is: the site's published folder, or any other link. */
  kindOf(url: string): SourceKind {
    return isPublishedUrl(url) ? 'published' : 'link';
  }

  /**
   * Open a bundle by link, once per URL (a failed one again only with `retry`); validated exactly like a file import
   * and held in memory only.
   */
  async open(raw: string, retry = false): Promise<LinkedSource> {
    const r = this.resolve(raw);
    if (!r.ok) return this.set(raw, { status: 'error', error: r.error });
    const known = this.links[r.url];
    if (known && (known.status !== 'error' || !retry)) return known;
    const url = r.url;
    this.set(url, { status: 'loading', progress: 0, error: '', failure: undefined });
    try {
      const text = await fetchBundleText(url, (progress) => this.set(url, { progress }));
      const check = parseBundleText(text);
      if (!check.ok) throw new Failed({ kind: 'invalid', errors: check.errors });
      const kind = this.kindOf(url);
      const entry = kind === 'published' ? this.published.find((p) => url.endsWith(`/${p.file}`)) : undefined;
      const file = url.split('/').pop() ?? url;
      const label =
        kind === 'published'
          ? `Published: ${check.bundle.label?.trim() || entry?.who || file}`
          : `Link: ${check.bundle.label?.trim() || file}`;
      const st = bundleTable({ id: url, kind, label, url }, check.bundle);
      return this.set(url, {
        status: 'ready',
        bundle: check.bundle,
        st,
        view: new BundleView(st.table, check.bundle.samples),
      });
    } catch (e) {
      const failure = e instanceof Failed ? e.failure : undefined;
      const error = e instanceof Error ? e.message : String(e);
      return this.set(url, { status: 'error', error, failure: failure?.kind });
    }
  }

  get(raw: string): LinkedSource | undefined {
    const r = this.resolve(raw);
    return r.ok ? this.links[r.url] : this.links[raw];
  }

  /** "Keep in this browser": merge an opened bundle into IndexedDB like a file import. */
  async keep(raw: string): Promise<MergeReport> {
    const src = this.get(raw);
    if (!src?.bundle) throw new Error('This bundle is not open.');
    const { importBundle } = await import('../storage/transfer');
    const report = await importBundle(src.bundle, { label: src.st?.source.label ?? src.url });
    this.set(src.url, { kept: report });
    return report;
  }

  /** Read the site's results/index.json once; a missing index means nothing is published. */
  async loadPublished(force = false): Promise<void> {
    if (!force && (this.publishedStatus === 'loading' || this.publishedStatus === 'ready')) return;
    this.publishedStatus = 'loading';
    this.publishedError = '';
    try {
      const res = await fetch(indexUrl(), { cache: 'no-cache' });
      if (res.status === 404) {
        this.published = [];
        this.publishedStatus = 'ready';
        return;
      }
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const check = parsePublishedIndex(await res.json());
      if (!check.ok) throw new Error(check.error);
      this.published = check.index.bundles;
      this.publishedStatus = 'ready';
    } catch (e) {
      this.publishedStatus = 'error';
      this.publishedError = `Could not read the published replications (${e instanceof Error ? e.message : String(e)}). Reload the page to retry.`;
    }
  }

  /** The `src` value that opens a published bundle. */
  publishedSrc(p: PublishedEntry): string {
    return PUBLISHED_DIR + p.file;
  }

  /** A sample from any opened bundle, for transcripts of samples that are not stored here. */
  findSample(sampleId: string): { bundle: ResultsBundle; index: number } | undefined {
    for (const l of Object.values(this.links)) {
      const i = l.bundle?.samples.findIndex((s) => s.id === sampleId) ?? -1;
      if (i >= 0) return { bundle: l.bundle!, index: i };
    }
    return undefined;
  }
}

export const sources = new SourcesState();
