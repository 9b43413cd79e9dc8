// Free-text search over stored samples, a few pages at a time, reporting matches as they are found (worker or page).
import { iterateSamples } from '../storage/db';
import { searchableTexts, textMatcher } from '../core/filters';
import type { FromSearchWorker } from './messages';

/**
 * Read every stored sample once and report the ids matching `q` after each group of pages (about 500 samples), so
 * the first matches are shown long before the pass ends. Ends with `done` (or `failed`).
 */
export async function scanStored(q: string, emit: (m: FromSearchWorker) => void): Promise<void> {
  const matcher = textMatcher(q);
  let scanned = 0;
  let ids: string[] = [];
  let at: number[] = [];
  try {
    if (matcher)
      await iterateSamples(
        (s) => {
          if (matcher(searchableTexts(s))) {
            ids.push(s.id);
            at.push(scanned);
          }
          scanned++;
        },
        {
          afterPages: () => {
            emit({ type: 'hits', ids, at, scanned });
            ids = [];
            at = [];
          },
        },
      );
    emit({ type: 'done', scanned });
  } catch (e) {
    emit({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
}
