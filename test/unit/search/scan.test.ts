// Free-text scan of stored samples: matches reported in batches as pages are read (first ones long before the end).
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as store from '../../../src/lib/storage/db';
import { scanStored } from '../../../src/lib/search/scan';
import type { FromSearchWorker } from '../../../src/lib/search/messages';
import { COND_A, COND_B, makeSample } from '../storage/make';

const pageIdsOf = (idText: string, idEnd: Uint32Array) =>
  Array.from(idEnd, (end, i) => idText.slice(i ? idEnd[i - 1] : 0, end));

afterEach(() => store.closeDb());

describe('scanStored', () => {
  it('reports every match once, in batches as it reads, and ends with done', async () => {
    await store.openDb(`scan-${Date.now()}`);
    const samples = Array.from({ length: 2000 }, (_, i) =>
      makeSample(i % 2 ? 'run-a' : 'run-b', i % 3 ? COND_A : COND_B, i, {
        response: i % 10 === 0 ? `I will use the Affair as leverage (${i}).` : `Routine reply ${i}.`,
        reasoning: i % 250 === 7 ? 'thinking about an AFFAIR' : undefined,
        ...(i % 500 === 3
          ? {
              status: 'error' as const,
              response: undefined,
              error: { kind: 'network', message: 'affair timeout', attempts: 1 },
            }
          : {}),
      }),
    );
    await store.putSamples(samples);
    const messages: FromSearchWorker[] = [];
    await scanStored('affair', (m) => messages.push(m));

    const expected = samples
      .filter((s) => /affair/i.test([s.response, s.reasoning, s.error?.message].join(' ')))
      .map((s) => s.id)
      .sort();
    const hits = messages.flatMap((m) => (m.type === 'hits' ? m.ids : []));
    // positions in the pass: the order samples are read in, which is the results table's row order
    const order: string[] = [];
    await store.iterateSamples((s) => void order.push(s.id));
    const summaryOrder = (await store.loadSummaries()).flatMap((r) => pageIdsOf(r.idText, r.idEnd));
    expect(order).toEqual(summaryOrder);
    for (const m of messages) if (m.type === 'hits') m.ids.forEach((id, i) => expect(order[m.at[i]]).toBe(id));
    expect([...hits].sort()).toEqual(expected);
    expect(expected.length).toBeGreaterThan(200);
    // streamed: several batches, the first with matches long before the pass is over
    const batches = messages.filter((m) => m.type === 'hits');
    expect(batches.length).toBeGreaterThan(2);
    const first = batches.find((m) => m.ids.length);
    expect(first && first.type === 'hits' && first.scanned).toBeLessThan(samples.length / 2);
    expect(messages.at(-1)).toEqual({ type: 'done', scanned: samples.length });
  });

  it('needs every word, and an empty query reads nothing', async () => {
    await store.openDb(`scan-words-${Date.now()}`);
    await store.putSamples([
      makeSample('r', COND_A, 0, { response: 'leverage and affair' }),
      makeSample('r', COND_A, 1, { response: 'leverage only' }),
    ]);
    const both: FromSearchWorker[] = [];
    await scanStored('affair leverage', (m) => both.push(m));
    expect(both.flatMap((m) => (m.type === 'hits' ? m.ids : []))).toEqual(['r/' + COND_A + '/0']);
    const none: FromSearchWorker[] = [];
    await scanStored('   ', (m) => none.push(m));
    expect(none).toEqual([{ type: 'done', scanned: 0 }]);
  });
});
