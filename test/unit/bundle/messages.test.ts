// Import messages say what is really wrong: numbers too large to represent, absurd nesting (not a cut-off file).
import { describe, expect, it } from 'vitest';
import { buildBundle, parseBundleText } from '../../../src/lib/core/bundle';
import { BundleStreamChecker } from '../../../src/lib/core/bundle/stream-check';
import { makeRun } from '../storage/make';

const head = JSON.stringify(
  buildBundle([makeRun('r')], [], { appVersion: '0.1.0', bundleId: 'b', exportedAt: '2026-01-01T00:00:00Z' }),
);

function both(text: string): string[][] {
  const whole = parseBundleText(text);
  const stream = new BundleStreamChecker();
  for (let i = 0; i < text.length; i += 4096) stream.push(text.slice(i, i + 4096));
  const streamed = stream.finish();
  return [whole.ok ? [] : whole.errors, streamed.ok ? [] : streamed.errors];
}

describe('import messages', () => {
  it('names a number too large to represent (1e400) instead of "must be a number, not a number"', () => {
    const text = head.replace('"temperature":1', '"temperature":1e400');
    expect(text).toContain('1e400');
    for (const errors of both(text)) {
      expect(errors.join('\n')).toMatch(/temperature: is a number too large to represent/);
      expect(errors.join('\n')).not.toMatch(/not a number/);
    }
  });

  it('calls 10,000-deep nesting what it is, not a truncated file', () => {
    const text = head.replace('"samples":[]', `"samples":[${'['.repeat(10_000)}${']'.repeat(10_000)}]`);
    for (const errors of both(text)) {
      expect(errors.join('\n')).toMatch(/nests its values far deeper/);
      expect(errors.join('\n')).not.toMatch(/truncated/);
    }
  });

  it('still calls a cut-off file possibly truncated', () => {
    for (const errors of both(head.slice(0, head.length - 20))) expect(errors.join('\n')).toMatch(/truncated/);
  });
});
