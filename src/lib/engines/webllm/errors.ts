// Turns web-llm / WebGPU / storage failures into engine error kinds with a message that says what to do next.
import type { EngineErrorKind } from '../../core/types';

export interface ClassifiedError {
  kind: EngineErrorKind;
  message: string;
  action: string;
}

const RULES: [RegExp, EngineErrorKind, string, string][] = [
  [
    /Cannot find model record in appConfig|ModelNotFoundError/,
    'model-not-found',
    'This in-browser model is not in the model list this page knows (a custom model whose record was lost, or a model removed from web-llm).',
    'On the Setup page add the custom model again (same id, weights URL and library URL) or pick another model, then resume the run.',
  ],
  [
    /Unable to find a compatible GPU|WebGPU is not supported|Cannot find WebGPU|navigator\.gpu|No adapter|requestAdapter/i,
    'webgpu-unavailable',
    'WebGPU is not available in this browser, so in-browser models cannot run.',
    'Use a recent Chrome or Edge (113+) with hardware acceleration on, or choose an API model.',
  ],
  [
    /exceeds limit|maxStorageBufferBindingSize|maxBufferSize|maxComputeWorkgroupStorageSize|maxStorageBuffersPerShaderStage/i,
    'webgpu-unavailable',
    "This GPU's WebGPU limits are below what the in-browser model runtime needs.",
    'Update the browser and GPU driver, use a machine with a stronger GPU, or choose an API model.',
  ],
  [
    /shader-f16|\bf16\b[\s\S]*(?:shader|WGSL|enable|extension|pipeline)|(?:ShaderModule|WGSL|createComputePipeline|GPUPipelineError)[\s\S]*\bf16\b/i,
    'webgpu-unavailable',
    'This model build needs 16-bit shaders (shader-f16), which this GPU/browser does not offer.',
    'Pick the q4f32 build of the same model.',
  ],
  [
    /out of memory|OutOfMemory|\bOOM\b|Failed to allocate|allocation failed/i,
    'out-of-memory',
    'The GPU ran out of memory loading or running the model.',
    'Choose a smaller model or a shorter context, close other GPU-heavy tabs, then reload the page.',
  ],
  [
    /device was lost|Device is lost|DeviceLost|device lost|Model not loaded before|not loaded with a model/i,
    'device-lost',
    'The GPU device was lost (often out of memory, or a driver reset).',
    'Reload the page and try a smaller model or a shorter context window.',
  ],
  [
    /QuotaExceeded|quota/i,
    'quota',
    'The browser refused to store the model: storage quota exceeded.',
    'Delete cached models you no longer need, free disk space, or allow persistent storage, then retry.',
  ],
  [
    /Prompt tokens exceed context window|context window size|ContextWindowSizeExceeded/i,
    'context-length',
    'The prompt is longer than the context window the model was loaded with.',
    'Reload the model with a larger context window (the picker raises it to fit the longest prompt) or pick a model with a longer context.',
  ],
  [
    /Failed to fetch|NetworkError|network error|Cannot fetch|Failed to store|Request failed|Network response was not ok|Cache\.add|status(?: code)? 40\d|\b404\b/i,
    'download-failed',
    'Downloading the model files failed.',
    'Check your connection (and that huggingface.co is reachable from this network), then retry; finished files are kept.',
  ],
];

/** Classify anything a web-llm call threw. The original text is kept after the explanation. */
export function classifyWebLLMError(e: unknown): ClassifiedError {
  const raw = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  for (const [re, kind, message, action] of RULES) {
    if (re.test(raw)) return { kind, message: `${message} (${raw.slice(0, 300)})`, action };
  }
  return {
    kind: 'unknown',
    message: `The in-browser model failed: ${raw.slice(0, 300)}`,
    action: 'Reload the page and try again; if it repeats, try another model.',
  };
}
