// start-check: the confirmation threshold and the per-model estimates it states.
import { describe, expect, it } from 'vitest';
import { CONFIRM_ABOVE, estimatesFor, needsConfirm } from '../../../src/lib/runner/start-check';

const prompts = [{ system: 'x'.repeat(4000), userMessage: 'y'.repeat(36_000) }]; // 1,000 + 9,000 tokens

describe('needsConfirm', () => {
  it.each([
    [1, false],
    [CONFIRM_ABOVE, false],
    [CONFIRM_ABOVE + 1, true],
    [30_000, true],
  ])('%i samples → %s', (n, want) => expect(needsConfirm(n)).toBe(want));
});

describe('estimatesFor', () => {
  it('prices API models, calls in-browser models free, leaves an unknown price unknown', () => {
    const [api, browser, unknown] = estimatesFor(prompts, 10, [
      { label: 'api', inBrowser: false, concurrency: 5, pricing: { inputPerMTok: 1, outputPerMTok: 2 } },
      { label: 'local', inBrowser: true, concurrency: 8 },
      { label: 'custom', inBrowser: false, concurrency: 10 },
    ]);
    // 10 samples × (10,000 in × $1/M + 1,000 out × $2/M) = $0.12; 2 waves × (1.5 s + 1,000 / 50 s)
    expect(api).toMatchObject({ label: 'api', samples: 10 });
    expect(api.cost).toBeCloseTo(0.12);
    expect(api.seconds).toBeCloseTo(43);
    // one at a time in the browser: 10 × (3 s + 1,000 / 15 s)
    expect(browser.cost).toBe(0);
    expect(browser.seconds).toBeCloseTo(10 * (3 + 1000 / 15));
    expect(unknown.cost).toBeUndefined();
    expect(unknown.seconds).toBeCloseTo(21.5);
  });
});

describe('estimatesFor with a measured speed', () => {
  it.each([
    // [measured speed, expected seconds for 10 samples at concurrency 5 (2 waves)]
    [{ firstTokenSeconds: 0.2, tokensPerSecond: 500 }, 2 * (0.2 + 1000 / 500)],
    [{ firstTokenSeconds: 0.2 }, 2 * (0.2 + 1000 / 50)], // too short to time generation: the assumed speed stays
    [undefined, 2 * (1.5 + 1000 / 50)],
  ])('%j → %f s', (speed, seconds) => {
    const [e] = estimatesFor(prompts, 10, [{ label: 'api', inBrowser: false, concurrency: 5, speed }]);
    expect(e.seconds).toBeCloseTo(seconds);
  });
});
