// Resolving pasted bundle links and checking them against the site's Content-Security-Policy before fetching.
import { describe, expect, it } from 'vitest';
import {
  connectSources,
  cspAllowsConnect,
  describeFailure,
  resolveBundleUrl,
  type FetchFailure,
} from '../../../src/lib/core/sources/url';
import { contentSecurityPolicy } from '../../../src/lib/config/csp';

const SITE = 'https://me.github.io/lab/';

describe('resolveBundleUrl', () => {
  it.each([
    ['results/a.json', 'https://me.github.io/lab/results/a.json'],
    ['  https://raw.githubusercontent.com/u/r/main/x.json ', 'https://raw.githubusercontent.com/u/r/main/x.json'],
    [
      'https://github.com/u/r/blob/main/public/results/x.json',
      'https://raw.githubusercontent.com/u/r/main/public/results/x.json',
    ],
    ['/other/b.json', 'https://me.github.io/other/b.json'],
    ['http://127.0.0.1:8080/b.json?x=1', 'http://127.0.0.1:8080/b.json?x=1'],
  ])('%s', (raw, url) => expect(resolveBundleUrl(raw, SITE)).toEqual({ ok: true, url }));

  it.each([
    '',
    '   ',
    'javascript:alert(1)',
    'data:application/json,{}',
    'https://u:p@example.org/x.json',
    'http://[bad',
  ])('rejects %j', (raw) => expect(resolveBundleUrl(raw, SITE).ok).toBe(false));
});

describe('cspAllowsConnect', () => {
  const policy = contentSecurityPolicy();
  it.each([
    ['https://me.github.io/lab/results/a.json', true],
    ['https://raw.githubusercontent.com/u/r/main/x.json', true],
    ['http://127.0.0.1:4173/b.json', true],
    ['http://localhost:9/b.json', true],
    ['https://cdn-lfs.hf.co/x.json', true],
    ['https://example.org/x.json', false],
    ['https://evil.github.io/x.json', false],
    ['http://raw.githubusercontent.com/x.json', false],
    ['https://raw.githubusercontent.com.evil.org/x.json', false],
  ])('%s → %s', (url, ok) => expect(cspAllowsConnect(policy, url, 'https://me.github.io')).toBe(ok));

  it('allows everything without a policy (dev server) and reads connect-src before default-src', () => {
    expect(cspAllowsConnect(null, 'https://example.org/x', 'https://me.github.io')).toBe(true);
    expect(connectSources("default-src 'self'; connect-src https://a.org")).toEqual(['https://a.org']);
    expect(connectSources("default-src 'self'")).toEqual(["'self'"]);
    expect(cspAllowsConnect("default-src 'self'", 'https://a.org/x', 'https://me.github.io')).toBe(false);
    expect(cspAllowsConnect('connect-src https://a.org/data/', 'https://a.org/data/x.json', 'https://b')).toBe(true);
    expect(cspAllowsConnect('connect-src https://a.org/data/', 'https://a.org/other.json', 'https://b')).toBe(false);
  });
});

describe('describeFailure', () => {
  it.each<[FetchFailure, RegExp]>([
    [{ kind: 'csp', origin: 'https://example.org' }, /Content-Security-Policy.*EXTRA_CONNECT_HOSTS/],
    [{ kind: 'network', origin: 'https://example.org' }, /CORS/],
    [{ kind: 'http', status: 404, url: 'https://x/y.json' }, /Not found \(HTTP 404\)/],
    [{ kind: 'http', status: 503, url: 'https://x/y.json' }, /HTTP 503/],
    [{ kind: 'invalid', errors: ['format must be x'] }, /not a valid results bundle.*format must be x/],
  ])('%o', (f, re) => expect(describeFailure(f)).toMatch(re));
});
