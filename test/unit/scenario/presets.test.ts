// The named presets: every id is a valid, renderable condition and the figure sets match the paper.
import { describe, expect, it } from 'vitest';
import { conditionId } from '../../../src/lib/core/condition-id';
import { PAPER_PRESETS, PRESETS, listConditions } from '../../../src/lib/core/scenario/index';
import { loadPackFromDir } from '../../../scripts/lib/load-pack';

const pack = loadPackFromDir();
const valid = new Set(listConditions(pack, { ablations: true }).map(conditionId));
const preset = (id: string) => PRESETS.find((p) => p.id === id)?.conditionIds ?? [];

describe('PRESETS', () => {
  it('has unique ids and only valid condition ids', () => {
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
    for (const p of PRESETS) {
      expect(p.conditionIds.length).toBeGreaterThan(0);
      for (const id of p.conditionIds) expect(valid.has(id), `${p.id}: ${id}`).toBe(true);
    }
  });

  it('the whole base matrix is every base condition; the jump list leaves it out', () => {
    expect(new Set(preset('base-matrix'))).toEqual(new Set(listConditions(pack).map(conditionId)));
    expect(PAPER_PRESETS.map((p) => p.id)).toEqual(PRESETS.map((p) => p.id).filter((id) => id !== 'base-matrix'));
  });

  it.each([
    ['paper-grid', 18, 'leaking_none-none_restriction'],
    ['base-matrix', 234, 'murder_ambiguous-none_restriction'],
    ['fig7', 1, 'blackmail_explicit-america_replacement'],
    ['fig8', 1, 'blackmail_none-none_replacement'],
    ['fig9', 1, 'leaking_explicit-america_none'],
    ['fig10', 8, 'leaking_explicit-individualism_none'],
    ['fig11', 1, 'murder_explicit-america_replacement'],
    ['fig12', 4, 'leaking_explicit-america_replacement_dont'],
    ['controls', 3, 'murder_none-none_none'],
    ['eval-notice', 1, 'blackmail_none-none_replacement_notice'],
  ])('%s has %i conditions including %s', (id, n, example) => {
    expect(preset(id)).toHaveLength(n);
    expect(new Set(preset(id)).size).toBe(n);
    expect(preset(id)).toContain(example);
  });
});
