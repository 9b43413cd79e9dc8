// Frame guard: a meta CSP cannot say frame-ancestors, so the page itself notices when another page frames it.

/** Whether this page is shown inside a frame (any frame: a hostile site could overlay or steer what is typed). */
export function isFramed(
  w: Pick<Window, 'self' | 'top'> | undefined = typeof window === 'undefined' ? undefined : window,
): boolean {
  if (!w) return false;
  try {
    return w.self !== w.top;
  } catch {
    // reading top across origins can throw: that is a frame too
    return true;
  }
}

export const FRAMED_MESSAGE =
  'This page is shown inside a frame of another page, so it does not take or use API keys here: the outer page ' +
  'could overlay it or steer what you type. Open the lab in its own tab to enter keys.';
