// RFC 4180 CSV writing, with spreadsheet formula injection neutralised wherever a spreadsheet could start a formula.

export type CsvCell = string | number | boolean | null | undefined;

/** Characters that start a formula, in ASCII and full width (spreadsheets fold ＝ to =). */
const TRIGGER = '=+\\-@\\uFF1D\\uFF0B\\uFF0D\\uFF20';
/** Blank or control characters a spreadsheet may skip before reading a formula. */
const LEAD = '\\s\\u0000-\\u001f\\u007f\\u00a0\\u3000\\uFEFF';
/** A trigger at the start of the cell, of a line inside it, or after ; or , (the separators of other locales). */
const FORMULA = new RegExp(`(^|[\\r\\n;,|])([${LEAD}]*)(?=[${TRIGGER}])`, 'gu');
const FORMULA_TEST = new RegExp(FORMULA.source, 'u');

export function csvCell(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && FORMULA_TEST.test(s)) s = s.replace(FORMULA, "$1$2'");
  // quoted also for ; and tab, so a spreadsheet that splits on those keeps the cell whole
  return /[",;\t\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: CsvCell[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
