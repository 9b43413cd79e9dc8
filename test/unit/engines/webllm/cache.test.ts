// The Cache API side of in-browser models: partial downloads are sized and deletable, the tensor-cache index goes with
// the model, and a wasm library another stored model needs is kept.
import { describe, expect, it } from 'vitest';
import type { ModelRecord } from '@mlc-ai/web-llm';
import {
  cachedModelBytes,
  deleteModelFiles,
  hasAnyFiles,
  readConvTemplate,
} from '../../../../src/lib/engines/webllm/cache-size';

/** An in-memory CacheStorage with the calls the helpers use. */
class MemoryCaches {
  stores = new Map<string, Map<string, Response>>();
  async has(name: string) {
    return this.stores.has(name);
  }
  async open(name: string) {
    if (!this.stores.has(name)) this.stores.set(name, new Map());
    const m = this.stores.get(name)!;
    return {
      keys: async () => [...m.keys()].map((u) => new Request(u)),
      match: async (r: Request | string) => m.get(typeof r === 'string' ? r : r.url)?.clone(),
      delete: async (r: Request | string) => m.delete(typeof r === 'string' ? r : r.url),
    } as unknown as Cache;
  }
  put(name: string, url: string, body: string) {
    if (!this.stores.has(name)) this.stores.set(name, new Map());
    this.stores.get(name)!.set(url, new Response(body, { headers: { 'content-length': String(body.length) } }));
  }
  urls(name: string) {
    return [...(this.stores.get(name)?.keys() ?? [])].sort();
  }
}

const HF = 'https://huggingface.co/mlc-ai';
const LIB =
  'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/v0_2_80/Llama-3.2-1B-Instruct-q4f32_1-ctx4k_cs1k-webgpu.wasm';
const rec = (id: string, lib = LIB): ModelRecord => ({ model_id: id, model: `${HF}/${id}`, model_lib: lib });
const A = rec('Llama-3.2-1B-Instruct-q4f32_1-MLC');
const B = rec('Llama-3.2-1B-Instruct-q4f32_1-MLC-finetune');
const base = (r: ModelRecord) => `${r.model}/resolve/main/`;

function stored(...records: ModelRecord[]) {
  const c = new MemoryCaches();
  for (const r of records) {
    c.put('webllm/model', `${base(r)}tensor-cache.json`, '{"records":[]}');
    c.put('webllm/model', `${base(r)}params_shard_0.bin`, 'x'.repeat(1000));
    c.put('webllm/model', `${base(r)}tokenizer.json`, '{}');
    c.put('webllm/config', `${base(r)}mlc-chat-config.json`, JSON.stringify({ conv_template: { name: 'llama-3_1' } }));
  }
  c.put('webllm/wasm', LIB, 'w'.repeat(50));
  return c;
}

describe('web-llm cache files', () => {
  it('sizes a partial download (one shard, no complete set) and reports that files exist', async () => {
    const c = new MemoryCaches();
    c.put('webllm/model', `${base(A)}params_shard_0.bin`, 'x'.repeat(700));
    const caches = c as unknown as CacheStorage;
    expect(await cachedModelBytes(caches, A)).toBe(700);
    expect(await hasAnyFiles(caches, A)).toBe(true);
    expect(await hasAnyFiles(caches, B)).toBe(false);
  });

  it('deletes a partial download even without its tensor-cache.json', async () => {
    const c = new MemoryCaches();
    c.put('webllm/model', `${base(A)}params_shard_0.bin`, 'x');
    c.put('webllm/wasm', LIB, 'w');
    await deleteModelFiles(c as unknown as CacheStorage, A, [A]);
    expect(c.urls('webllm/model')).toEqual([]);
    expect(c.urls('webllm/wasm')).toEqual([]);
  });

  it('removes every file under the model URL, the tensor-cache index included, and leaves other models alone', async () => {
    const c = stored(A, B);
    const r = await deleteModelFiles(c as unknown as CacheStorage, A, [A, B]);
    expect(c.urls('webllm/model').every((u) => u.startsWith(base(B)))).toBe(true);
    expect(c.urls('webllm/model')).toHaveLength(3);
    expect(c.urls('webllm/model')).not.toContain(`${base(A)}tensor-cache.json`);
    expect(c.urls('webllm/config')).toEqual([`${base(B)}mlc-chat-config.json`]);
    // B still needs the shared library
    expect(r.keptLibrary).toBe(true);
    expect(c.urls('webllm/wasm')).toEqual([LIB]);
    // deleting the last model that uses it removes it
    expect((await deleteModelFiles(c as unknown as CacheStorage, B, [A, B])).keptLibrary).toBe(false);
    expect(c.urls('webllm/wasm')).toEqual([]);
  });

  it('reads the chat template web-llm stored with the config', async () => {
    expect(await readConvTemplate(stored(A) as unknown as CacheStorage, A)).toEqual({ name: 'llama-3_1' });
    expect(await readConvTemplate(new MemoryCaches() as unknown as CacheStorage, A)).toBeUndefined();
  });
});
