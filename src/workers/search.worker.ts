// Search worker: scans the stored samples for a free-text query off the page's thread (thin dispatcher).
import { openDb } from '../lib/storage/db';
import { scanStored } from '../lib/search/scan';
import type { FromSearchWorker, ToSearchWorker } from '../lib/search/messages';

const post = (m: FromSearchWorker): void => postMessage(m);

onmessage = (e: MessageEvent<ToSearchWorker>) => {
  if (e.data.type === 'search') {
    const { db, q } = e.data;
    void openDb(db).then(
      () => scanStored(q, post),
      (err: unknown) => post({ type: 'failed', message: err instanceof Error ? err.message : String(err) }),
    );
  }
};
