// CSV cells: quoting, escaping and formula neutralisation.
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../../src/lib/core/csv';

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['=SUM(A1)', "'=SUM(A1)"],
    ['@cmd', "'@cmd"],
    [-3, '-3'],
    [null, ''],
    [undefined, ''],
    [true, 'true'],
  ] as const)('%s -> %s', (input, out) => {
    expect(csvCell(input)).toBe(out);
  });

  it.each([
    [' =1+1', " '=1+1"],
    ['\t=1+1', `"\t'=1+1"`],
    ['\n=1+1', `"\n'=1+1"`],
    ['\r\n@SUM(A1)', `"\r\n'@SUM(A1)"`],
    ['\u00a0\u3000=1', "\u00a0\u3000'=1"],
    ['＝1+1', "'＝1+1"],
    ['＋1', "'＋1"],
    ['ok;=cmd|x', `"ok;'=cmd|x"`],
    ['ok; =cmd', `"ok; '=cmd"`],
    ['a,=1', `"a,'=1"`],
    ['line one\n-2+3', `"line one\n'-2+3"`],
    ['a=b', 'a=b'],
    ['x - y', 'x - y'],
    ['semi;colon', '"semi;colon"'],
  ])('neutralises %j', (input, out) => expect(csvCell(input)).toBe(out));

  it('leaves no cell that a spreadsheet would read as a formula', () => {
    const triggers = ['=', '+', '-', '@', '＝', '＋', '－', '＠'];
    const leads = ['', ' ', '\t', '\n', '\r', '\r\n', '\u00a0', '\u3000', 'x;', 'x; ', 'x,', 'x\n '];
    for (const t of triggers)
      for (const l of leads) {
        const cell = csvCell(`${l}${t}1+1`);
        const inner = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
        // every piece a spreadsheet could see as a cell or line starts with a quote after its blanks
        for (const piece of inner.split(/[\r\n;,|]/))
          expect(piece.trimStart()[0] ?? "'", JSON.stringify(cell)).not.toMatch(/[=+\-@＝＋－＠]/);
      }
  });
  it('joins rows with CRLF', () => {
    expect(toCsv(['a', 'b'], [[1, 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
  });
});
