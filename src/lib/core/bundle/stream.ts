// Splits a bundle's JSON text, fed in chunks, into head fields and single run/sample records without holding the file.

export type RecordKind = 'runs' | 'samples';

export interface ScanSink {
  /** a top-level field other than the runs and samples arrays (format, bundleId, label, …) */
  head(key: string, value: unknown): void;
  /** one element of the top-level `runs` or `samples` array, parsed */
  record(kind: RecordKind, value: unknown): void;
  /** the top-level `runs` or `samples` array starts */
  array?(kind: RecordKind): void;
}

/** JSON whitespace: space, line feed, carriage return, tab */
const isWs = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

type Mode = 'start' | 'key' | 'colon' | 'value' | 'afterValue' | 'firstElement' | 'element' | 'afterElement' | 'end';

/**
 * A streaming reader of `{ "…": value, "runs": [ … ], "samples": [ … ] }`: each array element is cut out by scanning
 * for its end (strings skipped with indexOf) and parsed on its own with JSON.parse, so memory holds one chunk and one
 * record, never the whole text. Throws SyntaxError for text that is not one JSON object.
 */
export class BundleScanner {
  #buf = '';
  #pos = 0;
  #mode: Mode = 'start';
  #key = '';
  #array: RecordKind | null = null;
  // a value being scanned, resumable across chunks
  #vStart = -1;
  #vAt = 0;
  #depth = 0;
  #inStr = false;
  /** a property name must follow (no '}' right after a comma) */
  #afterComma = false;
  /** characters consumed before the current buffer, for error positions */
  #offset = 0;

  constructor(private sink: ScanSink) {}

  push(chunk: string): void {
    if (this.#pos > 0) {
      this.#offset += this.#pos;
      this.#buf = this.#buf.slice(this.#pos);
      if (this.#vStart >= 0) {
        this.#vStart -= this.#pos;
        this.#vAt -= this.#pos;
      }
      this.#pos = 0;
    }
    this.#buf += chunk;
    this.#run(false);
  }

  /** The text is complete: finish the last value and check nothing but whitespace follows the object. */
  end(): void {
    this.#run(true);
    if (this.#mode !== 'end') throw new SyntaxError('Unexpected end of JSON input');
  }

  #fail(what: string): never {
    throw new SyntaxError(`${what} at position ${this.#offset + this.#pos}`);
  }

  #skipWs(): boolean {
    const b = this.#buf;
    const n = b.length;
    let p = this.#pos;
    while (p < n && isWs(b.charCodeAt(p))) p++;
    this.#pos = p;
    return p < n;
  }

  #expect(ch: string): void {
    if (this.#buf[this.#pos] !== ch) this.#fail(`Expected '${ch}' but found '${this.#buf[this.#pos]}'`);
    this.#pos++;
  }

  #run(final: boolean): void {
    for (;;) {
      if (!this.#skipWs()) return;
      const c = this.#buf[this.#pos];
      switch (this.#mode) {
        case 'start':
          this.#expect('{');
          this.#mode = 'key';
          break;
        case 'key': {
          if (c === '}' && !this.#afterComma) {
            this.#pos++;
            this.#mode = 'end';
            break;
          }
          if (c !== '"') this.#fail(`Expected a property name but found '${c}'`);
          const text = this.#value(final);
          if (text === null) return;
          this.#key = JSON.parse(text) as string;
          this.#afterComma = false;
          this.#mode = 'colon';
          break;
        }
        case 'colon':
          this.#expect(':');
          this.#mode = 'value';
          break;
        case 'value': {
          if (c === '[' && (this.#key === 'runs' || this.#key === 'samples')) {
            this.#pos++;
            this.#array = this.#key;
            this.sink.array?.(this.#key);
            this.#mode = 'firstElement';
            break;
          }
          const text = this.#value(final);
          if (text === null) return;
          this.sink.head(this.#key, JSON.parse(text));
          this.#mode = 'afterValue';
          break;
        }
        case 'afterValue':
          if (c === ',') {
            this.#mode = 'key';
            this.#afterComma = true;
          } else if (c === '}') this.#mode = 'end';
          else this.#fail(`Expected ',' or '}' but found '${c}'`);
          this.#pos++;
          break;
        case 'firstElement':
          if (c === ']') {
            this.#pos++;
            this.#mode = 'afterValue';
          } else this.#mode = 'element';
          break;
        case 'element': {
          const text = this.#value(final);
          if (text === null) return;
          this.sink.record(this.#array!, JSON.parse(text));
          this.#mode = 'afterElement';
          break;
        }
        case 'afterElement':
          if (c === ',') this.#mode = 'element';
          else if (c === ']') this.#mode = 'afterValue';
          else this.#fail(`Expected ',' or ']' but found '${c}'`);
          this.#pos++;
          break;
        case 'end':
          this.#fail(`Unexpected '${c}' after the end of the object`);
      }
    }
  }

  /** The text of the value starting at #pos, or null when it continues past the buffer (resumes on the next push). */
  #value(final: boolean): string | null {
    const b = this.#buf;
    if (this.#vStart < 0) {
      this.#vStart = this.#pos;
      this.#vAt = this.#pos;
      this.#depth = 0;
      this.#inStr = false;
    }
    let i = this.#vAt;
    let endAt = -1;
    while (i < b.length) {
      if (this.#inStr) {
        const q = b.indexOf('"', i);
        if (q < 0) {
          i = b.length;
          break;
        }
        let k = q - 1;
        while (k >= this.#vStart && b.charCodeAt(k) === BACKSLASH) k--;
        i = q + 1;
        if ((q - 1 - k) % 2 === 1) continue; // escaped quote
        this.#inStr = false;
        if (this.#depth === 0) {
          endAt = i;
          break;
        }
        continue;
      }
      const c = b.charCodeAt(i);
      if (c === QUOTE) {
        this.#inStr = true;
        i++;
      } else if (c === 0x7b || c === 0x5b) {
        this.#depth++;
        i++;
      } else if (c === 0x7d || c === 0x5d) {
        if (this.#depth === 0) {
          endAt = i; // a scalar ended by the closing bracket of its container
          break;
        }
        i++;
        if (--this.#depth === 0) {
          endAt = i;
          break;
        }
      } else if (this.#depth === 0 && (c === 0x2c || isWs(c))) {
        endAt = i; // a scalar ended by a comma or whitespace
        break;
      } else i++;
    }
    if (endAt < 0) {
      this.#vAt = i;
      if (!final) return null;
      if (this.#inStr || this.#depth > 0 || i === this.#vStart) this.#fail('Unexpected end of JSON input');
      endAt = i;
    }
    const text = b.slice(this.#vStart, endAt);
    this.#pos = endAt;
    this.#vStart = -1;
    return text;
  }
}
