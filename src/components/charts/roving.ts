// Roving focus over a chart's marks in a line (bars): which mark a key moves to, so one mark is in the tab order.

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
