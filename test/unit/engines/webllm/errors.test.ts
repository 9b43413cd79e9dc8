// Error mapping for in-browser models: every failure a user can hit gets a clear kind (fatal where it repeats) and an action.
import { describe, expect, it } from 'vitest';
import { classifyWebLLMError } from '../../../../src/lib/engines/webllm/errors';
import { FATAL } from '../../../../src/lib/runner/outcomes';
import { needsShaderF16 } from '../../../../src/lib/engines/webllm/host';
import { prebuiltAppConfig } from '@mlc-ai/web-llm';

describe('classifyWebLLMError', () => {
  it.each([
    [
      "Unable to find a compatible GPU. This issue might be because your computer doesn't have a GPU, or your system settings are not configured properly.",
      'webgpu-unavailable',
      /Chrome or Edge/,
    ],
    [
      'Cannot initialize runtime because of requested maxBufferSize exceeds limit. requested=256MB, limit=128MB. Consider upgrading your browser.',
      'webgpu-unavailable',
      /driver|stronger GPU/,
    ],
    [
      'Cannot initialize runtime because of requested maxComputeWorkgroupStorageSize exceeds limit. requested=32768, limit=16384.',
      'webgpu-unavailable',
      /driver|stronger GPU/,
    ],
    [
      "Error while parsing WGSL: :3:9 error: f16 type used without 'f16' extension enabled",
      'webgpu-unavailable',
      /q4f32/,
    ],
    ['GPUPipelineError: Invalid ShaderModule: enable f16; is not allowed', 'webgpu-unavailable', /q4f32/],
    [
      'This model requires WebGPU extension shader-f16, which is not enabled in this browser.',
      'webgpu-unavailable',
      /q4f32/,
    ],
    [
      'Cannot find model record in appConfig for My-Model-q4f32_1-MLC. Please check if the model ID is correct and included in the model_list configuration.',
      'model-not-found',
      /add the custom model again/i,
    ],
    ['Device was lost', 'device-lost', /Reload/],
    ['Failed to allocate buffer', 'out-of-memory', /smaller model/],
  ])('%s → %s', (message, kind, action) => {
    const e = classifyWebLLMError(new Error(message));
    expect(e.kind).toBe(kind);
    expect(e.action).toMatch(action);
    expect(FATAL.has(e.kind)).toBe(true);
  });

  it('does not take an f16 model id in an unrelated message for a shader failure', () => {
    expect(classifyWebLLMError(new Error('Something odd with Llama-3.2-1B-Instruct-q4f16_1-MLC')).kind).toBe('unknown');
  });
});

describe('needsShaderF16 over web-llm’s own model list', () => {
  const list = prebuiltAppConfig.model_list;
  it('flags every f16 build, including records without required_features, and no f32 build', () => {
    const f16 = list.filter((r) => /-q\d+f16_\d-MLC/.test(r.model_id));
    const f32 = list.filter((r) => /-q\d+f32_\d-MLC/.test(r.model_id));
    expect(f16.some((r) => !r.required_features?.includes('shader-f16'))).toBe(true); // why the id is read too
    expect(f16.filter((r) => !needsShaderF16(r)).map((r) => r.model_id)).toEqual([]);
    expect(f32.filter((r) => needsShaderF16(r)).map((r) => r.model_id)).toEqual([]);
  });
});
