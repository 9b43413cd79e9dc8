// Bundle benchmark: builds the site with the project's Vite config and reports gzipped JavaScript by first view and lazy chunk.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import type { Figure } from './figures';

/** Vite's `.vite/manifest.json`: one entry per chunk, keyed by source path (or a generated name). */
type Manifest = Record<
  string,
  {
    file: string;
    name?: string;
    src?: string;
    isEntry?: boolean;
    isDynamicEntry?: boolean;
    imports?: string[];
    css?: string[];
  }
>;

interface ChunkInfo {
  fileName: string;
  name: string;
  /** rendered bytes per module id */
  modules: Record<string, { renderedLength: number }>;
}

const KB = 1024;

export function gzipKb(buf: Buffer | string): number {
  return gzipSync(buf).length / KB;
}

/** Which part of the app a module belongs to, so lazy chunks are reported by what they carry. */
export function categoryOf(moduleId: string): string {
  const id = moduleId.replace(/\\/g, '/');
  if (id.includes('/@mlc-ai/web-llm/')) return 'web-llm';
  if (/\/node_modules\/(d3|d3-[a-z-]+|internmap|delaunator|robust-predicates)\//.test(id)) return 'd3';
  if (id.includes('/src/components/charts/')) return 'charts';
  if (id.includes('/scenarios/') || id.includes('/src/lib/core/scenario/')) return 'scenario-pack';
  if (id.includes('/node_modules/svelte/')) return 'svelte';
  if (id.includes('/node_modules/idb/')) return 'idb';
  if (id.includes('/node_modules/fflate/')) return 'fflate';
  if (id.includes('/src/lib/engines/')) return 'engines';
  if (id.includes('/src/lib/runner/')) return 'runner';
  if (id.includes('/src/lib/core/classify/')) return 'classifier';
  if (id.includes('/src/components/')) return 'components';
  if (id.includes('/src/')) return 'app';
  return 'other';
}

/** The category holding most of a chunk's rendered bytes. */
function mainCategory(chunk: ChunkInfo): string {
  const bytes = new Map<string, number>();
  for (const [id, m] of Object.entries(chunk.modules)) {
    const c = categoryOf(id);
    bytes.set(c, (bytes.get(c) ?? 0) + m.renderedLength);
  }
  let best = 'other';
  let most = -1;
  for (const [c, b] of bytes) if (b > most) [best, most] = [c, b];
  return best;
}

/**
 * The entry chunk plus everything it imports statically, transitively, and with `view` (a manifest key) that lazy
 * view's chunk and its static imports: what the browser loads before the first paint of that view.
 */
export function firstViewFiles(manifest: Manifest, view?: string): { js: string[]; css: string[] } {
  const entries = Object.keys(manifest).filter((k) => manifest[k].isEntry);
  if (!entries.length) throw new Error('Vite manifest has no entry chunk.');
  if (view) entries.push(view);
  const seen = new Set<string>();
  const visit = (key: string): void => {
    if (seen.has(key) || !manifest[key]) return;
    seen.add(key);
    for (const i of manifest[key].imports ?? []) visit(i);
  };
  entries.forEach(visit);
  const js = [...seen].map((k) => manifest[k].file);
  const css = [...new Set([...seen].flatMap((k) => manifest[k].css ?? []))];
  return { js, css };
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(p)));
    else out.push(p);
  }
  return out;
}

function chunksOf(result: unknown): ChunkInfo[] {
  const outputs = (Array.isArray(result) ? result : [result]) as { output?: unknown[] }[];
  const chunks: ChunkInfo[] = [];
  for (const o of outputs)
    for (const item of o.output ?? []) {
      const c = item as { type?: string; fileName: string; name: string; modules?: ChunkInfo['modules'] };
      if (c.type === 'chunk') chunks.push({ fileName: c.fileName, name: c.name, modules: c.modules ?? {} });
    }
  return chunks;
}

export async function benchBundle(report: (f: Figure) => void): Promise<void> {
  const outDir = await mkdtemp(join(tmpdir(), 'aml-bench-bundle-'));
  try {
    const started = performance.now();
    const result = await build({
      configFile: 'vite.config.ts',
      logLevel: 'error',
      build: { outDir, emptyOutDir: true, manifest: true },
    });
    report({ name: 'bundle.build_time', value: (performance.now() - started) / 1000, unit: 's', note: 'vite build' });

    const manifest = JSON.parse(await readFile(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
    const gz = async (f: string): Promise<number> => gzipKb(await readFile(join(outDir, f)));
    const sum = async (files: string[]): Promise<number> => {
      let kb = 0;
      for (const f of files) kb += await gz(f);
      return kb;
    };
    // each route's view loads on demand: a first view is the shell plus that view, so the figure is the largest one
    const shell = firstViewFiles(manifest);
    const routes = Object.keys(manifest)
      .filter((k) => manifest[k].isDynamicEntry && /^src\/components\/.+\/[A-Z]\w*View\.svelte$/.test(k))
      .map((k) => ({ key: k, route: /(\w+)View\.svelte$/.exec(k)![1].toLowerCase() }));
    const perRoute: { route: string; key?: string; js: number; files: number }[] = [];
    for (const r of routes) {
      const files = firstViewFiles(manifest, r.key).js;
      perRoute.push({ ...r, js: await sum(files), files: files.length });
    }
    const shellJs = await sum(shell.js);
    const worst = perRoute.reduce((a, b) => (b.js > a.js ? b : a), {
      route: 'shell',
      js: shellJs,
      files: shell.js.length,
    });
    report({
      name: 'bundle.first_view_js',
      value: worst.js,
      unit: 'KB gzip',
      target: { op: 'atMost', value: 150 },
      note:
        `the largest first view: #/${worst.route}, ${worst.files} file(s) (the shell ${shellJs.toFixed(1)} KB, ` +
        `${shell.js.length} file(s), plus that view and its imports; each route's view loads on demand)`,
    });
    for (const r of perRoute)
      report({ name: `bundle.first_view.${r.route}`, value: r.js, unit: 'KB gzip', note: `${r.files} file(s)` });
    const worstCss = firstViewFiles(manifest, worst.key).css;
    report({
      name: 'bundle.first_view_css',
      value: await sum(worstCss),
      unit: 'KB gzip',
      note: `${worstCss.length} file(s), for #/${worst.route}`,
    });

    // Everything else that is JavaScript is lazy: dynamic chunks, and worker bundles emitted as assets.
    const firstSet = new Set(shell.js);
    const chunks = new Map(chunksOf(result).map((c) => [c.fileName, c]));
    const lazy = (await listFiles(outDir))
      .map((p) => relative(outDir, p).replace(/\\/g, '/'))
      .filter((f) => /\.m?js$/.test(f) && !firstSet.has(f));
    const totals = new Map<string, number>();
    const rows: { label: string; kb: number; category: string }[] = [];
    for (const f of lazy) {
      const kb = await gz(f);
      const chunk = chunks.get(f);
      const category = chunk ? mainCategory(chunk) : f.includes('worker') ? 'worker' : 'other';
      const label = chunk?.name ?? f.replace(/^assets\//, '').replace(/-[\w-]{8}\.m?js$/, '');
      rows.push({ label, kb, category });
      totals.set(category, (totals.get(category) ?? 0) + kb);
    }
    for (const [category, kb] of [...totals].sort((a, b) => b[1] - a[1]))
      report({ name: `bundle.lazy.${category}`, value: kb, unit: 'KB gzip', note: 'sum of lazy chunks' });
    for (const r of rows.sort((a, b) => b.kb - a.kb))
      report({ name: `bundle.chunk.${r.label}`, value: r.kb, unit: 'KB gzip', note: `lazy, ${r.category}` });
    if (!rows.length) report({ name: 'bundle.lazy.total', value: 0, unit: 'KB gzip', note: 'no lazy chunks yet' });
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
