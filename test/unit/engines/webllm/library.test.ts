// What our in-browser model code assumes about @mlc-ai/web-llm, read from the installed library, so an upgrade that
// changes any of it fails here first.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CACHE_SCOPES, modelBaseUrl } from '../../../../src/lib/engines/webllm/cache-size';

const DIR = 'node_modules/@mlc-ai/web-llm';
const src = readFileSync(`${DIR}/lib/index.js`, 'utf8');
const types = readFileSync(`${DIR}/lib/types.d.ts`, 'utf8');
const chatTypes = readFileSync(`${DIR}/lib/openai_api_protocols/chat_completion.d.ts`, 'utf8');
const configTypes = readFileSync(`${DIR}/lib/config.d.ts`, 'utf8');
const version = (JSON.parse(readFileSync(`${DIR}/package.json`, 'utf8')) as { version: string }).version;

/** The source of a top-level function or method, from its header to the next line at the same indent closing it. */
function body(header: string): string {
  const at = src.indexOf(header);
  expect(at, `"${header}" is in web-llm ${version}`).toBeGreaterThan(-1);
  const lineStart = src.lastIndexOf('\n', at) + 1;
  const indent = /^[ \t]*/.exec(src.slice(lineStart))![0];
  const end = src.indexOf(`\n${indent}}`, at);
  return src.slice(at, end + indent.length + 2);
}

describe(`web-llm ${version} behaviour the adapter relies on`, () => {
  it('stores a model in the Cache API scopes we size and delete', () => {
    expect(body('function hasModelInCache(')).toContain(`getTensorCacheAccessOptions("${CACHE_SCOPES.model}"`);
    expect(body('function deleteChatConfigInCache(')).toContain(`createScopedArtifactCache("${CACHE_SCOPES.config}"`);
    expect(body('function deleteModelWasmInCache(')).toContain(`createScopedArtifactCache("${CACHE_SCOPES.wasm}"`);
    expect(body('function deleteChatConfigInCache(')).toContain('new URL("mlc-chat-config.json", modelUrl)');
    expect(src).toContain('const TENSOR_CACHE_MANIFEST_FILENAME = "tensor-cache.json";');
  });

  it('normalises model URLs the way modelBaseUrl does', () => {
    const fn = new Function(`${body('function cleanModelUrl(')}; return cleanModelUrl;`)() as (u: string) => string;
    for (const u of [
      'https://huggingface.co/mlc-ai/Llama-3.2-1B-Instruct-q4f32_1-MLC',
      'https://huggingface.co/mlc-ai/X/',
      'https://example.org/models/x/resolve/v2/',
    ])
      expect(modelBaseUrl(u)).toBe(fn(u));
  });

  it('deletes weight shards but keeps the tensor-cache.json index (so we delete files ourselves)', () => {
    const del = body('function deleteTensorCache(');
    expect(del).toContain('new URL("tensor-cache.json", cacheUrl)');
    expect(del).toContain('deleteInCache(dataUrl)');
    expect(del).not.toContain('deleteInCache(jsonUrl)');
  });

  it('clears the interrupt flag when a streamed request starts, so an early interrupt must be raised again', () => {
    const gen = body('    asyncGenerate(');
    const reset = gen.indexOf('this.interruptSignal = false;');
    expect(reset).toBeGreaterThan(-1);
    expect(reset).toBeLessThan(gen.indexOf('this.prefill('));
    expect(body('    interruptGenerate(')).toContain('this.interruptSignal = true;');
  });

  it('returns normally from reload() when unload() aborts it (a cancelled load is not an error)', () => {
    const reload = body('    reload(modelId, chatOpts)');
    expect(reload).toContain('error.name === "AbortError"');
    expect(reload).toMatch(/Reload\(\) is aborted[\s\S]*?return;/);
    expect(body('    unload()')).toContain('this.reloadController.abort(');
  });

  it('starts each request whose messages differ from the last conversation from a reset chat (independent samples)', () => {
    const prep = body('    preparePrefillInput(');
    expect(prep).toMatch(/!compareConversationObject\(oldConv, newConv\)\) \{[\s\S]*?pipeline\.resetChat\(\);/);
  });

  it('takes top_p and penalties from the request, else from the model config (why we pin them)', () => {
    expect(src).toContain('let top_p = this.config.top_p;');
    expect(src).toContain('let repetition_penalty = this.config.repetition_penalty;');
    for (const f of ['top_p', 'presence_penalty', 'frequency_penalty', 'repetition_penalty'])
      expect(body('    chatCompletion(request)')).toContain(`${f}: request.${f},`);
  });

  it('accepts top_p, the three penalties and seed on each chat request (what we pin per request)', () => {
    for (const f of ['top_p', 'presence_penalty', 'frequency_penalty', 'repetition_penalty', 'seed'])
      expect(chatTypes).toMatch(new RegExp(`\\n\\s+${f}\\?: number \\| null;`));
  });

  it('renders the system prompt through system_template and the reply header as role string + role_empty_sep (what template.ts reads)', () => {
    expect(body('    getSystemPrompt()')).toContain('this.config.system_template.replace(MessagePlaceholders.system');
    expect(body('    getPromptArrayInternal(')).toContain('ret.push(role_str + empty_sep);');
    for (const f of ['system_template: string;', 'role_empty_sep?: string;', 'roles: Record<Role, string>;'])
      expect(configTypes).toContain(f);
  });

  it('keeps the engine interface the host uses', () => {
    expect(types).toMatch(
      /reload: \(modelId: string \| string\[\], chatOpts\?: ChatOptions \| ChatOptions\[\]\) => Promise<void>;/,
    );
    expect(types).toMatch(/interruptGenerate: \(\) => void;/);
    expect(types).toMatch(/unload: \(\) => Promise<void>;/);
  });

  it('says "Unable to find a compatible GPU" and names shader-f16 as the errors we map', () => {
    expect(src).toContain('Unable to find a compatible GPU.');
    expect(src).toContain('This model requires WebGPU extension shader-f16');
    expect(src).toContain('Cannot find model record in appConfig for ${modelId}.');
  });
});
