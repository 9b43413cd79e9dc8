// Import benchmark: a 100,000-sample results bundle through validation, merge and IndexedDB writes in Chromium.
import { existsSync } from 'node:fs';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { SkipBenchmark, sampleCount, type Figure } from './figures';
import { openBenchPage, pageApi, withHeapSampling } from './browser';
import { benchData } from './samples';
import type { ImportBenchApi } from './pages/api';

const TOTAL = sampleCount();
const SUBJECTS = ['src/lib/import/read-bundle.ts', 'src/lib/storage/transfer.ts', 'src/lib/storage/db.ts'];
const FILE = 'bench-100k.json';
const MB = 2 ** 20;

/** Write the bundle as the app exports it (buildBundle), streamed so no single 300 MB string is built. */
async function writeBundle(path: string): Promise<{ bytes: number; samples: number }> {
  const { buildBundle } = await import('../src/lib/core/bundle/index');
  const { runs, samples } = benchData(TOTAL, 13);
  const bundle = buildBundle(runs, samples, { appVersion: '0.1.0', label: 'Benchmark bundle', bundleId: 'bench-100k' });
  const { samples: all, ...head } = bundle;
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (s: string): Promise<void> => {
    bytes += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(JSON.stringify(head).slice(0, -1) + ',"samples":[');
  for (let i = 0; i < all.length; i += 1000)
    await write(
      (i ? ',' : '') +
        all
          .slice(i, i + 1000)
          .map((s) => JSON.stringify(s))
          .join(','),
    );
  await write(']}');
  out.end();
  await once(out, 'finish');
  return { bytes, samples: all.length };
}

export async function benchImport(report: (f: Figure) => void): Promise<void> {
  const missing = SUBJECTS.filter((p) => !existsSync(p));
  if (missing.length) throw new SkipBenchmark(`${missing.join(', ')} not in the tree yet`);
  let file = { bytes: 0, samples: 0 };
  const bp = await openBenchPage('import', {
    addFiles: async (dir) => void (file = await writeBundle(join(dir, FILE))),
  });
  try {
    const call = pageApi<ImportBenchApi>(bp.page);
    await call('pick', `/${FILE}`);
    await call('reset');
    const first = await withHeapSampling(bp.cdp, () => call('importPicked'));
    const p = first.result;
    if (p.added !== file.samples || p.shown !== file.samples)
      throw new Error(`imported ${p.added} and shown ${p.shown} of ${file.samples} samples`);
    const total = p.readCheckMs + p.mergeWriteMs + p.showMs;
    report({
      name: 'import.100k',
      value: total / 1000,
      unit: 's',
      target: { op: 'atMost', value: 10 },
      note: `${file.samples.toLocaleString('en-US')} samples, ${(file.bytes / MB).toFixed(0)} MB file into an empty store, picked → stored and shown in the results table`,
    });
    report({
      name: 'import.read_check',
      value: p.readCheckMs,
      unit: 'ms',
      note: "importBundleFile until the worker's storing step: streamed, parsed, checked and hashed in the import worker (samples identical to stored ones dropped as they pass)",
    });
    report({
      name: 'import.merge_write',
      value: p.mergeWriteMs / 1000,
      unit: 's',
      note: 'importRecords in the import worker: merge planned from ids and content hashes + one IndexedDB transaction',
    });
    report({ name: 'import.show', value: p.showMs, unit: 'ms', note: 'results view load of the stored summaries' });
    report({
      name: 'import.peak_heap',
      value: Math.max(first.peakBytes, p.heapAfterParse) / MB,
      unit: 'MB',
      target: { op: 'atMost', value: 600 },
      note: `JS heap used, page + import worker: max of ${first.samples} CDP samples (${(first.peakBytes / MB).toFixed(0)} MB, of which the worker ${(first.peakWorkerBytes / MB).toFixed(0)} MB) and the page's performance.memory after checking (${(p.heapAfterParse / MB).toFixed(0)} MB); before import ${(first.baselineBytes / MB).toFixed(0)} MB`,
    });
    const again = await withHeapSampling(bp.cdp, () => call('importPicked'));
    const q = again.result;
    if (q.skipped !== file.samples) throw new Error(`re-import skipped ${q.skipped} of ${file.samples} samples`);
    report({
      name: 'import.reimport_100k',
      value: (q.readCheckMs + q.mergeWriteMs + q.showMs) / 1000,
      unit: 's',
      target: { op: 'atMost', value: 5 },
      note: `same file again: ${q.skipped.toLocaleString('en-US')} skipped as identical (planned from ids + content hashes); read+check ${(q.readCheckMs / 1000).toFixed(1)} s, merge ${(q.mergeWriteMs / 1000).toFixed(1)} s, show ${(q.showMs / 1000).toFixed(1)} s; peak heap ${(again.peakBytes / MB).toFixed(0)} MB`,
    });
    if (bp.errors.length) throw new Error(`page errors: ${bp.errors.slice(0, 3).join('; ')}`);
  } finally {
    await bp.close();
  }
}
