// Bundle links: resolving what a user pasted to a fetchable URL, and whether the site's CSP lets the page connect to it.

export type ResolvedUrl = { ok: true; url: string } | { ok: false; error: string };

/** A GitHub "blob" page link points at HTML; the same file's raw form is what can be fetched. */
const GITHUB_BLOB = /^https:\/\/github\.com\/([^/]+)\/([^/]+)\/blob\/(.+)$/;

/**
 * Turn a pasted link (absolute, or relative to the site such as `results/x.json`) into an http(s) URL to fetch.
 * GitHub file pages are rewritten to raw.githubusercontent.com.
 */
export function resolveBundleUrl(raw: string, siteUrl: string): ResolvedUrl {
  const text = raw.trim();
  if (!text) return { ok: false, error: 'Enter the address of a results bundle (.json).' };
  let u: URL;
  try {
    u = new URL(text, siteUrl);
  } catch {
    return { ok: false, error: `"${text.slice(0, 200)}" is not a web address.` };
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    return { ok: false, error: `Only http(s) links can be opened, not ${u.protocol} links.` };
  if (u.username || u.password) return { ok: false, error: 'Links with a user name or password are not opened.' };
  const blob = GITHUB_BLOB.exec(u.origin + u.pathname);
  if (blob) return { ok: true, url: `https://raw.githubusercontent.com/${blob[1]}/${blob[2]}/${blob[3]}` };
  return { ok: true, url: u.href };
}

/** The `connect-src` sources of a Content-Security-Policy string (empty when it has no such directive). */
export function connectSources(policy: string): string[] | null {
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name === 'connect-src') return values;
  }
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name === 'default-src') return values;
  }
  return null;
}

function hostMatches(pattern: string, host: string): boolean {
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
  return pattern === host;
}

/** One CSP source expression (`'self'`, `https://*.hf.co`, `http://localhost:*`, `https:`) against a URL. */
function sourceAllows(expr: string, url: URL, selfOrigin: string): boolean {
  if (expr === "'self'") return url.origin === selfOrigin;
  if (expr === '*') return url.protocol === 'http:' || url.protocol === 'https:';
  if (/^[a-z][a-z0-9+.-]*:$/i.test(expr)) return url.protocol === expr.toLowerCase();
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([^/:]+)(?::(\d+|\*))?(\/.*)?$/i.exec(expr);
  if (!m) return false;
  const [, scheme, host, port, path] = m;
  if (scheme && `${scheme.toLowerCase()}:` !== url.protocol) return false;
  if (!hostMatches(host.toLowerCase(), url.hostname)) return false;
  const defaultPort = url.protocol === 'https:' ? '443' : '80';
  const urlPort = url.port || defaultPort;
  if (port !== '*' && (port ?? defaultPort) !== urlPort) return false;
  if (path && path !== '/') return path.endsWith('/') ? url.pathname.startsWith(path) : url.pathname === path;
  return true;
}

/** Whether a policy (null = no policy, everything allowed) lets the page fetch `href`. */
export function cspAllowsConnect(policy: string | null, href: string, selfOrigin: string): boolean {
  if (!policy) return true;
  const sources = connectSources(policy);
  if (!sources) return true;
  const url = new URL(href);
  return sources.some((s) => sourceAllows(s, url, selfOrigin));
}

/** Why a bundle could not be fetched, and what to do next; kinds are tested by the UI. */
export type FetchFailure =
  | { kind: 'csp'; origin: string }
  | { kind: 'network'; origin: string }
  | { kind: 'http'; status: number; url: string }
  | { kind: 'too-large'; bytes: number; limit: number }
  | { kind: 'invalid'; errors: string[] };

export function describeFailure(f: FetchFailure): string {
  switch (f.kind) {
    case 'csp':
      return (
        `This site's Content-Security-Policy does not allow connections to ${f.origin}. Put the bundle on GitHub ` +
        `(a raw.githubusercontent.com link) or on this site, or, in your own fork, add ${f.origin} to ` +
        'EXTRA_CONNECT_HOSTS in src/lib/config/csp.ts and rebuild.'
      );
    case 'network':
      return (
        `Could not read the file from ${f.origin}: the server is unreachable or does not allow other sites to read it ` +
        '(CORS: it must send Access-Control-Allow-Origin). GitHub raw links and files on this site work; otherwise ' +
        'download the file and import it on the Data page.'
      );
    case 'http':
      return f.status === 404
        ? `Not found (HTTP 404): ${f.url}. Check the link; on GitHub use the file's "Raw" link.`
        : `The server answered HTTP ${f.status} for ${f.url}. Try again later or ask whoever shared the link.`;
    case 'too-large':
      return `The file is ${(f.bytes / 2 ** 20).toFixed(0)} MB; the limit is ${f.limit / 2 ** 20} MB. Split the export.`;
    case 'invalid':
      return `This is not a valid results bundle, so nothing was shown: ${f.errors.slice(0, 5).join('; ')}`;
  }
}
