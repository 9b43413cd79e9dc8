// web-llm's files in the Cache API, read and removed by URL: sizes (partial downloads too), the chat config, safe deletes.
import type { AppConfig, ModelRecord } from '@mlc-ai/web-llm';

/** The Cache API scopes web-llm 0.2.86 stores a model in (test/unit/engines/webllm/library.test.ts checks them). */
export const CACHE_SCOPES = { model: 'webllm/model', config: 'webllm/config', wasm: 'webllm/wasm' } as const;

/** web-llm's own normalisation: a Hugging Face repo URL gains "resolve/main/". */
export function modelBaseUrl(model: string, base = 'http://localhost/'): string {
  let url = model.endsWith('/') ? model : `${model}/`;
  if (!/.+\/resolve\/.+\//.test(url)) url += 'resolve/main/';
  return new URL(url, base).href;
}

async function bytesOf(cache: Cache, req: Request): Promise<number> {
  const res = await cache.match(req);
  if (!res) return 0;
  const len = Number(res.headers.get('content-length'));
  if (Number.isFinite(len) && len > 0) return len;
  return (await res.blob()).size;
}

async function openIfExists(caches: CacheStorage, scope: string): Promise<Cache | undefined> {
  return (await caches.has(scope)) ? caches.open(scope) : undefined;
}

/** Entries of one scope stored under the model's URL. */
async function entriesUnder(caches: CacheStorage, scope: string, prefix: string): Promise<[Cache, Request[]] | []> {
  const cache = await openIfExists(caches, scope);
  if (!cache) return [];
  return [cache, (await cache.keys()).filter((r) => r.url.startsWith(prefix))];
}

/**
 * Sum the cached entries under the model's URL (and its wasm library), finished or not: a download that stopped halfway
 * shows its size here while web-llm's own check (every shard present) says it is not cached. 0 when nothing is stored.
 */
export async function cachedModelBytes(
  caches: CacheStorage,
  record: ModelRecord | undefined,
  base?: string,
): Promise<number> {
  if (!record) return 0;
  const prefix = modelBaseUrl(record.model, base);
  let total = 0;
  for (const scope of Object.values(CACHE_SCOPES)) {
    const cache = await openIfExists(caches, scope);
    if (!cache) continue;
    for (const req of await cache.keys()) {
      if (req.url.startsWith(prefix) || req.url === record.model_lib) total += await bytesOf(cache, req);
    }
  }
  return total;
}

/** Whether anything of this model (weights, tokenizer, config) is stored. */
export async function hasAnyFiles(caches: CacheStorage, record: ModelRecord, base?: string): Promise<boolean> {
  const prefix = modelBaseUrl(record.model, base);
  for (const scope of [CACHE_SCOPES.model, CACHE_SCOPES.config]) {
    const [, found] = await entriesUnder(caches, scope, prefix);
    if (found?.length) return true;
  }
  return false;
}

/**
 * Delete everything stored for a model: every weight shard, the tensor-cache.json index and tokenizer (web-llm's own
 * delete keeps the index and needs it to be present), the chat config, and its wasm library unless another model
 * that still has files stored uses the same library. Works for partial downloads too.
 */
export async function deleteModelFiles(
  caches: CacheStorage,
  record: ModelRecord,
  others: ModelRecord[],
  base?: string,
): Promise<{ deleted: number; keptLibrary: boolean }> {
  const prefix = modelBaseUrl(record.model, base);
  let deleted = 0;
  for (const scope of [CACHE_SCOPES.model, CACHE_SCOPES.config]) {
    const [cache, found] = await entriesUnder(caches, scope, prefix);
    for (const req of found ?? []) if (await cache!.delete(req)) deleted++;
  }
  let keptLibrary = false;
  for (const other of others) {
    if (other.model_id === record.model_id || other.model_lib !== record.model_lib) continue;
    if (modelBaseUrl(other.model, base) === prefix) continue;
    if (await hasAnyFiles(caches, other, base)) keptLibrary = true;
  }
  if (!keptLibrary) {
    const wasm = await openIfExists(caches, CACHE_SCOPES.wasm);
    if (wasm && (await wasm.delete(new URL(record.model_lib, base ?? 'http://localhost/').href))) deleted++;
  }
  return { deleted, keptLibrary };
}

/** The chat template web-llm cached with the model (mlc-chat-config.json), when it is stored. */
export async function readConvTemplate(
  caches: CacheStorage,
  record: ModelRecord,
  base?: string,
): Promise<Record<string, unknown> | undefined> {
  const cache = await openIfExists(caches, CACHE_SCOPES.config);
  const res = await cache?.match(new URL('mlc-chat-config.json', modelBaseUrl(record.model, base)).href);
  if (!res) return undefined;
  try {
    const json = (await res.json()) as { conv_template?: Record<string, unknown> };
    return json.conv_template;
  } catch {
    return undefined;
  }
}

export function findRecord(list: AppConfig['model_list'], modelId: string): ModelRecord | undefined {
  return list.find((r) => r.model_id === modelId);
}
