// The web-llm Web Worker: a thin entry that runs WebLLMHost around web-llm's real MLCEngine.
import { CreateMLCEngine } from '@mlc-ai/web-llm';
import { probeGpu, startWebLLMWorker } from './webllm-host-setup';

startWebLLMWorker({
  createEngine: (modelId, opts, chatOpts) => CreateMLCEngine(modelId, opts, chatOpts),
  probeGpu,
});
