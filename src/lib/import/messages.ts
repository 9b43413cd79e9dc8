// Typed messages between the page and the bundle import worker (one discriminated union each way).
import type { Run, Sample } from '../core/types';

export type ToImportWorker = { type: 'read'; file: File };

export type FromImportWorker =
  /** characters read so far, and samples checked */
  | { type: 'progress'; chars: number; samples: number }
  /** a batch of checked samples with their content hashes, in file order */
  | { type: 'samples'; samples: Sample[]; hashes: number[] }
  | { type: 'done'; bundleId: string; label?: string; runs: Run[] }
  | { type: 'rejected'; errors: string[] };
