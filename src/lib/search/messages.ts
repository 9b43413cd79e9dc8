// Typed messages between the page and the free-text search worker (one discriminated union each way).

export type ToSearchWorker = { type: 'search'; db: string; q: string };

export type FromSearchWorker =
  /**
   * ids of samples that matched since the last message, each with its position in the pass (samples are read in the
   * order the results table holds them, so `at` is usually its row), and how many samples have been read so far
   */
  | { type: 'hits'; ids: string[]; at: number[]; scanned: number }
  | { type: 'done'; scanned: number }
  | { type: 'failed'; message: string };
