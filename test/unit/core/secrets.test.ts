// Key scrubbing: plain, URL-encoded and base64 copies at any alignment, URL credentials, idempotence, base URL rules.
import { describe, expect, it } from 'vitest';
import { baseUrlProblem, REDACTED, scrubUrlCredentials, urlSecrets } from '../../../src/lib/core/secrets';
import { redact } from '../../../src/lib/engines/errors';
import { withoutUrlCredentials } from '../../../src/lib/engines/config';
import { cleanBaseUrl } from '../../../src/lib/core/bundle/copy';

const KEY = 'canary-Key/with+odd=chars_0123456789';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

/** A tiny seeded generator, so failures are reproducible. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

describe('redact: every form of the key', () => {
  it.each([
    ['plain', `model ${KEY} said`],
    ['URL-encoded', `GET /v1?x=${encodeURIComponent(KEY)}`],
    ['URL-encoded, lower-case hex', `x=${encodeURIComponent(KEY).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())}`],
    ['base64', `echo ${b64(KEY)}`],
    ['base64 of user:key (Basic)', `Authorization was ${b64(`user:${KEY}`)} ok`],
    ['base64 of xy:key', `${b64(`xy:${KEY}`)}`],
    ['base64url', `${b64url(`ab${KEY}`)}`],
    ['base64 then URL-encoded', encodeURIComponent(b64(`q${KEY}`))],
  ])('%s', (_name, text) => {
    const out = redact(text, [KEY]);
    expect(out).toContain(REDACTED);
    for (const form of [KEY, encodeURIComponent(KEY), 'canary-Key', b64(KEY).slice(2, 20)])
      expect(out).not.toContain(form);
    // nothing of the base64 core survives at any alignment
    for (const pre of ['', 'a', 'ab', 'user:', 'xy:', 'q']) {
      const enc = b64(pre + KEY);
      expect(out).not.toContain(enc.slice(Math.ceil((pre.length * 8) / 6) + 1, enc.length - 4));
    }
  });

  it('never leaves "[redacted key] key]" and is idempotent on random texts', () => {
    const next = rng(12);
    const parts = [
      KEY,
      b64(KEY),
      encodeURIComponent(KEY),
      'Bearer ',
      'Basic ',
      'sk-proj-',
      ' ',
      '?key=',
      '&api_key=',
      'http://u:',
      '@h/',
      REDACTED,
      'x',
      '\n',
    ];
    for (let i = 0; i < 500; i++) {
      let text = '';
      for (let j = 0, n = 1 + Math.floor(next() * 8); j < n; j++) text += parts[Math.floor(next() * parts.length)];
      const once = redact(text, [KEY]);
      expect(once, JSON.stringify(text)).not.toContain(`${REDACTED} key]`);
      expect(once).not.toContain('[redacted [redacted');
      expect(redact(once, [KEY]), JSON.stringify(text)).toBe(once);
      expect(once).not.toContain(KEY);
    }
  });

  it.each([
    ['Authorization: Bearer sk-secret-abc', ['sk-secret-abc'], `Authorization: Bearer ${REDACTED}`],
    ['Bearer [redacted key]', [], `Bearer ${REDACTED}`],
    ['see https://u:pw@host/v1 now', [], `see https://${REDACTED}@host/v1 now`],
    ['https://h/v1?api_key=abc&x=1', [], `https://h/v1?api_key=${REDACTED}&x=1`],
    ['https://h/v1?key=abc#f', [], `https://h/v1?key=${REDACTED}#f`],
    ['short ab', ['ab'], 'short ab'],
  ])('%s', (text, secrets, expected) => expect(redact(text, secrets)).toBe(expected));
});

describe('URL credentials', () => {
  it('finds the secrets a base URL carries', () => {
    expect(urlSecrets('http://user:p%40ss@host/v1?api_key=K1&model=x&token=T2')).toEqual([
      'user',
      'p@ss',
      'p%40ss',
      'K1',
      'T2',
    ]);
    expect(urlSecrets('http://localhost:8080/v1')).toEqual([]);
    expect(urlSecrets('not a url')).toEqual([]);
  });

  it('scrubs them in free text', () => {
    expect(scrubUrlCredentials('fetch http://a:b@127.0.0.1:9/v1/chat failed')).toBe(
      `fetch http://${REDACTED}@127.0.0.1:9/v1/chat failed`,
    );
  });

  it.each([
    ['http://localhost:8080/v1', ''],
    ['https://api.openai.com/v1', ''],
    ['', ''],
    ['http://user:KEY@host/v1', /user name and password/],
    ['http://KEY@host/v1', /user name and password/],
    ['https://host/v1?api_key=KEY', /Remove the key/],
    ['https://host/v1?key=KEY', /Remove the key/],
    ['https://host/v1?x=1', /query/],
    ['https://host/v1#frag', /fragment/],
    ['ftp://host/v1', /http/],
    ['host:8080', /http/],
    ['no url', /not a web address/],
  ])('base URL %s', (url, expected) => {
    if (expected === '') expect(baseUrlProblem(url)).toBe('');
    else expect(baseUrlProblem(url)).toMatch(expected);
  });
});

describe('keys with / + = written raw into user info', () => {
  const raw = 'canary-5e1f/+=key';
  const url = `http://user:${raw}@127.0.0.1:9/v1`;
  it('are refused, found and stripped although the URL does not parse', () => {
    expect(baseUrlProblem(url)).toMatch(/user name and password/);
    expect(urlSecrets(url)).toContain(raw);
    expect(cleanBaseUrl(url)).toBe('http://127.0.0.1:9/v1');
    expect(
      withoutUrlCredentials({
        id: `custom:m@${url}`,
        label: 'L',
        descriptor: { kind: 'openai-compatible', provider: 'custom', model: 'm', baseUrl: url },
        concurrency: 1,
      }),
    ).toEqual({
      id: 'custom:m@http://127.0.0.1:9/v1',
      label: 'L',
      descriptor: { kind: 'openai-compatible', provider: 'custom', model: 'm', baseUrl: 'http://127.0.0.1:9/v1' },
      concurrency: 1,
    });
  });
});
