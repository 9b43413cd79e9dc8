// One read at a time: a view that re-reads storage when a counter changes must not pile reads up during a long run.

/**
 * Wrap an async job so calls made while it runs do not start another copy: they are folded into one more run once
 * the current one settles (so the last call is always followed by a complete run). Failures are the job's to handle.
 */
export function coalesce(job: () => Promise<unknown>): () => void {
  let running = false;
  let again = false;
  const go = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    void job()
      .catch(() => undefined)
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          go();
        }
      });
  };
  return go;
}
