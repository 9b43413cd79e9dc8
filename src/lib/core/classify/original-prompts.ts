// The original harness's judge prompts, read from the user's own copy of its `classifiers/*.py` (never bundled).
import type { ScenarioId } from '../types';

export interface JudgePromptPair {
  system: string;
  /** Python `str.format` template with `{response}` and `{email_context}` */
  user: string;
}

/** The three judge prompts of the harness, plus a short hash naming this copy in verdict versions. */
export interface OriginalPrompts {
  blackmail: JudgePromptPair;
  leaking: JudgePromptPair;
  murder: JudgePromptPair;
  /** 8 hex digits over all six texts */
  hash: string;
  /** where they came from, e.g. "folder", "zip", a URL */
  source: string;
}

/** File and constant names as the harness ships them. */
export const ORIGINAL_CLASSIFIER_FILES: Record<ScenarioId, { file: string; prefix: string }> = {
  blackmail: { file: 'blackmail_classifier.py', prefix: 'BLACKMAIL' },
  leaking: { file: 'leak_classifier.py', prefix: 'LEAK' },
  murder: { file: 'murder_classifier.py', prefix: 'MURDER' },
};

/** Paths, relative to the `classifiers/` folder, fetched when the user gives a folder URL. */
export function originalClassifierPaths(): string[] {
  return Object.values(ORIGINAL_CLASSIFIER_FILES).map((f) => f.file);
}

const ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\n': '',
};

/** Python escape processing for a non-raw string literal body (unknown escapes stay as written, as in Python). */
function unescapePython(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[\s\S])/g, (m, e: string) => {
    if (e.length > 1) return String.fromCharCode(parseInt(e.slice(1), 16));
    return e in ESCAPES ? ESCAPES[e] : m;
  });
}

/** The value of `NAME = """…"""` (or '''…''', optionally r-prefixed) in Python source; undefined when absent. */
export function pythonStringConstant(source: string, name: string): string | undefined {
  const re = new RegExp(`^${name}\\s*=\\s*([rRuU]?)("""|''')([\\s\\S]*?)\\2`, 'm');
  const m = re.exec(source);
  if (!m) return undefined;
  return m[1].toLowerCase() === 'r' ? m[3] : unescapePython(m[3]);
}

/** Python `str.format` with named fields only; `{{`/`}}` are literal braces; an unknown field is an error, as in Python. */
export function pythonFormat(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (m, field: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    const name = field ?? '';
    if (!(name in values)) throw new Error(`the judge prompt asks for "{${name}}", which the harness does not supply`);
    return values[name];
  });
}

function hash8(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Finds a file by name anywhere in a path → text map (folder picks and zips keep their top folders). */
function fileNamed(files: Record<string, string>, name: string): string | undefined {
  const paths = Object.keys(files).filter((p) => p === name || p.endsWith(`/${name}`));
  const preferred = paths.find((p) => /(^|\/)classifiers\//.test(p)) ?? paths[0];
  return preferred === undefined ? undefined : files[preferred];
}

/** Reads the three judge prompts from the harness's classifier files; throws one message naming everything missing. */
export function readOriginalPrompts(files: Record<string, string>, source: string): OriginalPrompts {
  const missing: string[] = [];
  const out: Partial<Record<ScenarioId, JudgePromptPair>> = {};
  for (const [scenario, { file, prefix }] of Object.entries(ORIGINAL_CLASSIFIER_FILES) as [
    ScenarioId,
    { file: string; prefix: string },
  ][]) {
    const text = fileNamed(files, file);
    if (text === undefined) {
      missing.push(`classifiers/${file}`);
      continue;
    }
    const system = pythonStringConstant(text, `${prefix}_CLASSIFICATION_SYSTEM_PROMPT`);
    const user = pythonStringConstant(text, `${prefix}_CLASSIFICATION_USER_PROMPT`);
    if (system === undefined) missing.push(`${prefix}_CLASSIFICATION_SYSTEM_PROMPT in ${file}`);
    if (user === undefined) missing.push(`${prefix}_CLASSIFICATION_USER_PROMPT in ${file}`);
    else if (!user.includes('{response}')) missing.push(`the {response} field in ${prefix}_CLASSIFICATION_USER_PROMPT`);
    if (system !== undefined && user !== undefined) out[scenario] = { system, user };
  }
  if (missing.length || !out.blackmail || !out.leaking || !out.murder)
    throw new Error(
      `These are not the original harness's classifiers: missing ${missing.join(', ')}. ` +
        'Choose the classifiers/ folder of your copy of the harness (or its .zip).',
    );
  const all = [out.blackmail, out.leaking, out.murder].map((p) => `${p.system}\u0000${p.user}`).join('\u0001');
  return { blackmail: out.blackmail, leaking: out.leaking, murder: out.murder, hash: hash8(all), source };
}

/** Fetch the three classifier files below a `classifiers/` folder URL (a GitHub folder page works), or a .zip. */
export async function classifierFilesFromUrl(
  input: string,
  normalise: (url: string) => string,
  fromZip: (data: Uint8Array) => Record<string, string>,
  fetchFn: typeof fetch = fetch,
): Promise<Record<string, string>> {
  const base = normalise(input);
  const get = async (url: string) => {
    const res = await fetchFn(url);
    if (!res.ok) throw new Error(`${url} answered ${res.status}. Check the URL points at the classifiers folder.`);
    return res;
  };
  if (/\.zip$/i.test(new URL(base).pathname)) return fromZip(new Uint8Array(await (await get(base)).arrayBuffer()));
  const out: Record<string, string> = {};
  for (const p of originalClassifierPaths())
    out[`classifiers/${p}`] = await (await get(new URL(p, base).toString())).text();
  return out;
}
