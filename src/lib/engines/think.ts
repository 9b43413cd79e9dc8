// Separates `<think>…</think>` reasoning from answer text, both for a finished reply and incrementally while streaming.

const OPEN = '<think>';
const CLOSE = '</think>';

/** Length of the longest suffix of `s` that is a proper prefix of `tag` (a tag possibly split across chunks). */
function partialTagSuffix(s: string, tag: string): number {
  for (let n = Math.min(tag.length - 1, s.length); n > 0; n--) {
    if (s.endsWith(tag.slice(0, n))) return n;
  }
  return 0;
}

/**
 * Split a complete reply. Every `<think>` block goes to reasoning (joined by blank lines); an unclosed block runs to
 * the end (truncated reasoning); a leading `</think>` with no opener (chat templates that pre-open the block) makes
 * everything before it reasoning.
 */
export function splitThink(full: string): { text: string; reasoning?: string } {
  const reasoning: string[] = [];
  let rest = full;
  const firstClose = rest.indexOf(CLOSE);
  const firstOpen = rest.indexOf(OPEN);
  if (firstClose !== -1 && (firstOpen === -1 || firstClose < firstOpen)) {
    reasoning.push(rest.slice(0, firstClose));
    rest = rest.slice(firstClose + CLOSE.length);
  }
  let text = '';
  for (;;) {
    const o = rest.indexOf(OPEN);
    if (o === -1) {
      text += rest;
      break;
    }
    text += rest.slice(0, o);
    const after = rest.slice(o + OPEN.length);
    const c = after.indexOf(CLOSE);
    if (c === -1) {
      reasoning.push(after);
      break;
    }
    reasoning.push(after.slice(0, c));
    rest = after.slice(c + CLOSE.length);
  }
  if (reasoning.length === 0) return { text: full };
  const joined = reasoning
    .map((r) => r.trim())
    .filter(Boolean)
    .join('\n\n');
  return { text: text.trim(), reasoning: joined || undefined };
}

/** Streaming splitter: push chunks, get display deltas; tags split across chunks are held back until resolved. */
export class ThinkSplitter {
  private buf = '';
  private inThink: boolean;
  /** a template that opens <think> itself: a model that writes its own opener anyway has it dropped once */
  private dropOpener: boolean;

  /** `startInThink`: the chat template already opened a <think> block, so the reply starts as reasoning. */
  constructor(startInThink = false) {
    this.inThink = startInThink;
    this.dropOpener = startInThink;
  }

  push(chunk: string): { text?: string; reasoning?: string } {
    this.buf += chunk;
    if (this.dropOpener) {
      const lead = this.buf.trimStart();
      if (lead.length < OPEN.length && OPEN.startsWith(lead)) return {};
      if (lead.startsWith(OPEN)) this.buf = lead.slice(OPEN.length);
      this.dropOpener = false;
    }
    let text = '';
    let reasoning = '';
    for (;;) {
      const tag = this.inThink ? CLOSE : OPEN;
      const at = this.buf.indexOf(tag);
      if (at !== -1) {
        if (this.inThink) reasoning += this.buf.slice(0, at);
        else text += this.buf.slice(0, at);
        this.buf = this.buf.slice(at + tag.length);
        this.inThink = !this.inThink;
        continue;
      }
      const keep = partialTagSuffix(this.buf, tag);
      const emit = this.buf.slice(0, this.buf.length - keep);
      if (this.inThink) reasoning += emit;
      else text += emit;
      this.buf = this.buf.slice(this.buf.length - keep);
      break;
    }
    const out: { text?: string; reasoning?: string } = {};
    if (text) out.text = text;
    if (reasoning) out.reasoning = reasoning;
    return out;
  }

  /** Flush a held-back partial tag at end of stream. */
  finish(): { text?: string; reasoning?: string } {
    const rest = this.buf;
    this.buf = '';
    if (!rest) return {};
    return this.inThink ? { reasoning: rest } : { text: rest };
  }
}
