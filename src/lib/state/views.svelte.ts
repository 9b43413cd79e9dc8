// Route views load on demand, so the first view's JavaScript stays small; the rest are fetched once the page is idle.
import type { Component } from 'svelte';
import type { RouteName } from '../core/route';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each view has its own props (see viewProps)
type View = Component<any>;

const LOADERS: Record<RouteName, () => Promise<{ default: View }>> = {
  setup: () => import('../../components/setup/SetupView.svelte'),
  scenarios: () => import('../../components/scenarios/ScenariosView.svelte'),
  experiment: () => import('../../components/experiment/ExperimentView.svelte'),
  run: () => import('../../components/run/RunView.svelte'),
  results: () => import('../../components/results/ResultsView.svelte'),
  compare: () => import('../../components/compare/CompareView.svelte'),
  transcript: () => import('../../components/transcript/TranscriptView.svelte'),
  data: () => import('../../components/data/DataView.svelte'),
};

export class Views {
  /** the views loaded so far, by route */
  loaded = $state.raw<Partial<Record<RouteName, View>>>({});
  /** why a view could not be loaded, by route */
  failed = $state.raw<Partial<Record<RouteName, string>>>({});
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- one load per view, never rendered
  #loads = new Map<RouteName, Promise<void>>();
  #preloading = false;

  /** Show a route: load its view, then (the first time) every other view in the background once the page is idle. */
  open(name: RouteName): void {
    void this.load(name).then(() => {
      if (this.#preloading) return;
      this.#preloading = true;
      const idle = globalThis.requestIdleCallback ?? ((f: () => void) => setTimeout(f, 200));
      idle(() => void this.preloadAll());
    });
  }

  /** Load a route's view, once (a failed import stays failed in the browser's module map until the page reloads). */
  load(name: RouteName): Promise<void> {
    let p = this.#loads.get(name);
    if (!p) {
      p = LOADERS[name]().then(
        (m) => {
          this.loaded = { ...this.loaded, [name]: m.default };
        },
        (e: unknown) => {
          this.failed = { ...this.failed, [name]: e instanceof Error ? e.message : String(e) };
        },
      );
      this.#loads.set(name, p);
    }
    return p;
  }

  /** Fetch every other view, one after another, so later navigation is immediate. */
  async preloadAll(): Promise<void> {
    for (const name of Object.keys(LOADERS) as RouteName[]) await this.load(name);
  }
}

export const views = new Views();
