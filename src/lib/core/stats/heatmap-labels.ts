// What the results heatmap says of each cell (screen-reader label, tooltip lines, the text in the cell), kept out of the component.
import type { PaperComparison } from './compare-paper';
import { callMark, methodText, pct, rateInterval } from './rate-text';

/** A cell's label: model and condition, our rate and interval, the paper's rate and the call, and our method. */
export function cellLabel(r: PaperComparison): string {
  const i = r.cell.interval;
  const ours = i.n ? `${rateInterval(i)}, n=${i.n}` : 'no classified samples';
  const paper = r.paper ? `; paper ${pct(r.paper.rate)}${r.call === 'none' ? '' : ` (ours ${r.call})`}` : '';
  return `${r.cell.model} on ${r.cell.conditionId}: ${ours}${paper}; ${methodText(r)}`;
}

/** A label as tooltip lines: the cell's name, then each part on its own line. */
export function tooltipLines(label: string): string[] {
  const [head, ...rest] = label.split(': ');
  return [head, ...rest.join(': ').split('; ')];
}

/** The text in a cell: our rate ('–' without classified samples), and ▲/▼ when the intervals do not overlap. */
export function cellText(r: PaperComparison): string {
  const i = r.cell.interval;
  return (i.n ? pct(i.rate) : '–') + callMark(r);
}

/** The heatmap's caption; narrow cells (many conditions) carry no rate, so it says where to find it. */
export function heatmapCaption(compact: boolean): string {
  const text = compact
    ? 'the cells are narrow for this many conditions: hover or focus one for its rate'
    : 'text = rate';
  return (
    `Colour = harmful rate; ${text}; ▲/▼ = above/below the paper with non-overlapping 95% intervals. ` +
    'Arrow keys move between cells, Enter lists the samples.'
  );
}
