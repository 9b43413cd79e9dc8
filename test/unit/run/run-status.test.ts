import { describe, expect, it } from 'vitest';
import { shownStatus, statusText } from '../../../src/components/run/run-status';

describe('shownStatus', () => {
  it.each([
    ['running', false, false, 'interrupted'],
    ['running', true, false, 'running'],
    ['running', false, true, 'running'],
    ['paused', false, false, 'paused'],
    ['done', false, false, 'done'],
    ['error', false, false, 'error'],
  ] as const)('%s (driven here %s, elsewhere %s) → %s', (stored, drivenHere, elsewhere, want) => {
    expect(shownStatus(stored, { drivenHere, elsewhere })).toBe(want);
  });

  it('words an interrupted run with what to do next', () => {
    expect(statusText('interrupted')).toBe('interrupted — resume');
    expect(statusText('done')).toBe('done');
  });
});
