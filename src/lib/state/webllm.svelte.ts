// In-browser model state: the lazily started web-llm worker, GPU probe, model catalog, cached models, custom records, load progress, errors.
import type { AppConfig, ModelRecord } from '@mlc-ai/web-llm';
import type { Engine } from '../core/types';
import { EngineError, toEngineError, type EngineConfig } from '../engines';
import { buildCatalog, toCatalogModel, type CatalogModel } from '../engines/webllm/catalog';
import { WebLLMClient, WebLLMEngine, type LoadProgress, type WorkerPort } from '../engines/webllm/client';
import type { CachedModelInfo, LoadedModel, WorkerGpuProbe } from '../../workers/messages';

export type { LoadProgress };

/** Custom model records are kept with the engine configs that name them, so runs resume after a reload. */
const CUSTOM_ITEM = 'aml:webllm-custom-models:v1';

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

/** Stored records, keeping only well-formed ones (the item is ours, but a hand-edited one must not break Setup). */
export function readCustomRecords(s: Storage | undefined): ModelRecord[] {
  try {
    const raw = JSON.parse(s?.getItem(CUSTOM_ITEM) ?? '[]') as unknown;
    if (!Array.isArray(raw)) return [];
    return raw.filter(
      (r): r is ModelRecord =>
        !!r &&
        typeof r === 'object' &&
        typeof (r as ModelRecord).model_id === 'string' &&
        typeof (r as ModelRecord).model === 'string' &&
        typeof (r as ModelRecord).model_lib === 'string',
    );
  } catch {
    return [];
  }
}

export class WebLLMState {
  gpu = $state<WorkerGpuProbe | null>(null);
  catalog = $state.raw<CatalogModel[]>([]);
  cache = $state<Record<string, CachedModelInfo>>({});
  /** the load in progress, whoever started it (the picker, a run start, a reload after a lost model) */
  progress = $state<LoadProgress | null>(null);
  loaded = $state<LoadedModel | null>(null);
  error = $state<EngineError | null>(null);
  busy = $state(false);
  /** models added by URL (custom MLC builds); their records go to the worker as an AppConfig; kept in this browser */
  custom = $state.raw<ModelRecord[]>(readCustomRecords(storage()));
  #client: WebLLMClient | undefined;
  #records: ModelRecord[] | undefined;

  /** Start the worker on first use (it loads the multi-megabyte web-llm runtime). */
  client(): WebLLMClient {
    if (!this.#client) {
      this.#client = new WebLLMClient(
        () =>
          // eslint-disable-next-line svelte/prefer-svelte-reactivity -- Vite bundles the worker only from this literal form
          new Worker(new URL('../../workers/webllm.worker.ts', import.meta.url), {
            type: 'module',
          }) as unknown as WorkerPort,
      );
      this.#client.onLoad((p) => {
        this.progress = p;
        if (!p) this.loaded = this.#client?.loaded ?? null;
      });
    }
    return this.#client;
  }

  appConfigFor(modelId: string): AppConfig | undefined {
    const rec = this.custom.find((r) => r.model_id === modelId);
    return rec ? { model_list: [rec] } : undefined;
  }

  /** Probe the GPU from inside the worker, fetch the catalog and which models are cached. */
  async refresh() {
    this.error = null;
    try {
      const c = this.client();
      const [gpu, records] = await Promise.all([c.request({ type: 'probe' }), c.request({ type: 'catalog' })]);
      this.gpu = gpu;
      this.#records = records;
      this.catalog = buildCatalog(records);
      await this.refreshCache();
    } catch (e) {
      this.error = toEngineError(e);
    }
  }

  async refreshCache() {
    const c = this.client();
    const builtIn = await c.request({ type: 'cache-list', modelIds: this.catalog.map((m) => m.id) });
    const custom = await Promise.all(
      this.custom.map(async (r) => {
        const [info] = await c.request({
          type: 'cache-list',
          modelIds: [r.model_id],
          appConfig: this.appConfigFor(r.model_id),
        });
        return info;
      }),
    );
    this.cache = Object.fromEntries([...builtIn, ...custom].map((i) => [i.modelId, i]));
  }

  /** Register a custom MLC model by its weights URL and compiled library URL; kept in this browser. */
  addCustom(modelId: string, modelUrl: string, libUrl: string, contextWindow = 4096): CatalogModel {
    const rec: ModelRecord = {
      model_id: modelId,
      model: modelUrl,
      model_lib: libUrl,
      overrides: { context_window_size: contextWindow },
    };
    this.custom = [...this.custom.filter((r) => r.model_id !== modelId), rec];
    storage()?.setItem(CUSTOM_ITEM, JSON.stringify(this.custom));
    return toCatalogModel(rec);
  }

  /** The catalog entry of any model id (custom or prebuilt, offered in the picker or not). */
  async modelInfo(modelId: string): Promise<CatalogModel | undefined> {
    const custom = this.custom.find((r) => r.model_id === modelId);
    if (custom) return toCatalogModel(custom);
    this.#records ??= await this.client().request({ type: 'catalog' });
    const rec = this.#records.find((r) => r.model_id === modelId);
    return rec ? toCatalogModel(rec) : undefined;
  }

  /** Download (if needed), compile and load a model; progress is reported as it goes. */
  async load(modelId: string, contextWindow?: number): Promise<boolean> {
    this.error = null;
    this.busy = true;
    try {
      this.loaded = await this.client().load(modelId, { contextWindow, appConfig: this.appConfigFor(modelId) });
      return true;
    } catch (e) {
      this.error = toEngineError(e);
      this.loaded = null;
      return false;
    } finally {
      this.busy = false;
      await this.refreshCache().catch(() => undefined);
    }
  }

  /** Delete a model's files (a partial download too); the worker unloads it first when it is loaded. */
  async remove(modelId: string) {
    this.error = null;
    try {
      await this.client().deleteModel(modelId, {
        model_list: this.custom.length ? this.custom : [],
      });
      if (this.loaded?.modelId === modelId) this.loaded = null;
      await this.refreshCache();
    } catch (e) {
      this.error = toEngineError(e);
    }
  }

  engine(config: EngineConfig): Engine {
    if (this.gpu && !this.gpu.available) {
      throw new EngineError('webgpu-unavailable', `WebGPU is not available here (${this.gpu.reason ?? 'no adapter'}).`);
    }
    const modelId = config.descriptor.model;
    return new WebLLMEngine(this.client(), config, {
      appConfig: this.appConfigFor(modelId),
      model: () => this.modelInfo(modelId),
    });
  }
}

export const webllm = new WebLLMState();
