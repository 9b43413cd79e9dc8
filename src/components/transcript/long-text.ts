// How much of a long text the transcript renders at first and per step, so a huge reply never blocks the page.

/** Characters rendered at first and added per "show more". */
export const TEXT_STEP = 100_000;

/** The next number of characters to show: one more step, or everything (never more than the text). */
export function nextShown(shown: number, length: number, all = false): number {
  return all ? length : Math.min(length, shown + TEXT_STEP);
}

/** "Show the next 100,000 characters (1,234,567 not shown)" */
export function moreLabel(shown: number, length: number): string {
  const left = Math.max(0, length - shown);
  return `Show the next ${Math.min(TEXT_STEP, left).toLocaleString('en-US')} characters (${left.toLocaleString('en-US')} not shown)`;
}

/** Why a stored reply ends early, for the transcript. */
export function truncationText(t: 'max-tokens' | 'size'): string {
  return t === 'max-tokens'
    ? 'Cut by the lab: the reply kept streaming past its max tokens (the server ignored the limit), so the stream was stopped. The stored text ends at the cut.'
    : 'Cut by the lab: the reply was longer than the stored limit (1,000,000 characters for a reply from a run, 2,000,000 in an import), so only its first part is kept. The stored text ends at the cut.';
}
