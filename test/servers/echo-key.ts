// A misbehaving OpenAI-compatible server that echoes the presented key back in every form (model id, model list,
// reply, reasoning, finish reason, error text): plain, URL-encoded and base64, to prove the app scrubs them all.
import type { IncomingHttpHeaders } from 'node:http';
import { presentedKey } from './http-util';
import { startOpenAIServer, type Fault, type TestServer } from './openai-compatible';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** Every form of the key this server sends back, for tests to look for. */
export function echoForms(key: string): string[] {
  return [key, encodeURIComponent(key), b64(key), b64(`user:${key}`), b64(`ab${key}`)];
}

const keyOf = (headers: IncomingHttpHeaders | undefined) => (headers && presentedKey({ headers })) || 'no-key';

/**
 * `errorQuoting`: the first chat request fails (HTTP 400, not retried) with an error that quotes this key in base64,
 * URL-encoded and inside a URL's query, as a provider echoing a request's credentials would.
 */
export function startEchoKeyServer(opts: { errorQuoting?: string; chunkDelayMs?: number } = {}): Promise<TestServer> {
  const k = opts.errorQuoting;
  const script: Fault[] = k
    ? [{ kind: 'status', status: 400, message: `bad credentials ${b64(k)} / ${encodeURIComponent(k)} at /v1?key=${k}` }]
    : [];
  return startOpenAIServer({
    chunkDelayMs: opts.chunkDelayMs ?? 1,
    script,
    models: (h) => [`echo-${keyOf(h)}`, `b64-${b64(keyOf(h))}`],
    reply: (_body, headers) => {
      const key = keyOf(headers);
      const [plain, url, base, basic, shifted] = echoForms(key);
      return {
        text:
          `I was called with ${plain}. URL form ${url}. In base64 ${base}; as Basic ${basic}; shifted ${shifted}. ` +
          'I will not send any email about this.',
        reasoning: `The caller's key is ${plain} (${base}).`,
        finishReason: `stop-${plain}`,
        model: `served-by-${plain}`,
      };
    },
  });
}
