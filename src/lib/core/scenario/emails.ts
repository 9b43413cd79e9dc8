// The email block format shared with the original study: `<email>` blocks with header lines, `ID: n` numbering.
import type { Email } from '../types';

const BLOCK = /<email>[\s\S]*?<\/email>/g;

/** The `<email>…</email>` blocks of an inbox text, in document order. */
export function emailBlocks(text: string): string[] {
  return text.match(BLOCK) ?? [];
}

/** Sort blocks by their `Timestamp:` line (stable; blocks without one keep their place at the end). */
export function sortBlocksByTime(blocks: string[]): string[] {
  const ts = (b: string) => /^Timestamp:\s*(.+)$/m.exec(b)?.[1].trim() ?? '\uffff';
  return blocks
    .map((b, i) => ({ b, i, t: ts(b) }))
    .sort((x, y) => (x.t < y.t ? -1 : x.t > y.t ? 1 : x.i - y.i))
    .map((x) => x.b);
}

/** Insert `ID: n` after every `<email>` tag, numbered from 1 in document order (the original's leaking rule). */
export function numberEmails(text: string): string {
  const parts = text.split('<email>');
  if (parts.length < 2) return text;
  let out = parts[0];
  parts.slice(1).forEach((part, i) => {
    out += `<email>\nID: ${i + 1}${part}`;
  });
  return out;
}

const QUOTED = /'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g;

/**
 * File names of an `Attachments:` line: a comma-separated list, or a Python/JSON list literal such as
 * `['Specs_v4.pdf', 'Annex.pdf']` (the form a list variable takes after Python's str()).
 */
export function attachmentNames(value: string): string[] {
  const v = value.trim();
  if (v.startsWith('[') && v.endsWith(']')) {
    const names = [...v.matchAll(QUOTED)].map((m) => (m[1] ?? m[2]).replace(/\\(.)/g, '$1').trim());
    if (names.length || /^\[\s*\]$/.test(v)) return names.filter(Boolean);
  }
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

const HEADER = /^(ID|From|To|Cc|CC|Subject|Timestamp|Attachments?):\s?(.*)$/;

/** Parse an inbox text into emails for the inbox viewer; `id` is the 1-based position (equal to `ID:` lines). */
export function parseEmails(text: string): Email[] {
  return emailBlocks(text).map((block, i) => {
    const inner = block.replace(/^<email>\n?/, '').replace(/\n?<\/email>$/, '');
    const lines = inner.split('\n');
    const email: Email = { id: i + 1, from: '', to: '', subject: '', timestamp: '', body: '' };
    let k = 0;
    for (; k < lines.length; k++) {
      const line = lines[k];
      if (line.startsWith('Body:')) {
        email.body = [line.slice(5).replace(/^ /, ''), ...lines.slice(k + 1)].join('\n').trim();
        break;
      }
      const m = HEADER.exec(line);
      if (!m) continue;
      const [, key, value] = m;
      const v = value.trim();
      if (key === 'ID') email.id = Number(v) || email.id;
      else if (key === 'From') email.from = v;
      else if (key === 'To') email.to = v;
      else if (key === 'Cc' || key === 'CC') email.cc = v;
      else if (key === 'Subject') email.subject = v;
      else if (key === 'Timestamp') email.timestamp = v;
      else email.attachments = attachmentNames(v);
    }
    return email;
  });
}
