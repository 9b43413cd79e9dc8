// The heatmap's words: each cell's label (rate, interval, the paper's rate and call, method), tooltip lines, cell text.
import { describe, expect, it } from 'vitest';
import { cellLabel, cellText, heatmapCaption, tooltipLines } from '../../../src/lib/core/stats/heatmap-labels';
import { callMark } from '../../../src/lib/core/stats/rate-text';
import { cmp } from '../charts/fixtures';

describe('heatmap cell labels', () => {
  it.each([
    [cmp('m', 'c', { k: 2, n: 10, instrument: 'lab' }), 'm on c: 20% [10%–30%], n=10; method: lab rules', '20%'],
    [
      cmp('m', 'c', { k: 2, n: 10, instrument: 'original', paper: 0.9, call: 'lower' }),
      "m on c: 20% [10%–30%], n=10; paper 90% (ours lower); method: original study's method",
      '20%▼',
    ],
    [
      cmp('m', 'c', { k: 8, n: 10, instrument: 'lab', paper: 0.2, call: 'higher' }),
      "m on c: 80% [10%–30%], n=10; paper 20% (ours higher); method: lab rules, not the paper's method",
      '80%▲',
    ],
    [
      cmp('m', 'c', { k: 3, n: 10, instrument: 'original', paper: 0.3 }),
      "m on c: 30% [10%–30%], n=10; paper 30%; method: original study's method",
      '30%',
    ],
    [cmp('m', 'c', { k: 0, n: 0 }), 'm on c: no classified samples; method: latest verdict of any method', '–'],
  ])('%#', (r, label, text) => {
    expect(cellLabel(r)).toBe(label);
    expect(cellText(r)).toBe(text);
    // narrow cells keep only the mark
    expect(callMark(r)).toBe(text.replace(/^[^▲▼]*/, ''));
  });
});

describe('tooltipLines', () => {
  it.each([
    ['m on c: 20%; method: lab rules', ['m on c', '20%', 'method: lab rules']],
    ['m on c: 20%, n=10; paper 90%; method: x', ['m on c', '20%, n=10', 'paper 90%', 'method: x']],
    ['no colon', ['no colon', '']],
  ])('%s', (label, lines) => {
    expect(tooltipLines(label)).toEqual(lines);
  });
});

describe('heatmapCaption', () => {
  it.each([
    [false, 'text = rate;', 'narrow'],
    [true, 'hover or focus one for its rate', 'text = rate'],
  ])('compact %s says %s', (compact, says, not) => {
    expect(heatmapCaption(compact)).toContain(says);
    expect(heatmapCaption(compact)).not.toContain(not);
    expect(heatmapCaption(compact)).toContain('Arrow keys move between cells');
  });
});
