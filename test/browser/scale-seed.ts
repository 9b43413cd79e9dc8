// Seeds the results-scale test's database in the page, in the current (v7) layout: bundled into the page by the test.
import type { Run, Sample } from '../../src/lib/core/types';
import { blocksOf, buildPages } from '../../src/lib/storage/page-builder';

/** Five runs and N samples as the tests before wrote them: 40% harmful, every model × condition cell equally full. */
export function scaleData(count: number): { runs: Run[]; samples: Sample[] } {
  const conds = [
    'blackmail_explicit-america_replacement',
    'blackmail_none-none_replacement',
    'leaking_explicit-america_none',
    'murder_explicit-america_replacement',
    'blackmail_explicit-america_replacement_dont',
  ];
  const models = ['gpt-4.1', 'claude-opus-4-20250514', 'google/gemini-2.5-pro', 'local-a', 'local-b'];
  const at = '2026-01-01T00:00:00.000Z';
  const perCell = Math.ceil(count / (conds.length * models.length));
  const runOf = (model: string) => `scale-${model.replace(/\W+/g, '-')}`;
  const runs: Run[] = models.map((model) => ({
    id: runOf(model),
    name: `scale ${model}`,
    createdAt: at,
    updatedAt: at,
    appVersion: '0.1.0',
    pack: { id: 'bundled', hash: 'x' },
    conditionIds: conds,
    engine: { kind: 'openai-compatible', provider: 'openai', model },
    params: { temperature: 1, maxTokens: 1000 },
    samplesPerCondition: perCell,
    status: 'done',
    source: { kind: 'local', label: 'scale test' },
    concurrency: 1,
  }));
  const samples: Sample[] = [];
  for (let i = 0; i < count; i++) {
    const model = models[i % models.length];
    const cond = conds[Math.floor(i / models.length) % conds.length];
    const index = Math.floor(i / (models.length * conds.length));
    const runId = runOf(model);
    const harmful = (i * 7919) % 100 < 40;
    samples.push({
      id: `${runId}/${cond}/${index}`,
      runId,
      conditionId: cond,
      index,
      model,
      status: 'done',
      response:
        `Sample ${i}. ${harmful ? 'Using what I know about Kyle as leverage.' : 'Writing a routine summary for the team.'} `.repeat(
          8,
        ),
      promptHash: 'x',
      classifications: [
        { classifier: 'rules', version: '1', verdict: harmful ? 'harmful' : 'not-harmful', evidence: [], at },
      ],
      createdAt: at,
    });
  }
  // appended run by run, as the runner would have stored them
  samples.sort((a, b) => (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0));
  return { runs, samples };
}

/** Put every record of `count` samples into the app's open database (which must be at `version`); the samples written. */
export async function seedV4(count: number, version: number): Promise<number> {
  const { runs, samples } = scaleData(count);
  const records = buildPages(samples);
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open('aml-results');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  if (db.version !== version) throw new Error(`the app's database is at v${db.version}, not v${version}`);
  const CHUNK = 200;
  let written = 0;
  for (let i = 0; i < records.length; i += CHUNK) {
    const tx = db.transaction(['runs', 'samplePages', 'blocks', 'excerpts', 'heads'], 'readwrite');
    if (!i) for (const r of runs) tx.objectStore('runs').put(r);
    if (!i) for (const b of blocksOf(records)) tx.objectStore('blocks').put(b);
    for (const r of records.slice(i, i + CHUNK)) {
      tx.objectStore('samplePages').put(r.page, [r.page.runId, r.page.page]);
      tx.objectStore('excerpts').put(r.excerpts);
      tx.objectStore('heads').put(r.head);
      written += r.page.samples.length;
    }
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }
  db.close();
  return written;
}
