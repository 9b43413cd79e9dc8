// Builds a benchmark page with Vite's JS API, serves it on 127.0.0.1 and opens it in headless Debian Chromium.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { build } from 'vite';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { startStaticServer, type StaticServer } from '../test/browser/static-server';
import { SkipBenchmark } from './figures';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // exact (not bucketed) performance.memory figures for the import benchmark
  '--enable-precise-memory-info',
];

export interface BenchPage {
  page: Page;
  cdp: CDPSession;
  server: StaticServer;
  /** uncaught errors and console.error messages of the page */
  errors: string[];
  close(): Promise<void>;
}

/**
 * Build `bench/pages/<name>.html` (and what it imports) with the project's Vite config into a temp folder, serve it
 * and open it; resolves once the page has set `window.__benchReady`. `addFiles` may write more files to serve.
 */
export async function openBenchPage(
  name: string,
  opts: { timeoutMs?: number; addFiles?: (outDir: string) => Promise<void> } = {},
): Promise<BenchPage> {
  if (!existsSync(CHROMIUM)) throw new SkipBenchmark(`Chromium is not installed at ${CHROMIUM}`);
  const outDir = await mkdtemp(join(tmpdir(), `aml-bench-${name}-`));
  const profile = await mkdtemp(join(tmpdir(), `aml-bench-profile-`));
  let context: BrowserContext | undefined;
  let server: StaticServer | undefined;
  try {
    await build({
      configFile: 'vite.config.ts',
      base: '/',
      logLevel: 'error',
      build: { outDir, emptyOutDir: true, rollupOptions: { input: { [name]: `bench/pages/${name}.html` } } },
    });
    await opts.addFiles?.(outDir);
    server = await startStaticServer(outDir, '/');
    // A persistent profile on disk, as a user's browser has: off-the-record contexts keep IndexedDB in memory,
    // which behaves (and performs) differently.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: ARGS,
      viewport: { width: 1600, height: 1000 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.setDefaultTimeout(opts.timeoutMs ?? 600_000);
    await page.goto(`${server.url}bench/pages/${name}.html`);
    await page.waitForFunction(() => (window as { __benchReady?: boolean }).__benchReady === true, undefined, {
      timeout: 60_000,
    });
    const cdp = await context.newCDPSession(page);
    const ctx = context;
    const s = server;
    return {
      page,
      cdp,
      server: s,
      errors,
      async close() {
        await ctx.close();
        await s.close();
        await rm(outDir, { recursive: true, force: true });
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await context?.close();
    await server?.close();
    await rm(outDir, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
    throw e;
  }
}

/**
 * The JS heap in use by a page's workers, through CDP: workers are attached as they start (non-flat sessions, so the
 * page's own session reaches them) and asked for Runtime.getHeapUsage.
 */
async function workerHeaps(cdp: CDPSession): Promise<() => Promise<number>> {
  const sessions = new Set<string>();
  const pending = new Map<number, (usedSize: number) => void>();
  let next = 1_000_000;
  cdp.on('Target.attachedToTarget', (e) => {
    if (e.targetInfo.type === 'worker') sessions.add(e.sessionId);
  });
  cdp.on('Target.detachedFromTarget', (e) => void sessions.delete(e.sessionId ?? ''));
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message) as { id?: number; result?: { usedSize?: number } };
    const done = m.id === undefined ? undefined : pending.get(m.id);
    if (done) {
      pending.delete(m.id!);
      done(m.result?.usedSize ?? 0);
    }
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const one = (sessionId: string): Promise<number> =>
    new Promise<number>((resolve) => {
      const id = ++next;
      pending.set(id, resolve);
      setTimeout(() => pending.delete(id) && resolve(0), 2000);
      cdp
        .send('Target.sendMessageToTarget', {
          sessionId,
          message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }),
        })
        .catch(() => pending.delete(id) && resolve(0));
    });
  return async () => (await Promise.all([...sessions].map(one))).reduce((a, b) => a + b, 0);
}

/**
 * Run `fn` while sampling the JS heap every `everyMs` through CDP, the page's and its workers' together; returns fn's
 * result, the peak of that sum, and the worker share at the peak.
 */
export async function withHeapSampling<T>(
  cdp: CDPSession,
  fn: () => Promise<T>,
  everyMs = 50,
): Promise<{ result: T; peakBytes: number; peakWorkerBytes: number; baselineBytes: number; samples: number }> {
  await cdp.send('Performance.enable');
  const workers = await workerHeaps(cdp);
  const read = async (): Promise<number> => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  };
  const baselineBytes = await read();
  let peakBytes = baselineBytes;
  let peakWorkerBytes = 0;
  let samples = 0;
  let running = true;
  const poll = (async () => {
    while (running) {
      const [heap, usage, inWorkers] = await Promise.all([read(), cdp.send('Runtime.getHeapUsage'), workers()]);
      const total = Math.max(heap, usage.usedSize) + inWorkers;
      if (total > peakBytes) {
        peakBytes = total;
        peakWorkerBytes = inWorkers;
      }
      samples++;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  try {
    const result = await fn();
    return { result, peakBytes, peakWorkerBytes, baselineBytes, samples };
  } finally {
    running = false;
    await poll.catch(() => undefined);
  }
}

type Fn = (...args: never[]) => Promise<unknown>;

/** A typed caller of `window.__bench.<name>(...args)` in the page. */
export function pageApi<A extends { [K in keyof A]: Fn }>(page: Page) {
  return <K extends keyof A & string>(name: K, ...args: Parameters<A[K]>): Promise<Awaited<ReturnType<A[K]>>> =>
    page.evaluate(
      ([n, a]) => {
        const api = (window as { __bench?: unknown }).__bench as Record<string, (...x: unknown[]) => Promise<never>>;
        return api[n](...a);
      },
      [name, args] as [string, unknown[]],
    );
}
