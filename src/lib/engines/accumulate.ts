// Collects a streamed reply (text, reasoning, timings) and builds the final ChatResult every engine returns.
import type { ChatResult, Truncation, Usage } from '../core/types';
import { MAX_REPLY_CHARS } from '../core/types';
import { splitThink, ThinkSplitter } from './think';

export type DeltaListener = (delta: { text?: string; reasoning?: string }) => void;

/**
 * Characters a streamed reply may reach before the engine stops it as past its max tokens: 8 characters a token
 * (about twice what English averages) plus 4096 of slack, so a reply within its limit is never cut.
 */
export function streamCharLimit(maxTokens: number): number {
  return Math.max(0, Math.floor(maxTokens)) * 8 + 4096;
}

export class ReplyAccumulator {
  private raw = '';
  private reasoning = '';
  private readonly splitter: ThinkSplitter;
  /** the chat template opened <think> before the reply (reasoning comes first, maybe without an opener) */
  private readonly startInThink: boolean;
  private readonly t0 = performance.now();
  readonly startedAt = new Date().toISOString();
  private firstTokenMs: number | undefined;
  private readonly limit: number;
  private readonly limitReason: Truncation;
  /** set once the reply reached its limit: the engine stops reading and the result says why it was cut */
  cut: Truncation | undefined;

  /**
   * `maxTokens` (answer plus any thinking budget) bounds the stream: past streamCharLimit(maxTokens), or past
   * MAX_REPLY_CHARS, nothing more is kept and `cut` is set.
   */
  constructor(
    private readonly onDelta?: DeltaListener,
    opts: { startInThink?: boolean; maxTokens?: number } = {},
  ) {
    this.startInThink = opts.startInThink ?? false;
    this.splitter = new ThinkSplitter(this.startInThink);
    const byTokens = opts.maxTokens === undefined ? Infinity : streamCharLimit(opts.maxTokens);
    this.limit = Math.min(byTokens, MAX_REPLY_CHARS);
    this.limitReason = byTokens < MAX_REPLY_CHARS ? 'max-tokens' : 'size';
  }

  /** the reply reached its limit: stop reading the stream */
  get full(): boolean {
    return this.cut !== undefined;
  }

  /** the part of `delta` that still fits under the limit (sets `cut` when it does not all fit) */
  private fit(delta: string): string {
    if (this.cut) return '';
    const room = this.limit - this.raw.length - this.reasoning.length;
    if (delta.length <= room) return delta;
    this.cut = this.limitReason;
    return delta.slice(0, Math.max(0, room));
  }

  private mark() {
    if (this.firstTokenMs === undefined) this.firstTokenMs = Math.round(performance.now() - this.t0);
  }

  /** answer text (may contain `<think>` blocks, split out for display and in the result) */
  text(delta: string | undefined | null) {
    if (!delta) return;
    delta = this.fit(delta);
    if (!delta) return;
    this.mark();
    this.raw += delta;
    const d = this.splitter.push(delta);
    if (d.text || d.reasoning) this.onDelta?.(d);
  }

  /** reasoning the provider marks as such (thinking blocks, reasoning_content, thought parts) */
  thought(delta: string | undefined | null) {
    if (!delta) return;
    delta = this.fit(delta);
    if (!delta) return;
    this.mark();
    this.reasoning += delta;
    this.onDelta?.({ reasoning: delta });
  }

  get hasOutput(): boolean {
    return this.raw.length > 0 || this.reasoning.length > 0;
  }

  result(finishReason: string, usage: Usage, modelId: string): ChatResult {
    const tail = this.splitter.finish();
    if (tail.text || tail.reasoning) this.onDelta?.(tail);
    const opened = this.startInThink && !this.raw.trimStart().startsWith('<think>');
    const split = splitThink(opened ? `<think>${this.raw}` : this.raw);
    const reasoning = [this.reasoning.trim(), split.reasoning ?? ''].filter(Boolean).join('\n\n');
    return {
      text: split.text,
      ...(reasoning ? { reasoning } : {}),
      // a reply the lab cut ends as if at its max tokens, whatever the server said afterwards
      finishReason: this.cut ? 'length' : finishReason,
      ...(this.cut ? { truncated: this.cut } : {}),
      usage,
      modelId,
      timings: {
        startedAt: this.startedAt,
        ...(this.firstTokenMs !== undefined ? { firstTokenMs: this.firstTokenMs } : {}),
        totalMs: Math.round(performance.now() - this.t0),
      },
    };
  }
}

/** Drop undefined fields so results compare and serialise cleanly. */
export function cleanUsage(u: Usage): Usage {
  const out: Usage = {};
  if (typeof u.inputTokens === 'number') out.inputTokens = u.inputTokens;
  if (typeof u.outputTokens === 'number') out.outputTokens = u.outputTokens;
  if (typeof u.reasoningTokens === 'number' && u.reasoningTokens > 0) out.reasoningTokens = u.reasoningTokens;
  return out;
}
