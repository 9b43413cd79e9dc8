// Collects a streamed reply (text, reasoning, timings) and builds the final ChatResult every engine returns.
import type { ChatResult, Usage } from '../core/types';
import { splitThink, ThinkSplitter } from './think';

export type DeltaListener = (delta: { text?: string; reasoning?: string }) => void;

export class ReplyAccumulator {
  private raw = '';
  private reasoning = '';
  private readonly splitter: ThinkSplitter;
  /** the chat template opened <think> before the reply (reasoning comes first, maybe without an opener) */
  private readonly startInThink: boolean;
  private readonly t0 = performance.now();
  readonly startedAt = new Date().toISOString();
  private firstTokenMs: number | undefined;

  constructor(
    private readonly onDelta?: DeltaListener,
    opts: { startInThink?: boolean } = {},
  ) {
    this.startInThink = opts.startInThink ?? false;
    this.splitter = new ThinkSplitter(this.startInThink);
  }

  private mark() {
    if (this.firstTokenMs === undefined) this.firstTokenMs = Math.round(performance.now() - this.t0);
  }

  /** answer text (may contain `<think>` blocks, split out for display and in the result) */
  text(delta: string | undefined | null) {
    if (!delta) return;
    this.mark();
    this.raw += delta;
    const d = this.splitter.push(delta);
    if (d.text || d.reasoning) this.onDelta?.(d);
  }

  /** reasoning the provider marks as such (thinking blocks, reasoning_content, thought parts) */
  thought(delta: string | undefined | null) {
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
      finishReason,
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
