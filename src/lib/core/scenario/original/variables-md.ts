// Parse the original's variables files (`## Section` + fenced JSON) with the same regex, dict and str() semantics as Python.
import { pyStr, type PyJson } from './py-str';

const NUMBER_MARK = '\u0000py-number';
// JSON strings are matched first so numbers inside them stay; Python's json also accepts NaN and ±Infinity
const JSON_TOKENS = /"(?:[^"\\]|\\.)*"|(-?Infinity|NaN|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;

/** Parse JSON keeping each number's source text (Python tells `4` from `4.0`; JavaScript does not). */
function parsePythonJson(text: string): unknown {
  const marked = text.replace(JSON_TOKENS, (m, num: string | undefined) =>
    num === undefined ? m : `{${JSON.stringify(NUMBER_MARK)}:${JSON.stringify(num)}}`,
  );
  const revive = (v: unknown): PyJson => {
    if (Array.isArray(v)) return v.map(revive);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      if (keys.length === 1 && keys[0] === NUMBER_MARK) return { pyNumber: String(o[NUMBER_MARK]) };
      return { pyDict: keys.map((k) => [k, revive(o[k])] as [string, PyJson]) };
    }
    return v as PyJson;
  };
  return revive(JSON.parse(marked));
}

/**
 * Section key (heading lower-cased, spaces and hyphens to `_`) → variables as Python's `str()` renders them, in
 * the order of a Python dict: the original's regex runs with DOTALL (a heading may swallow following lines), and a
 * repeated key keeps its first position but takes the later value. Sections whose JSON does not parse are skipped,
 * as the original prints a warning and skips them.
 */
export function parseVariablesMarkdown(text: string): [string, Record<string, string>][] {
  const out = new Map<string, Record<string, string>>();
  for (const m of text.matchAll(/## ([\s\S]*?)\n\s*```json\s*([\s\S]*?)\s*```/g)) {
    const key = m[1].trim().toLowerCase().replace(/[ -]/g, '_');
    let parsed: unknown;
    try {
      parsed = parsePythonJson(m[2]);
    } catch {
      continue;
    }
    const entries =
      parsed && typeof parsed === 'object' && 'pyDict' in parsed
        ? (parsed as { pyDict: [string, PyJson][] }).pyDict
        : [];
    out.set(key, Object.fromEntries(entries.map(([k, v]) => [k, pyStr(v)])));
  }
  return [...out.entries()];
}

/** The original's choice of variables file for a goal value: exact word match in the file stem first, then substring. */
export function pickVariablesFile(stems: string[], value: string): string | undefined {
  const v = value.toLowerCase();
  const candidates = stems.filter((s) => s !== 'ambiguous' && s.toLowerCase().includes(v));
  const exact = candidates.find((s) => {
    const l = s.toLowerCase();
    return `_${l}_`.includes(`_${v}_`) || l.startsWith(v) || l.endsWith(v);
  });
  return exact ?? candidates[0];
}

/** The original's choice of section: the first whose key contains the value (or is `pro_<value>`), else the first. */
export function pickSection(
  sections: [string, Record<string, string>][],
  value: string,
): Record<string, string> | undefined {
  const v = value.toLowerCase();
  return (sections.find(([k]) => k.includes(v) || k === `pro_${v}`) ?? sections[0])?.[1];
}
