// One typed error for every engine failure, with a readable message, a suggested action, and key redaction.
import type { EngineErrorKind } from '../core/types';
import { REDACTED, scrubUrlCredentials, secretPattern } from '../core/secrets';

export interface EngineErrorInit {
  action?: string;
  retryable?: boolean;
  retryAfterMs?: number;
  status?: number;
  /** secrets to scrub from the message (the API key) */
  secrets?: (string | undefined)[];
}

/** Patterns of common provider key formats, scrubbed even when we were not told the key. */
const KEY_PATTERNS = [
  /sk-ant-[A-Za-z0-9_-]{8,}/g,
  /sk-(?:proj-|or-v1-)?[A-Za-z0-9_-]{16,}/g,
  /AIza[0-9A-Za-z_-]{20,}/g,
  /gsk_[A-Za-z0-9]{16,}/g,
  /xai-[A-Za-z0-9]{16,}/g,
  /fw_[A-Za-z0-9]{16,}/g,
  /Bearer\s+[^\s"',[]+/gi,
  /Basic\s+[A-Za-z0-9+/=]{8,}/g,
];

/**
 * Remove the given secrets (in plain, URL-encoded and base64 form), credentials inside URLs, and anything shaped
 * like a provider key from a text. Redacting twice changes nothing more.
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  const re = secretPattern(secrets);
  let out = re ? text.replace(re, REDACTED) : text;
  for (const p of KEY_PATTERNS) out = out.replace(p, REDACTED);
  return scrubUrlCredentials(out);
}

const DEFAULT_ACTIONS: Record<EngineErrorKind, string> = {
  auth: 'Check the API key (and that it has access to this model), then try again.',
  'rate-limit': 'Wait a little or lower the concurrency; the run retries automatically.',
  overloaded: 'The provider is overloaded; the run retries automatically. Try later if it persists.',
  server: 'The provider had an internal error; the run retries automatically.',
  'bad-request': 'Check the model name and settings (temperature, max tokens) for this provider.',
  'context-length': "The prompt does not fit this model's context window: pick a model with a longer context.",
  refused: 'The model refused; this is recorded as an outcome, not an error.',
  network: 'Check your connection; the run retries automatically.',
  blocked: "The browser could not reach the server or the server does not allow this page's origin (CORS).",
  aborted: 'Stopped on request.',
  'webgpu-unavailable': 'Use Chrome or Edge 113+ with WebGPU enabled, or choose an API model.',
  'out-of-memory': 'Choose a smaller model (or a q4f16 build), close other GPU-heavy tabs, and reload.',
  'device-lost': 'The GPU device was lost (driver reset or out of memory). Reload the page and try a smaller model.',
  quota: 'Free browser storage: delete cached models below, or allow more storage for this site.',
  'download-failed': 'Check your connection and that the model host is reachable, then retry the download.',
  'model-not-found':
    'Add the model again on the Setup page (custom models need their weights and library URLs), then resume.',
  unknown: 'Try again; if it keeps failing, copy this message into an issue.',
};

const RETRYABLE: ReadonlySet<EngineErrorKind> = new Set(['rate-limit', 'overloaded', 'server', 'network']);

export class EngineError extends Error {
  readonly kind: EngineErrorKind;
  readonly action: string;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly status?: number;
  /** how many attempts were made before giving up (set by withRetries) */
  attempts = 1;

  constructor(kind: EngineErrorKind, message: string, init: EngineErrorInit = {}) {
    super(redact(message, init.secrets));
    this.name = 'EngineError';
    this.kind = kind;
    this.action = redact(init.action ?? DEFAULT_ACTIONS[kind], init.secrets);
    this.retryable = init.retryable ?? RETRYABLE.has(kind);
    this.retryAfterMs = init.retryAfterMs;
    this.status = init.status;
  }

  /** message plus suggested action, for display */
  get display(): string {
    return `${this.message} ${this.action}`;
  }
}

export function isAbortError(e: unknown): boolean {
  return (
    (e instanceof DOMException && (e.name === 'AbortError' || e.name === 'TimeoutError')) ||
    (e instanceof Error && e.name === 'AbortError')
  );
}

/** Normalise anything thrown into an EngineError, scrubbing secrets from its message. */
export function toEngineError(e: unknown, secrets: (string | undefined)[] = []): EngineError {
  if (e instanceof EngineError) {
    if (redact(e.message, secrets) !== e.message || redact(e.action, secrets) !== e.action) {
      const copy = new EngineError(e.kind, e.message, {
        action: e.action,
        retryable: e.retryable,
        retryAfterMs: e.retryAfterMs,
        status: e.status,
        secrets,
      });
      copy.attempts = e.attempts;
      return copy;
    }
    return e;
  }
  if (isAbortError(e)) return new EngineError('aborted', 'The request was stopped.');
  const msg = e instanceof Error ? e.message : String(e);
  return new EngineError('unknown', msg || 'Unknown error', { secrets });
}

/** Parse a retry-after header (seconds or HTTP date) or retry-after-ms into milliseconds. */
export function parseRetryAfter(headers: Headers, now = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const ra = headers.get('retry-after');
  if (!ra) return undefined;
  if (/^\d+(\.\d+)?$/.test(ra.trim())) return Math.max(0, Number(ra) * 1000);
  const date = Date.parse(ra);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** Retry hints inside error bodies: "try again in 1.5s", "retry in 20ms", Gemini RetryInfo "retryDelay":"30s". */
export function parseRetryHint(text: string): number | undefined {
  const delay = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(text);
  if (delay) return Number(delay[1]) * 1000;
  const m = /(?:try again|retry) in\s+(\d+(?:\.\d+)?)\s*(ms|s|seconds?)\b/i.exec(text);
  if (!m) return undefined;
  return m[2] === 'ms' ? Number(m[1]) : Number(m[1]) * 1000;
}

const CONTEXT_PATTERNS = [
  /context_length_exceeded/i,
  /maximum context length/i,
  /prompt is too long/i,
  /context window/i,
  /exceeds the maximum number of tokens/i,
  /input token count.*exceeds/i,
  /too many tokens/i,
  /reduce the length of the messages/i,
];

export function looksLikeContextLength(text: string): boolean {
  return CONTEXT_PATTERNS.some((re) => re.test(text));
}

/** Map an HTTP error response (status + body text + headers) onto an EngineError. */
export function httpError(
  status: number,
  bodyText: string,
  headers: Headers,
  providerLabel: string,
  secrets: (string | undefined)[] = [],
): EngineError {
  const detail = extractMessage(bodyText) || `HTTP ${status}`;
  const retryAfterMs = parseRetryAfter(headers) ?? parseRetryHint(bodyText);
  const base = { status, secrets, retryAfterMs };
  const say = (what: string) => `${providerLabel}: ${what} (HTTP ${status}: ${detail})`;
  if (looksLikeContextLength(bodyText) || status === 413) {
    return new EngineError('context-length', say('the prompt is longer than the model accepts'), base);
  }
  const badKey = status === 400 && /API[_ ]KEY[_ ]INVALID|API key not valid/i.test(bodyText);
  if (status === 401 || status === 403 || badKey) return new EngineError('auth', say('the key was rejected'), base);
  if (status === 429) {
    // a hard quota (no credit) is not worth retrying; a per-minute quota comes with a retry hint
    return retryAfterMs === undefined && /insufficient_quota|credit balance|billing/i.test(bodyText)
      ? new EngineError('rate-limit', say('quota or credit exhausted'), {
          ...base,
          action: 'Add credit or raise the quota with the provider; automatic retries will not help.',
          retryable: false,
        })
      : new EngineError('rate-limit', say('rate limited'), base);
  }
  if (status === 529 || /overloaded/i.test(bodyText)) return new EngineError('overloaded', say('overloaded'), base);
  if (status >= 500) return new EngineError('server', say('server error'), base);
  if (status === 404) {
    return new EngineError('bad-request', say('not found'), {
      ...base,
      action: 'Check the base URL and the model name (the provider does not know this model or path).',
    });
  }
  const fix = PARAMETER_FIXES.find((f) => f.test.test(detail));
  return new EngineError('bad-request', say('request rejected'), fix ? { ...base, action: fix.action } : base);
}

/** What to change when a provider rejects one of the request's parameters by name (the first match applies). */
const PARAMETER_FIXES: { test: RegExp; action: string }[] = [
  {
    test: /max_completion_tokens/i,
    action: "This server wants max_completion_tokens, not max_tokens: choose the OpenAI preset for OpenAI's models.",
  },
  {
    test: /temperature/i,
    action:
      "This model does not take the temperature sent (OpenAI's reasoning models, o-series and GPT-5, take only 1): " +
      "set the experiment's temperature to 1 for it.",
  },
  {
    test: /reasoning_effort|reasoning effort|thinking|budget_tokens/i,
    action:
      'This model does not take that reasoning setting (a thinking budget must be at least 1,024 tokens and below ' +
      "max tokens): change or clear it in the model's Setup entry.",
  },
  {
    test: /max_tokens|max_output_tokens|maxOutputTokens/i,
    action: "Lower the experiment's max tokens to what this model allows.",
  },
];

/** Pull a human message out of the common error body shapes ({error:{message}}, {error:"..."}, {message}). */
export function extractMessage(bodyText: string): string {
  try {
    const j = JSON.parse(bodyText) as Record<string, unknown>;
    const err = Array.isArray(j) ? (j[0] as Record<string, unknown>)?.error : j.error;
    if (typeof err === 'string') return err;
    if (err && typeof err === 'object' && typeof (err as { message?: unknown }).message === 'string') {
      return (err as { message: string }).message;
    }
    if (typeof j.message === 'string') return j.message;
    if (typeof j.detail === 'string') return j.detail;
  } catch {
    /* not JSON */
  }
  return bodyText.slice(0, 300).trim();
}
