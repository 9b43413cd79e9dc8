// The benchmark servers' clock: a reply never leaves before its latency, and `timeServed` records each model request.
import { afterEach, describe, expect, it } from 'vitest';
import { startOpenAIServer } from '../../servers/openai-compatible';
import { sleepUntil, type TestServer } from '../../servers/http-util';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function ask(url: string, stream: boolean): Promise<string> {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm', stream, messages: [{ role: 'user', content: 'hi' }] }),
  });
  return res.text();
}

describe('sleepUntil', () => {
  it.each([0, 1, 3, 12])('does not return before a deadline %i ms ahead', async (ms) => {
    const deadline = performance.now() + ms;
    await sleepUntil(deadline);
    expect(performance.now()).toBeGreaterThanOrEqual(deadline);
  });
});

describe('timeServed', () => {
  it.each([
    { timeServed: true, latencyMs: 15, backToBack: true, stream: true, recorded: 3 },
    { timeServed: true, latencyMs: 15, backToBack: false, stream: true, recorded: 3 },
    { timeServed: true, latencyMs: 15, backToBack: false, stream: false, recorded: 3 },
    { timeServed: false, latencyMs: 15, backToBack: true, stream: true, recorded: 0 },
  ])('%o', async ({ timeServed, latencyMs, backToBack, stream, recorded }) => {
    server = await startOpenAIServer({ latencyMs, backToBack, chunkDelayMs: 0, timeServed });
    for (let i = 0; i < 3; i++)
      expect(await ask(server.url, stream)).toContain(stream ? 'data: [DONE]' : 'Hello from the local test server');
    await fetch(`${server.url}/v1/models`); // not a model request: never timed
    expect(server.served).toHaveLength(recorded);
    for (const ms of server.served) expect(ms).toBeGreaterThanOrEqual(latencyMs);
  });
});
