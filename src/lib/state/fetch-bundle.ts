// Reading a bundle from a link with the checks a link needs (CSP, CORS, HTTP status, size), outside any rune class.
import { MAX_BUNDLE_BYTES } from '../core/bundle/validate';
import { PUBLISHED_DIR, PUBLISHED_INDEX_FILE } from '../core/sources/published';
import { cspAllowsConnect, describeFailure, type FetchFailure } from '../core/sources/url';

/** The site's base URL as an absolute address (bundle links are resolved against it). */
export function siteUrl(): string {
  return new URL(import.meta.env.BASE_URL, location.href).href;
}

function pagePolicy(): string | null {
  const meta = document.querySelector<HTMLMetaElement>('meta[http-equiv="Content-Security-Policy"]');
  return meta?.content ?? null;
}

export class Failed extends Error {
  constructor(readonly failure: FetchFailure) {
    super(describeFailure(failure));
  }
}

/** Fetch a bundle's text with the checks a file import gets (size) plus the ones a link needs (CSP, CORS, HTTP). */
export async function fetchBundleText(url: string, onProgress: (bytes: number) => void): Promise<string> {
  const origin = new URL(url).origin;
  if (!cspAllowsConnect(pagePolicy(), url, location.origin)) throw new Failed({ kind: 'csp', origin });
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'omit', cache: 'no-cache' });
  } catch {
    throw new Failed({ kind: 'network', origin });
  }
  if (!res.ok) throw new Failed({ kind: 'http', status: res.status, url });
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > MAX_BUNDLE_BYTES) throw new Failed({ kind: 'too-large', bytes: declared, limit: MAX_BUNDLE_BYTES });
  if (!res.body) return await res.text();
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > MAX_BUNDLE_BYTES) {
      await reader.cancel();
      throw new Failed({ kind: 'too-large', bytes, limit: MAX_BUNDLE_BYTES });
    }
    text += decoder.decode(value, { stream: true });
    onProgress(bytes);
  }
  return text + decoder.decode();
}

/** The published-replications index of this site. */
export function indexUrl(): string {
  return new URL(PUBLISHED_DIR + PUBLISHED_INDEX_FILE, siteUrl()).href;
}

/** Whether a resolved URL is inside this site's published folder. */
export function isPublishedUrl(url: string): boolean {
  return url.startsWith(new URL(PUBLISHED_DIR, siteUrl()).href);
}
