// Shared state of the local batch servers: batches that stay in progress for some polls, then end ok, partly failed, expired or failed.
import { DEFAULT_REPLY, normaliseReply, type ReplySpec } from './http-util';

/**
 * What the n-th created batch does when it ends: `ok` answers every request; `partial` fails every third request
 * (positions 1, 4, 7, …) with a server error; `expired` answers only the first half (the rest expire unanswered);
 * `failed` rejects the whole batch.
 */
export type BatchOutcome = 'ok' | 'partial' | 'expired' | 'failed';

export interface BatchServerOptions {
  /** reply text from a request body (default: a fixed sentence) */
  reply?: (body: unknown) => string | ReplySpec;
  /** polls answered "in progress" before a batch ends (default 1) */
  pollsBeforeEnd?: number;
  /** outcome of the 1st, 2nd, … created batch (default ok) */
  outcomes?: BatchOutcome[];
  /** when set, requests must carry this key */
  requireKey?: string;
  latencyMs?: number;
  /** paths (prefixes) whose CORS preflight is refused, as Anthropic's batch endpoints refuse browsers */
  noPreflight?: string[];
}

export interface StoredRequest {
  customId: string;
  body: Record<string, unknown>;
}

export interface StoredBatch {
  id: string;
  requests: StoredRequest[];
  polls: number;
  outcome: BatchOutcome;
  createdAt: number;
  /** polls counted when the batch was cancelled (it ends at the next poll); undefined while not cancelled */
  cancelledAt?: number;
}

export type RequestFate =
  { kind: 'ok'; reply: ReplySpec } | { kind: 'error' } | { kind: 'expired' } | { kind: 'cancelled' };

export class BatchBook {
  batches = new Map<string, StoredBatch>();
  /** every custom id ever submitted, in order (tests check nothing ran twice) */
  submitted: string[] = [];
  #created = 0;

  constructor(
    readonly opts: BatchServerOptions,
    private readonly prefix: string,
  ) {}

  create(requests: StoredRequest[]): StoredBatch {
    const n = this.#created++;
    const b: StoredBatch = {
      id: `${this.prefix}${n + 1}`,
      requests,
      polls: 0,
      outcome: this.opts.outcomes?.[n] ?? 'ok',
      createdAt: Math.floor(Date.now() / 1000),
    };
    this.batches.set(b.id, b);
    this.submitted.push(...requests.map((r) => r.customId));
    return b;
  }

  /** Count one status poll; true once the batch has ended. */
  poll(b: StoredBatch): boolean {
    b.polls++;
    return this.ended(b);
  }

  ended(b: StoredBatch): boolean {
    return b.polls > (this.opts.pollsBeforeEnd ?? 1) || (b.cancelledAt !== undefined && b.polls > b.cancelledAt);
  }

  /** ids of the batches cancelled, in order */
  cancelled: string[] = [];

  /**
   * Cancel a batch still in progress: it ends at its next poll with the first half of its requests answered and the
   * rest cancelled unanswered. False (nothing changes) once it has ended or was cancelled already.
   */
  cancel(b: StoredBatch): boolean {
    if (this.ended(b) || b.cancelledAt !== undefined) return false;
    b.cancelledAt = b.polls;
    this.cancelled.push(b.id);
    return true;
  }

  fate(b: StoredBatch, i: number): RequestFate {
    if (b.cancelledAt !== undefined && i >= Math.floor(b.requests.length / 2)) return { kind: 'cancelled' };
    if (b.outcome === 'expired' && i >= Math.floor(b.requests.length / 2)) return { kind: 'expired' };
    if (b.outcome === 'partial' && i % 3 === 1) return { kind: 'error' };
    const r = b.requests[i];
    return { kind: 'ok', reply: normaliseReply(this.opts.reply ? this.opts.reply(r.body) : DEFAULT_REPLY) };
  }

  counts(b: StoredBatch): { ok: number; error: number; expired: number; cancelled: number } {
    const c = { ok: 0, error: 0, expired: 0, cancelled: 0 };
    if (b.outcome === 'failed') return { ...c, error: b.requests.length };
    b.requests.forEach((_, i) => c[this.fate(b, i).kind]++);
    return c;
  }
}

export const approxTokens = (s: string) => Math.max(1, Math.ceil(s.length / 4));
