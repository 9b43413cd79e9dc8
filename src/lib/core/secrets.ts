// Finding and scrubbing an API key in text: its plain, URL-encoded and base64 forms, and credentials inside URLs.

export const REDACTED = '[redacted key]';

/** Shortest secret that is scrubbed (shorter strings would match ordinary words). */
const MIN_SECRET = 4;
/** Shortest base64 run that is scrubbed: a key of 8+ characters gives one of at least 8. */
const MIN_B64 = 8;

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? B64[n & 63] : '=';
  }
  return out;
}

/**
 * The base64 characters that depend on the key's bytes alone, for each of the three alignments the key can have
 * inside a longer encoded text (e.g. `user:KEY` in a Basic header): any base64 copy of the key contains one of them.
 */
export function base64Cores(secret: string): string[] {
  const key = new TextEncoder().encode(secret);
  const out = new Set<string>();
  for (let shift = 0; shift < 3; shift++) {
    const bytes = new Uint8Array(shift + key.length);
    bytes.set(key, shift);
    const enc = base64(bytes);
    const from = Math.ceil((8 * shift) / 6);
    const to = Math.floor((8 * (shift + key.length)) / 6);
    const core = enc.slice(from, to);
    if (core.length >= MIN_B64) {
      out.add(core);
      out.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return [...out];
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One pattern matching a secret in any of its forms, longest first; undefined when there is nothing to scrub. */
export function secretPattern(secrets: readonly (string | undefined)[]): RegExp | undefined {
  const memo = secrets.join('\u0000');
  if (patterns.has(memo)) return patterns.get(memo);
  const re = buildPattern(secrets);
  if (patterns.size > 50) patterns.clear();
  patterns.set(memo, re);
  return re;
}

/** Compiled patterns by secret list: an engine scrubs every reply and error with the same key. */
const patterns = new Map<string, RegExp | undefined>();

function buildPattern(secrets: readonly (string | undefined)[]): RegExp | undefined {
  const plain = new Set<string>();
  const cores = new Set<string>();
  for (const raw of secrets) {
    const s = raw?.trim();
    if (!s || s.length < MIN_SECRET || REDACTED.includes(s)) continue;
    plain.add(s);
    const enc = encodeURIComponent(s);
    plain.add(enc);
    plain.add(enc.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
    for (const c of base64Cores(s)) {
      cores.add(c);
      cores.add(encodeURIComponent(c));
    }
  }
  if (!plain.size) return undefined;
  const b64 = [...cores]
    .sort((a, b) => b.length - a.length)
    .map((c) => `[A-Za-z0-9+/_-]{0,3}${escapeRe(c)}[A-Za-z0-9+/_-]{0,3}(?:=|%3D){0,2}`);
  const lits = [...plain].sort((a, b) => b.length - a.length).map(escapeRe);
  return new RegExp([...b64, ...lits].join('|'), 'g');
}

/** Names of query parameters that carry credentials in the wild. */
const PARAM_NAMES =
  'api[_-]?key|key|apikey|x-api-key|access[_-]?token|token|auth|authorization|password|pass|secret|sig|signature';
const CREDENTIAL_PARAM = new RegExp(`^(?:${PARAM_NAMES})$`, 'i');
const USER_INFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]*@/gi;
const PARAM_VALUE = new RegExp(`([?&;](?:${PARAM_NAMES})=)[^&#?;\\s"'<>[\\]]+`, 'gi');

/** Scrub user info and credential query parameters from every URL-looking part of a text. */
export function scrubUrlCredentials(text: string): string {
  return text
    .replace(USER_INFO, (_m, scheme: string) => `${scheme}${REDACTED}@`)
    .replace(PARAM_VALUE, (_m, name: string) => `${name}${REDACTED}`);
}

/**
 * Split `scheme://userinfo@rest`, with the user info running to the last `@` before any query or fragment: a key
 * with `/`, `+` or `=` in it (written unencoded) makes the URL unparseable but is still a key.
 */
export function splitUserInfo(url: string): { userinfo?: string; url: string } {
  const m = /^(\s*[a-z][a-z0-9+.-]*:\/\/)([^?#]*)@(.*)$/is.exec(url);
  return m ? { userinfo: m[2], url: m[1] + m[3] } : { url };
}

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** The credential values inside a URL (user name, password, credential query parameters), to scrub elsewhere. */
export function urlSecrets(url: string | undefined): string[] {
  if (!url) return [];
  const { userinfo, url: rest } = splitUserInfo(url);
  const out: string[] = [];
  if (userinfo) {
    const i = userinfo.indexOf(':');
    for (const part of i === -1 ? [userinfo] : [userinfo.slice(0, i), userinfo.slice(i + 1)])
      if (part) out.push(decode(part), part);
  }
  let u: URL;
  try {
    u = new URL(rest);
  } catch {
    return [...new Set(out)];
  }
  for (const [k, v] of u.searchParams) if (CREDENTIAL_PARAM.test(k) && v) out.push(v);
  return [...new Set(out)];
}

/**
 * Why a base URL cannot be saved, or '' when it can: an http(s) address without user name, password, query or
 * fragment. Keys belong in the key field: one in the URL would be saved with the engine and echoed in errors.
 */
export function baseUrlProblem(url: string): string {
  const t = url.trim();
  if (!t) return '';
  if (splitUserInfo(t).userinfo !== undefined)
    return (
      'Remove the user name and password from the base URL and put the key in the API key field: a key in the URL ' +
      'would be saved with the engine and could show up in error messages and exports.'
    );
  let u: URL;
  try {
    u = new URL(t);
  } catch {
    return 'This is not a web address: write it as http(s)://host[:port]/path, e.g. http://localhost:8080/v1.';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'The base URL must start with http:// or https://.';
  if ([...u.searchParams.keys()].some((k) => CREDENTIAL_PARAM.test(k)))
    return (
      'Remove the key from the base URL (the part after ?) and put it in the API key field: a key in the URL would ' +
      'be saved with the engine and could show up in error messages and exports.'
    );
  if (u.search || u.hash)
    return 'The base URL cannot have a query (?…) or fragment (#…): request paths are added after it.';
  return '';
}

/** Why a model name cannot be used, or '': it is stored with every result, where markup and control characters are not. */
export function modelNameProblem(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  return /[<>\u0000-\u001f\u007f]/.test(name.trim())
    ? 'A model name cannot contain < or > or control characters; copy the id exactly as the provider lists it.'
    : '';
}
