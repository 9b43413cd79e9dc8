// In-browser models end to end without weights: the real worker, host, client and UI in Chromium, with a stand-in for
// web-llm's engine swapped into a test-only build of the worker (test/browser/standin/). Delete while loaded, pause
// during an automatic load, failed loads, custom records across reloads, context re-planning, pinned sampling,
// Gemma's system prompt, <think> opened by the template, partial downloads and shared libraries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type Plugin } from 'vite';
import type { Browser, Page } from 'playwright-core';
import { BASE_PATH } from './global-setup';
import { launchBrowser, screenshot } from './harness';
import { startStaticServer, type StaticServer } from './static-server';

const WORKER_ENTRY = resolve('src/workers/webllm.worker.ts');
const STANDIN_ENTRY = resolve('test/browser/standin/webllm-standin.worker.ts');

/** Test build only: the worker bundle's entry becomes the stand-in entry (production never sees this plugin). */
function standinWorker(): Plugin {
  return {
    name: 'aml-test-webllm-standin',
    enforce: 'pre',
    load(id) {
      if (id.split('?')[0] === WORKER_ENTRY) return `import ${JSON.stringify(STANDIN_ENTRY)};`;
    },
  };
}

let outDir: string;
let server: StaticServer;
let browser: Browser;
beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'aml-standin-'));
  await build({
    configFile: 'vite.config.ts',
    base: BASE_PATH,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
    worker: { format: 'es', plugins: () => [standinWorker()] },
  });
  server = await startStaticServer(outDir, BASE_PATH);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

type StandinEvent = { event: string; modelId?: string; chatOpts?: { context_window_size?: number } } & Record<
  string,
  unknown
>;

/** Open a page that records what the stand-in engine reports. */
async function open(hash: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __standin: unknown[] };
    w.__standin = [];
    new BroadcastChannel('webllm-standin').onmessage = (e) => w.__standin.push(e.data);
  });
  await page.goto(server.url + hash);
  return page;
}
const events = (page: Page) => page.evaluate(() => (window as unknown as { __standin: StandinEvent[] }).__standin);
const named = async (page: Page, name: string) => (await events(page)).filter((e) => e.event === name);

async function configure(page: Page, cfg: Record<string, unknown>) {
  await page.evaluate(async (cfg) => {
    const c = await caches.open('standin');
    await c.put(new URL('/__standin__/config', location.origin).href, new Response(JSON.stringify(cfg)));
  }, cfg);
}

/** URLs stored in one web-llm cache scope. */
const cachedUrls = (page: Page, scope: string) =>
  page.evaluate(async (scope) => (await (await caches.open(scope)).keys()).map((r) => r.url), scope);

const QWEN = 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC';
const webllmConfig = (model: string) => ({
  id: `webllm:${model}`,
  label: `In-browser · ${model}`,
  descriptor: { kind: 'webllm', provider: 'webllm', model },
  concurrency: 1,
});

async function seed(page: Page, engines: object[], custom: object[] = []) {
  await page.evaluate(
    ([engines, custom]) => {
      localStorage.setItem('aml:engine-configs:v1', JSON.stringify(engines));
      if (custom.length) localStorage.setItem('aml:webllm-custom-models:v1', JSON.stringify(custom));
    },
    [engines, custom] as const,
  );
  await page.reload(); // the app reads them at start
}

async function startRun(page: Page, n: number, maxTokens?: number): Promise<string> {
  await page.goto(`${server.url}#/experiment`);
  await page.getByTestId('preset').selectOption('fig7');
  await page.getByTestId('samples').fill(String(n));
  if (maxTokens) await page.getByTestId('max-tokens').fill(String(maxTokens));
  await page.getByTestId('engine-option').check();
  await page.getByTestId('start-run').click();
  await page.waitForURL(/#\/run\//);
  return decodeURIComponent(page.url().split('#/run/')[1]);
}

const status = (page: Page) => page.getByTestId('run-status').textContent();

function storedRun(page: Page, runId: string) {
  return page.evaluate(
    (runId) =>
      new Promise<{ status: string; engineSetup?: Record<string, unknown> }>((resolve, reject) => {
        const req = indexedDB.open('aml-results');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const get = req.result.transaction('runs').objectStore('runs').get(runId);
          get.onsuccess = () => {
            resolve(get.result);
            req.result.close();
          };
        };
      }),
    runId,
  );
}

describe('in-browser models through the real worker (stand-in engine)', () => {
  it('re-plans the context at run start, pins sampling, shows automatic load progress and cut answers; survives deleting the loaded model', async () => {
    const page = await open('#/setup');
    await seed(page, [webllmConfig(QWEN)]);
    await configure(page, { loadMs: 1500, finish: 'length' });
    const runId = await startRun(page, 2, 6000);
    // the automatic load at run start shows its progress in the run view
    await expect.poll(() => page.getByTestId('webllm-progress').isVisible(), { timeout: 20_000 }).toBe(true);
    await expect
      .poll(() => page.getByTestId('webllm-progress').textContent())
      .toMatch(/Loading Qwen2\.5-0\.5B.*Fetching param cache\[\d\/4\]/);
    await expect.poll(() => status(page), { timeout: 30_000 }).toBe('done');
    expect(await page.getByTestId('count-done').textContent()).toBe('2');
    expect(await page.getByTestId('run-cut').textContent()).toMatch(/2 answer\(s\) cut at max length \(6000 tokens\)/);

    const [load] = await named(page, 'load-start');
    const window = load.chatOpts?.context_window_size ?? 0;
    expect(window).toBeGreaterThan(6000); // the prompt plus 6,000 output tokens does not fit the 4,096 default
    const gens = await named(page, 'generate');
    expect(gens).toHaveLength(2);
    for (const g of gens)
      expect(g).toMatchObject({
        top_p: 1,
        presence_penalty: 0,
        frequency_penalty: 0,
        repetition_penalty: 1,
        max_tokens: 6000,
      });
    const run = await storedRun(page, runId);
    expect(run.engineSetup).toMatchObject({
      contextWindow: window,
      sampling: { top_p: 1, presence_penalty: 0, frequency_penalty: 0, repetition_penalty: 1 },
      systemPrompt: 'system-role',
    });
    expect(await page.getByTestId('run-engine-setup').textContent()).toMatch(
      new RegExp(
        `top_p 1 · presence penalty 0 · frequency penalty 0 · repetition penalty 1 \\(pinned defaults\\).*context window ${window.toLocaleString('en-US')} tokens`,
      ),
    );
    await screenshot(page, 'webllm-standin-run');

    // delete the loaded model under "Stored models": the next run reloads it instead of failing every sample
    await page.goto(`${server.url}#/setup`);
    await page.getByTestId('webllm-start').click();
    const row = page.getByTestId('cached-models').locator('li', { hasText: QWEN });
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    await row.getByTestId('cached-delete').click();
    await expect.poll(() => row.count()).toBe(0);
    expect((await cachedUrls(page, 'webllm/model')).filter((u) => u.includes('Qwen2.5-0.5B'))).toEqual([]);
    await configure(page, { loadMs: 200 });
    await startRun(page, 1);
    await expect.poll(() => status(page), { timeout: 30_000 }).toBe('done');
    expect(await page.getByTestId('count-done').textContent()).toBe('1');
    expect(await page.getByTestId('count-failed').textContent()).toBe('0');
    expect(await named(page, 'load-start')).toHaveLength(2);
    // after a reload the cut count comes from storage, and the results view counts the cut answers too
    await page.goto(`${server.url}#/run/${encodeURIComponent(runId)}`);
    await page.reload();
    await expect
      .poll(() => page.getByTestId('run-cut').textContent(), { timeout: 20_000 })
      .toMatch(/^2 answer\(s\) cut at max length/);
    await page.goto(`${server.url}#/results`);
    await expect
      .poll(() => page.getByTestId('results-cut').textContent(), { timeout: 20_000 })
      .toMatch(/^2 of the selected answers were cut at max length/);
    await page.context().close();
  });

  it('sampling set in the experiment form is sent to the model, recorded on the run and shown in the run view', async () => {
    const page = await open('#/setup');
    await seed(page, [webllmConfig(QWEN)]);
    await configure(page, { loadMs: 100 });
    await page.goto(`${server.url}#/experiment`);
    await page.getByText('Sampling for in-browser models (top_p, penalties)').click();
    await page.getByTestId('sampling-topP').fill('0.9');
    await page.getByTestId('sampling-repetitionPenalty').fill('1.1');
    const runId = await startRun(page, 1);
    await expect.poll(() => status(page), { timeout: 30_000 }).toBe('done');
    const [g] = await named(page, 'generate');
    expect(g).toMatchObject({ top_p: 0.9, repetition_penalty: 1.1, presence_penalty: 0, frequency_penalty: 0 });
    const run = (await storedRun(page, runId)) as { params?: Record<string, unknown>; engineSetup?: object };
    expect(run.params).toMatchObject({ topP: 0.9, repetitionPenalty: 1.1 });
    expect(run.params).not.toHaveProperty('presencePenalty');
    expect(run.engineSetup).toMatchObject({
      sampling: { top_p: 0.9, presence_penalty: 0, frequency_penalty: 0, repetition_penalty: 1.1 },
    });
    await expect
      .poll(() => page.getByTestId('run-engine-setup').textContent())
      .toMatch(
        /top_p 0\.9 · presence penalty 0 · frequency penalty 0 · repetition penalty 1\.1 \(set by the experiment\)/,
      );
    // a value web-llm would reject keeps the run from starting, with the range
    await page.goto(`${server.url}#/experiment`);
    await page.getByText('Sampling for in-browser models (top_p, penalties)').click();
    await page.getByTestId('sampling-topP').fill('1.5');
    await page.getByTestId('start-run').click();
    await expect.poll(() => page.getByText('top_p must be above 0 and at most 1.').count()).toBe(1);
    await page.context().close();
  });

  it('a custom model added in Setup is still known after a reload; a model whose record is gone stops the run (model-not-found)', async () => {
    const page = await open('#/setup');
    await configure(page, { loadMs: 100 });
    const id = 'Standin-Custom-1B-q4f32_1-MLC';
    await page.getByTestId('webllm-start').click();
    await page.getByText('Add a custom MLC model by URL').click();
    await page.getByTestId('custom-model-id').fill(id);
    await page.getByTestId('custom-model-url').fill('https://models.standin.test/custom/');
    await page.getByTestId('custom-model-lib').fill('https://models.standin.test/libs/custom.wasm');
    await page.getByTestId('custom-model-context').fill('32768');
    await page.getByRole('button', { name: 'Use this model' }).click();
    await page.getByTestId('webllm-load').click();
    await expect.poll(() => page.getByTestId('webllm-loaded').isVisible(), { timeout: 30_000 }).toBe(true);
    // the picker saves the engine config once the load has finished (after the stored-model list is refreshed)
    await expect
      .poll(() => page.evaluate(() => localStorage.getItem('aml:engine-configs:v1') ?? ''), { timeout: 20_000 })
      .toContain(id);
    await page.reload(); // the record must come back from this browser's storage, not from memory
    await startRun(page, 1);
    await expect.poll(() => status(page), { timeout: 30_000 }).toBe('done');
    expect(await page.getByTestId('count-failed').textContent()).toBe('0');
    // (the page's event log starts again at the reload: this is the run's own load)
    expect((await named(page, 'load-start')).map((e) => e.modelId)).toEqual([id]);
    // the record is lost (storage cleared by hand): the run stops at once with what to do, instead of failing every sample
    await page.evaluate(() => localStorage.removeItem('aml:webllm-custom-models:v1'));
    await page.reload();
    const gens = (await named(page, 'generate')).length;
    await startRun(page, 3);
    await expect.poll(() => status(page), { timeout: 30_000 }).toBe('error');
    expect(await page.locator('.message[role=alert]').textContent()).toMatch(
      /not in the model list this page knows.*add the custom model again/,
    );
    expect(Number(await page.getByTestId('count-failed').textContent())).toBeLessThanOrEqual(1);
    expect(await named(page, 'generate')).toHaveLength(gens);
    await page.context().close();
  });

  it('an f16 build without shader-f16 (a record without required_features) stops the run before loading, naming the q4f32 build', async () => {
    const page = await open('#/setup');
    const f16 = 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC';
    await seed(page, [webllmConfig(f16)]);
    await configure(page, { loadMs: 100, shaderF16: false });
    await startRun(page, 2);
    await expect.poll(() => status(page), { timeout: 30_000 }).toBe('error');
    expect(await page.locator('.message[role=alert]').textContent()).toMatch(/shader-f16.*Pick the q4f32 build/);
    expect(await named(page, 'load-start')).toHaveLength(0);
    expect(await named(page, 'generate')).toHaveLength(0);
    await page.context().close();
  });

  it('Load pressed before the scenario pack has arrived waits for it and sizes the context from the longest prompt', async () => {
    const page = await open('#/setup');
    await configure(page, { loadMs: 100 });
    let held = 0;
    await page.route('**/*bundled-files*', async (route) => {
      held++;
      await new Promise((r) => setTimeout(r, 4000)); // the pack's chunk arrives late
      await route.continue();
    });
    await page.getByTestId('webllm-start').click();
    await page.getByTestId('webllm-model').selectOption(QWEN);
    await page.getByTestId('webllm-load').click();
    await expect.poll(() => page.getByTestId('webllm-loaded').isVisible(), { timeout: 30_000 }).toBe(true);
    expect(held).toBeGreaterThan(0);
    const [load] = await named(page, 'load-start');
    // the longest prompt plus the default 4,000 output tokens does not fit Qwen's 4,096 default window
    expect(load.chatOpts?.context_window_size ?? 0).toBeGreaterThan(4096);
    await page.context().close();
  });

  it('Pause during an automatic load stops it: no hidden generation, and Resume loads in a fresh worker', async () => {
    const page = await open('#/setup');
    await seed(page, [webllmConfig(QWEN)]);
    await configure(page, { loadMs: 3000 });
    await startRun(page, 1);
    await expect.poll(() => page.getByTestId('webllm-progress').isVisible(), { timeout: 20_000 }).toBe(true);
    await page.getByTestId('pause').click();
    await expect.poll(() => status(page), { timeout: 10_000 }).toBe('paused');
    await page.waitForTimeout(3500); // past the end of the stopped load
    expect(await named(page, 'load-done')).toHaveLength(0);
    expect(await named(page, 'generate')).toHaveLength(0);
    expect(await named(page, 'worker-start')).toHaveLength(1);
    await configure(page, { loadMs: 200 });
    await page.getByTestId('resume').click();
    await expect.poll(() => status(page), { timeout: 30_000 }).toBe('done');
    expect(await named(page, 'generate')).toHaveLength(1);
    expect(await named(page, 'worker-start')).toHaveLength(2);
    await page.context().close();
  });

  it('a failed load stops the run with a clear fatal error and the next load runs in a fresh worker', async () => {
    const page = await open('#/setup');
    await seed(page, [webllmConfig(QWEN)]);
    await configure(page, {
      loadMs: 100,
      failLoad: "Unable to find a compatible GPU. This issue might be because your computer doesn't have a GPU.",
    });
    await startRun(page, 3);
    await expect.poll(() => status(page), { timeout: 30_000 }).toBe('error');
    const alert = page.locator('.message[role=alert]');
    expect(await alert.textContent()).toMatch(/WebGPU is not available.*Chrome or Edge/);
    expect(await named(page, 'generate')).toHaveLength(0);
    await configure(page, { loadMs: 100 });
    await page.getByTestId('resume').click();
    await expect.poll(() => status(page), { timeout: 30_000 }).toBe('done');
    expect(await named(page, 'worker-start')).toHaveLength(2);
    await page.context().close();
  });

  it('a custom Gemma-style model survives a reload: its record persists, the system prompt joins the user turn, <think> opened by the template streams as reasoning', async () => {
    const custom = {
      model_id: 'Standin-Gemma-2B-it-q4f32_1-MLC',
      model: 'https://models.standin.test/gemma/',
      model_lib: 'https://models.standin.test/libs/gemma-q4f32.wasm',
      overrides: { context_window_size: 32768 },
    };
    const page = await open('#/setup');
    await seed(page, [webllmConfig(custom.model_id)], [custom]);
    await configure(page, {
      loadMs: 100,
      pieceMs: 150,
      pieces: ['Weighing ', 'the ', 'replacement', '…</think>', '\n\nI will ', 'write ', 'to Kyle.'],
      convTemplate: {
        name: 'gemma_instruction',
        system_template: '<bos>{system_message}',
        roles: { user: '<start_of_turn>user', assistant: '<start_of_turn>model\n<think>' },
        role_empty_sep: '\n',
      },
    });
    const runId = await startRun(page, 1);
    const stream = page.getByTestId('stream-text');
    await expect.poll(() => page.getByText(/^Reasoning \(\d+ characters\)$/).count(), { timeout: 20_000 }).toBe(1);
    expect(await stream.textContent()).not.toContain('Weighing');
    await expect.poll(() => status(page), { timeout: 30_000 }).toBe('done');
    const [g] = await named(page, 'generate');
    const messages = g.messages as { role: string; content: string }[];
    expect(messages.map((m) => m.role)).toEqual(['user']);
    expect(messages[0].content).toMatch(/^You are [\s\S]+\n\n[\s\S]+/);
    expect((await storedRun(page, runId)).engineSetup).toMatchObject({
      systemPrompt: 'merged-into-user',
      template: 'gemma_instruction',
    });
    await page.context().close();
  });

  it('lists a partial download, deletes it, and keeps a wasm library another stored model needs', async () => {
    const page = await open('#/setup');
    const shared = 'https://models.standin.test/libs/shared.wasm';
    const a = { model_id: 'Standin-A-1B-q4f32_1-MLC', model: 'https://models.standin.test/a/', model_lib: shared };
    const b = { model_id: 'Standin-B-1B-q4f32_1-MLC', model: 'https://models.standin.test/b/', model_lib: shared };
    await seed(page, [], [a, b]);
    await configure(page, { loadMs: 100 });
    // model A: a download that stopped after one shard; model B: complete
    await page.evaluate(async () => {
      const put = async (scope: string, url: string) =>
        (await caches.open(scope)).put(url, new Response('x'.repeat(2048), { headers: { 'content-length': '2048' } }));
      await put('webllm/model', 'https://models.standin.test/a/resolve/main/params_shard_0.bin');
      await put('webllm/wasm', 'https://models.standin.test/libs/shared.wasm');
    });
    await page.getByTestId('webllm-start').click();
    await page.getByText('Add a custom MLC model by URL').click();
    await page.getByTestId('custom-model-id').fill(b.model_id);
    await page.getByTestId('custom-model-url').fill(b.model);
    await page.getByTestId('custom-model-lib').fill(b.model_lib);
    await page.getByTestId('custom-model-context').fill('32768');
    await page.getByRole('button', { name: 'Use this model' }).click();
    await page.getByTestId('webllm-load').click();
    await expect.poll(() => page.getByTestId('webllm-loaded').isVisible(), { timeout: 30_000 }).toBe(true);
    const rowA = page.getByTestId('cached-models').locator('li', { hasText: a.model_id });
    await expect.poll(() => rowA.count(), { timeout: 10_000 }).toBe(1);
    expect(await rowA.textContent()).toMatch(/partial download/);
    await screenshot(page, 'webllm-standin-stored-models');
    await rowA.getByTestId('cached-delete').click();
    await expect.poll(() => rowA.count()).toBe(0);
    expect((await cachedUrls(page, 'webllm/model')).filter((u) => u.includes('/a/'))).toEqual([]);
    expect(await cachedUrls(page, 'webllm/wasm')).toContain(shared); // B still needs it
    const rowB = page.getByTestId('cached-models').locator('li', { hasText: b.model_id });
    await rowB.getByTestId('cached-delete').click();
    await expect.poll(() => rowB.count()).toBe(0);
    // B was the loaded model: the page no longer claims it is loaded, and its index and library are gone
    expect(await page.getByTestId('webllm-loaded').count()).toBe(0);
    expect(await cachedUrls(page, 'webllm/model')).toEqual([]);
    expect(await cachedUrls(page, 'webllm/wasm')).toEqual([]);
    await page.context().close();
  });
});
