// Python's str()/repr() of parsed JSON values: what string.Template writes when a variable is not a string.

/** Parsed JSON with the source text of numbers kept and objects as ordered pairs. */
export type PyJson = string | boolean | null | { pyNumber: string } | PyJson[] | { pyDict: [string, PyJson][] };

const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** Python's repr() of a str: single quotes unless the text has ' and no ", escapes for non-printable characters. */
export function pyReprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch !== ' ' && NON_PRINTABLE.test(ch)) {
      const hex = cp.toString(16);
      out +=
        cp < 0x100
          ? `\\x${hex.padStart(2, '0')}`
          : cp < 0x10000
            ? `\\u${hex.padStart(4, '0')}`
            : `\\U${hex.padStart(8, '0')}`;
    } else out += ch;
  }
  return out + quote;
}

/** Python's repr() of a float parsed from JSON text: shortest digits, `.0` on whole numbers, exponent outside 1e-4..1e16. */
function pyFloat(text: string): string {
  if (text === 'NaN') return 'nan';
  if (/Infinity/.test(text)) return text.startsWith('-') ? '-inf' : 'inf';
  const x = Number(text);
  if (Object.is(x, -0)) return '-0.0';
  if (x === 0) return '0.0';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const [mant, expText] = x.toExponential().split('e');
  const exp = Number(expText);
  const neg = mant.startsWith('-');
  const digits = mant.replace(/^-/, '').replace('.', '');
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${neg ? '-' : ''}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  let body: string;
  if (exp < 0) body = `0.${'0'.repeat(-exp - 1)}${digits}`;
  else if (digits.length <= exp + 1) body = `${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
  else body = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  return `${neg ? '-' : ''}${body}`;
}

function pyNumber(text: string): string {
  if (/^-?\d+$/.test(text)) return BigInt(text).toString();
  return pyFloat(text);
}

function pyRepr(v: PyJson): string {
  return typeof v === 'string' ? pyReprString(v) : pyStr(v);
}

/** Python's str() of a value json.loads produced. */
export function pyStr(v: PyJson): string {
  if (typeof v === 'string') return v;
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v === null) return 'None';
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if ('pyNumber' in v) return pyNumber(v.pyNumber);
  return `{${v.pyDict.map(([k, x]) => `${pyReprString(k)}: ${pyRepr(x)}`).join(', ')}}`;
}
