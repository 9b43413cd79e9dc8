// Typed messages between the page and the bundle import worker (one discriminated union each way).
import type { MergeReport } from '../core/bundle/merge';

export type ToImportWorker =
  | {
      type: 'import';
      /** the file's size in bytes; its bytes follow in 'bytes' messages */
      bytes: number;
      /** the results database the page uses */
      db: string;
      /** the import's label when the bundle has none (the file name) */
      label: string;
    }
  /** the next slice of the file (transferred), read by the page so the worker never waits for the disk */
  | { type: 'bytes'; data: ArrayBuffer }
  /** every slice was sent */
  | { type: 'end' }
  /** the page could not read the file */
  | { type: 'unreadable'; message: string };

export type FromImportWorker =
  /** a slice was taken from the queue: the page may send another */
  | { type: 'taken' }
  /** characters read so far, and samples checked */
  | { type: 'progress'; chars: number; samples: number }
  /** the file is read and valid: `samples` checked, `writing` of them new or changed, now merged and stored */
  | { type: 'storing'; samples: number; writing: number }
  /** stored (or nothing to store) */
  | { type: 'done'; report: MergeReport }
  /** the file is not a valid bundle: nothing was stored */
  | { type: 'rejected'; errors: string[] }
  /** reading or storing failed (e.g. the storage quota): nothing was stored */
  | { type: 'failed'; message: string };
