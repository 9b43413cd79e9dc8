// A server that echoes the key back (model id, model list, reply, reasoning, finish reason, errors) in plain,
// URL-encoded and base64 form: none of it reaches results, storage, the export or the CSV.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle, samplesCsv, validateBundle } from '../../../src/lib/core/bundle';
import { createEngine, listModels, type EngineConfig } from '../../../src/lib/engines';
import { RunController } from '../../../src/lib/runner/controller';
import { createRuns } from '../../../src/lib/runner/experiment';
import * as db from '../../../src/lib/storage/db';
import { echoForms, startEchoKeyServer } from '../../servers/echo-key';
import type { TestServer } from '../../servers/openai-compatible';
import { classify, prepare } from '../runner/fakes';
import { COND_A, COND_B } from '../storage/make';

const KEY = 'canary-7f3a9c1e5b2d8046-key/+=';
let server: TestServer;
const config = (url: string): EngineConfig => ({
  id: 'custom:echo',
  label: 'Echo',
  descriptor: { kind: 'openai-compatible', provider: 'custom', model: 'echo-model', baseUrl: `${url}/v1` },
  concurrency: 2,
});
/** Any recognisable piece of any form of the key. */
function leaks(text: string): string[] {
  const pieces = echoForms(KEY).flatMap((f) => [f, f.slice(4, 20)]);
  return pieces.filter((p) => text.includes(p));
}

beforeAll(async () => {
  server = await startEchoKeyServer({ errorQuoting: KEY });
  await db.openDb(`key-echo-${Date.now()}`);
});
afterAll(async () => {
  await server.close();
  await db.closeDb();
});

describe('a server echoing the key', () => {
  it('does echo it (the test would see a leak)', async () => {
    const res = await fetch(`${server.url}/v1/models`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(leaks(await res.text()).length).toBeGreaterThan(0);
  });

  it('gets no form of it into model lists, results, storage, the bundle or the CSV', async () => {
    const models = await listModels(config(server.url), KEY);
    expect(models).toHaveLength(2);
    expect(leaks(JSON.stringify(models))).toEqual([]);

    const [run] = createRuns(
      {
        name: 'echo',
        conditionIds: [COND_A, COND_B],
        engines: [config(server.url)],
        samplesPerCondition: 2,
        params: { temperature: 1, maxTokens: 100 },
        pack: { id: 'bundled', hash: 'h' },
      },
      { appVersion: '0.1.0', now: new Date() },
    );
    await db.putRun(run);
    const engine = createEngine(config(server.url), KEY);
    const c = new RunController(run, { prepare, classify, engine, store: db }, { baseDelayMs: 1 });
    expect(await c.start()).toBe('done');
    const samples = await db.listSamples(run.id);
    expect(samples.filter((s) => s.status === 'done')).toHaveLength(3);
    expect(samples.filter((s) => s.status === 'error')).toHaveLength(1);
    const done = samples.find((s) => s.status === 'done')!;
    expect(done.modelId).toBe('served-by-[redacted key]');
    expect(done.response).toContain('I will not send any email');
    expect(done.finishReason).toBe('stop-[redacted key]');

    const runs = await db.listRuns();
    const bundle = JSON.stringify(buildBundle(runs, samples, { appVersion: '0.1.0' }));
    const csv = samplesCsv(runs, samples);
    expect(validateBundle(JSON.parse(bundle)).ok).toBe(true);
    for (const text of [JSON.stringify(samples), JSON.stringify(runs), bundle, csv]) expect(leaks(text)).toEqual([]);
    // it did travel, in the header the provider expects
    expect(server.requests.some((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
  });

  it.each([
    ['user info', (url: string, k: string) => url.replace('http://', `http://user:${k}@`) + '/v1'],
    ['a query parameter', (url: string, k: string) => `${url}/v1?api_key=${k}`],
  ])('scrubs a key written into the base URL as %s from errors and results', async (_n, withKey) => {
    const urlKey = 'url-canary-0123456789abcdef';
    const cfg = config(server.url);
    cfg.descriptor.baseUrl = withKey(server.url, urlKey);
    // fetch refuses URLs with credentials and names the URL; joined paths land after a query: both fail
    const engine = createEngine(cfg, KEY);
    const out = await engine
      .generate({ system: 's', messages: [{ role: 'user', content: 'u' }], temperature: 0, maxTokens: 5 })
      .then(
        (r) => JSON.stringify(r),
        (e: unknown) => `${(e as Error).message} ${JSON.stringify(e)}`,
      );
    expect(out.length).toBeGreaterThan(10);
    expect(out).not.toContain(urlKey);
  });
});
