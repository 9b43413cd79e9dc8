// Pure hash-route parsing and formatting, so every view is a shareable link (`#/results?model=x`).

export type RouteName = 'setup' | 'scenarios' | 'experiment' | 'run' | 'results' | 'compare' | 'transcript' | 'data';

export interface Route {
  name: RouteName;
  /** path parameters, e.g. { id } for run, { runId, sampleId } for transcript */
  params: Record<string, string>;
  /** query parameters after `?` */
  query: URLSearchParams;
}

const PATTERNS: { name: RouteName; parts: string[] }[] = [
  { name: 'setup', parts: ['setup'] },
  { name: 'scenarios', parts: ['scenarios'] },
  { name: 'experiment', parts: ['experiment'] },
  { name: 'run', parts: ['run', ':id'] },
  { name: 'results', parts: ['results'] },
  { name: 'compare', parts: ['compare'] },
  { name: 'transcript', parts: ['transcript', ':runId', ':sampleId'] },
  { name: 'data', parts: ['data'] },
];

export const DEFAULT_ROUTE: RouteName = 'setup';

/** Parse a location hash such as `#/run/abc?x=1`. Unknown paths fall back to the default route. */
export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q >= 0 ? raw.slice(0, q) : raw;
  const query = new URLSearchParams(q >= 0 ? raw.slice(q + 1) : '');
  const segs = path.split('/').filter(Boolean).map(safeDecode);
  for (const p of PATTERNS) {
    if (p.parts.length !== segs.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    p.parts.forEach((part, i) => {
      if (part.startsWith(':')) params[part.slice(1)] = segs[i];
      else if (part !== segs[i]) ok = false;
    });
    if (ok) return { name: p.name, params, query };
  }
  return { name: DEFAULT_ROUTE, params: {}, query };
}

/** Build a hash for a route; parameters are URI-encoded. */
export function formatHash(
  name: RouteName,
  params: Record<string, string> = {},
  query?: URLSearchParams | Record<string, string>,
): string {
  const p = PATTERNS.find((x) => x.name === name);
  if (!p) throw new Error(`unknown route ${name}`);
  const path = p.parts
    .map((part) => (part.startsWith(':') ? encodeURIComponent(params[part.slice(1)] ?? '') : part))
    .join('/');
  const qs = query instanceof URLSearchParams ? query.toString() : new URLSearchParams(query ?? {}).toString();
  return `#/${path}${qs ? `?${qs}` : ''}`;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
