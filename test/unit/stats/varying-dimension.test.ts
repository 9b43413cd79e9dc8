// varyingDimension: the grouped view's starting axis is the first one on which the selected conditions differ.
import { describe, expect, it } from 'vitest';
import { varyingDimension } from '../../../src/lib/core/stats/dimensions';

const BM = 'blackmail_explicit-america_replacement';
describe('varyingDimension', () => {
  it.each([
    ['no conditions', [], 'goalValue'],
    ['one condition', [BM], 'goalValue'],
    ['two scenarios', [BM, 'leaking_explicit-america_none'], 'scenario'],
    ['one scenario, instructions differ', [BM, `${BM}_dont`], 'instructions'],
    ['goal values differ', [BM, 'blackmail_explicit-global_replacement'], 'goalValue'],
    ['urgency differs', [BM, 'blackmail_explicit-america_restriction', 'blackmail_explicit-america_none'], 'urgency'],
    ['unparseable ids are skipped', [BM, 'not-a-condition'], 'goalValue'],
  ])('%s', (_n, ids, want) => expect(varyingDimension(ids as string[])).toBe(want));
});
