// Wires WebLLMHost to this worker: the Cache API helpers, web-llm's model list and cache check, and the given engine factory.
import { hasModelInCache, prebuiltAppConfig } from '@mlc-ai/web-llm';
import { WebLLMHost, type HostDeps } from '../lib/engines/webllm/host';
import { cachedModelBytes, deleteModelFiles, hasAnyFiles, readConvTemplate } from '../lib/engines/webllm/cache-size';
import type { FromWorker, ToWorker, WorkerGpuProbe } from './messages';

/** WebGPU as this worker sees it (the adapter web-llm will use). */
export async function probeGpu(): Promise<WorkerGpuProbe> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return { available: false, reason: 'navigator.gpu is missing in the worker', shaderF16: false };
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
  if (!adapter) return { available: false, reason: 'no WebGPU adapter was granted', shaderF16: false };
  return {
    available: true,
    shaderF16: adapter.features.has('shader-f16'),
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    maxBufferSize: adapter.limits.maxBufferSize,
  };
}

/** Start answering the page's messages with a host around `engine` (web-llm's CreateMLCEngine in production). */
export function startWebLLMWorker(engine: Pick<HostDeps, 'createEngine' | 'probeGpu'>): WebLLMHost {
  const scope = self as unknown as DedicatedWorkerGlobalScope;
  const base = location.origin;
  const host = new WebLLMHost(
    {
      ...engine,
      modelList: () => prebuiltAppConfig.model_list,
      hasModelInCache: (id, appConfig) => hasModelInCache(id, appConfig),
      cacheFiles: async (record) => ({
        bytes: await cachedModelBytes(caches, record, base),
        any: await hasAnyFiles(caches, record, base),
      }),
      deleteModelFiles: (record, others) => deleteModelFiles(caches, record, others, base),
      convTemplate: (record) => readConvTemplate(caches, record, base),
    },
    (msg: FromWorker) => scope.postMessage(msg),
  );
  scope.addEventListener('message', (e: MessageEvent<ToWorker>) => {
    void host.handle(e.data);
  });
  return host;
}
