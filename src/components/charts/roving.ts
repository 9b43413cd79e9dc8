// Roving focus over a chart's marks, in a line (bars) or a grid (heatmap): where a key moves, so one mark is in the tab order.

/** The index a key moves focus to among `count` marks, the same index at either end; null for other keys. */
export function rovingTarget(key: string, index: number, count: number): number | null {
  const next =
    key === 'ArrowDown' || key === 'ArrowRight'
      ? index + 1
      : key === 'ArrowUp' || key === 'ArrowLeft'
        ? index - 1
        : key === 'Home'
          ? 0
          : key === 'End'
            ? count - 1
            : null;
  return next === null ? null : Math.max(0, Math.min(count - 1, next));
}

const STEPS: Record<string, [number, number]> = {
  ArrowRight: [0, 1],
  ArrowLeft: [0, -1],
  ArrowDown: [1, 0],
  ArrowUp: [-1, 0],
};

/**
 * The cell a key moves focus to in a `rows` × `cols` grid where only some cells exist (`has`): an arrow skips to the
 * next existing cell that way, Home/End to the first/last existing cell of the row; the same cell when there is none
 * that way. Null for other keys.
 */
export function gridTarget(
  key: string,
  [row, col]: readonly [number, number],
  rows: number,
  cols: number,
  has: (row: number, col: number) => boolean,
): [number, number] | null {
  if (key === 'Home' || key === 'End') {
    const dir = key === 'Home' ? 1 : -1;
    for (let c = key === 'Home' ? 0 : cols - 1; c >= 0 && c < cols; c += dir) if (has(row, c)) return [row, c];
    return [row, col];
  }
  if (!Object.hasOwn(STEPS, key)) return null;
  const [dr, dc] = STEPS[key];
  for (let r = row + dr, c = col + dc; r >= 0 && c >= 0 && r < rows && c < cols; r += dr, c += dc)
    if (has(r, c)) return [r, c];
  return [row, col];
}
