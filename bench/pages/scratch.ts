import { openDB } from 'idb';
import { benchData } from '../samples';
const w = window as any;
async function gz(s: string): Promise<Uint8Array> {
  const cs = new Blob([s]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(cs).arrayBuffer());
}
w.__bench = {
  async raw(total: number, batch: number, mode: string) {
    const data = benchData(total);
    let twoByte = 0;
    for (const s of data.samples) if (/[^\u0000-\u00ff]/.test(s.response ?? '')) twoByte++;
    const db = await openDB('scratch-' + mode + Math.random(), 1, { upgrade(d) { const s = d.createObjectStore('samples', { keyPath: 'id' }); if (mode !== 'noidx') { s.createIndex('runId', 'runId'); s.createIndex('runStatus', ['runId','status']); } d.createObjectStore('chunks'); } });
    const enc = new TextEncoder();
    const t = performance.now();
    let bytes = 0;
    for (let i = 0; i < data.samples.length; i += batch) {
      const list = data.samples.slice(i, i + batch);
      let prepared: unknown[] = list;
      if (mode === 'utf8') prepared = list.map((s) => ({ ...s, response: enc.encode(s.response ?? '') }));
      if (mode === 'chunkjson') prepared = [];
      let gzChunks: Uint8Array[] = [];
      if (mode === 'gzchunk') { for (let j = 0; j < list.length; j += 100) { const b = await gz(JSON.stringify(list.slice(j, j + 100))); bytes += b.length; gzChunks.push(b); } }
      const tx = db.transaction(['samples', 'chunks'], 'readwrite');
      if (mode === 'tiny') for (const s of list) void tx.objectStore('samples').put({ id: s.id, runId: s.runId, status: s.status });
      else if (mode === 'chunkclone') for (let j = 0; j < list.length; j += 100) void tx.objectStore('chunks').put(list.slice(j, j + 100), i + j);
      else if (mode === 'textonly') for (const s of list) void tx.objectStore('chunks').put(s.response ?? '', s.id);
      else if (mode === 'chunkjson') for (let j = 0; j < list.length; j += 100) void tx.objectStore('chunks').put(JSON.stringify(list.slice(j, j + 100)), i + j);
      else if (mode === 'gzchunk') gzChunks.forEach((b, j) => void tx.objectStore('chunks').put(b, i + j));
      else for (const s of prepared) void tx.objectStore('samples').put(s as any);
      await tx.done;
    }
    const ms = performance.now() - t;
    let t3 = performance.now(); for (let i = 0; i < data.samples.length; i += 100) JSON.stringify(data.samples.slice(i, i + 100)); const strMs = performance.now() - t3;
    t3 = performance.now(); for (let i = 0; i < 2000; i += 100) await gz(JSON.stringify(data.samples.slice(i, i + 100))); const gzMs10 = performance.now() - t3;
    return { ms, twoByte, bytes, strMs, gzMs10 };
    return { ms, twoByte, bytes };
  },
};
w.__benchReady = true;
