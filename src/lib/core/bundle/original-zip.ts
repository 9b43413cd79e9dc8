// Reads the response.json files of an original-harness results tree out of a .zip (fflate), without DOM APIs. Sizes are
// counted while inflating, so a zip bomb (or a header that lies about sizes) is stopped before it fills memory.
import { strFromU8, Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import type { ResponseFile } from './original';

/** Uncompressed bytes we are willing to expand from one zip: guards against zip bombs. */
export const MAX_UNZIPPED_BYTES = 2 * 1024 ** 3;
/** Largest response.json read (the reply is kept up to 1,000,000 characters; the file may hold more): larger ones are skipped. */
export const MAX_RESPONSE_FILE_BYTES = 64 * 1024 ** 2;
/** Compressed bytes handed to the inflater at a time: bounds what one step can expand to (deflate: at most ~1032×). */
const PUSH_BYTES = 16 * 1024;

export interface ZipLimits {
  maxTotalBytes?: number;
  maxFileBytes?: number;
}

export interface ZipRead {
  files: ResponseFile[];
  /** response.json files left out, by name, and why */
  skipped: string[];
}

/** Thrown when the zip inflates past the total limit; `inflated` is how far it got. */
export class ZipTooLargeError extends Error {
  constructor(
    readonly inflated: number,
    limit: number,
  ) {
    super(
      `The zip expands to more than ${formatSize(limit)} (stopped after ${formatSize(inflated)}); import the folder instead.`,
    );
    this.name = 'ZipTooLargeError';
  }
}

const RESPONSE = /(^|\/)response\.json$/;

function formatSize(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${Math.round(bytes / 1024 ** 2)} MB`;
}

export function responseFilesFromZip(bytes: Uint8Array, limits: ZipLimits = {}): ZipRead {
  const maxTotal = limits.maxTotalBytes ?? MAX_UNZIPPED_BYTES;
  const maxFile = limits.maxFileBytes ?? MAX_RESPONSE_FILE_BYTES;
  const files: ResponseFile[] = [];
  const skipped: string[] = [];
  let total = 0;
  let tooLarge: ZipTooLargeError | undefined;

  const read = (file: UnzipFile) => {
    if (!RESPONSE.test(file.name)) return; // never started: its data is skipped, not inflated
    const tooBig = () => skipped.push(`${file.name}: larger than ${formatSize(maxFile)}; skipped.`);
    if (file.originalSize !== undefined && file.originalSize > maxFile) return void tooBig();
    const chunks: Uint8Array[] = [];
    let size = 0;
    let dropped = false;
    file.ondata = (err, chunk, final) => {
      if (tooLarge || dropped) return;
      if (err) {
        dropped = true;
        chunks.length = 0;
        return void skipped.push(`${file.name}: could not be unpacked (${err.message}); skipped.`);
      }
      size += chunk.length;
      total += chunk.length;
      if (total > maxTotal) {
        tooLarge = new ZipTooLargeError(total, maxTotal);
        return;
      }
      if (size > maxFile) {
        // the sync inflater cannot be stopped: the rest of this file still inflates (counted above) but is dropped
        dropped = true;
        chunks.length = 0;
        return void tooBig();
      }
      chunks.push(chunk);
      if (final) files.push({ path: file.name, text: strFromU8(concat(chunks, size)) });
    };
    file.start();
  };

  const unzip = new Unzip(read);
  unzip.register(UnzipInflate);
  for (let at = 0; at < bytes.length; at += PUSH_BYTES) {
    unzip.push(bytes.subarray(at, at + PUSH_BYTES), at + PUSH_BYTES >= bytes.length);
    if (tooLarge) throw tooLarge;
  }
  if (!bytes.length) unzip.push(bytes, true);
  return { files, skipped };
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
