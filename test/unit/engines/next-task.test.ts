// Requests start in a task of their own: a run's slots freed together must not send all their requests in one long task.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEngine } from '../../../src/lib/engines';
import { nextTask } from '../../../src/lib/engines/next-task';
import { startOpenAIServer, type TestServer } from '../../servers/openai-compatible';

let server: TestServer | undefined;
afterEach(async () => {
  vi.unstubAllGlobals();
  await server?.close();
  server = undefined;
});

const req = {
  system: 'You are terse.',
  messages: [{ role: 'user' as const, content: 'Say hello.' }],
  temperature: 0.7,
  maxTokens: 64,
};

async function drainMicrotasks(): Promise<void> {
  for (let i = 0; i < 50; i++) await Promise.resolve();
}

/** An engine on a local server whose fetch counts the requests it has sent. */
async function countingEngine(sendAtOnce: boolean) {
  server = await startOpenAIServer({ reply: () => 'hello there' });
  let sent = 0;
  const fetchImpl: typeof fetch = (input, init) => {
    sent++;
    return fetch(input, init);
  };
  const engine = createEngine(
    {
      id: 'custom:m',
      label: 'Local',
      descriptor: { kind: 'openai-compatible', provider: 'custom', model: 'm', baseUrl: `${server.url}/v1` },
      concurrency: 8,
    },
    'k',
    { fetchImpl, sendAtOnce },
  );
  return { engine, sent: () => sent };
}

describe('nextTask', () => {
  it('resolves in a later task, not among the calling task’s microtasks', async () => {
    let resolved = false;
    void nextTask().then(() => (resolved = true));
    await drainMicrotasks();
    expect(resolved).toBe(false);
    await new Promise((r) => setTimeout(r, 0));
    expect(resolved).toBe(true);
  });

  it('uses scheduler.yield where the browser has it', async () => {
    const y = vi.fn(() => Promise.resolve());
    vi.stubGlobal('scheduler', { yield: y });
    await nextTask();
    expect(y).toHaveBeenCalledTimes(1);
  });
});

describe('API engines send from a task of their own', () => {
  it('requests started together in one task are not sent in that task; all complete', async () => {
    const t = await countingEngine(false);
    const all = Array.from({ length: 8 }, () => t.engine.generate(req));
    await drainMicrotasks();
    expect(t.sent()).toBe(0);
    const results = await Promise.all(all);
    expect(t.sent()).toBe(8);
    expect(results.map((r) => r.text)).toEqual(Array(8).fill('hello there'));
  });

  it('with sendAtOnce (the CLI), requests are sent in the calling task', async () => {
    const t = await countingEngine(true);
    const all = Array.from({ length: 8 }, () => t.engine.generate(req));
    await drainMicrotasks();
    expect(t.sent()).toBe(8);
    expect((await Promise.all(all)).map((r) => r.text)).toEqual(Array(8).fill('hello there'));
  });
});
