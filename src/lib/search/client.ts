// Starts a free-text search of stored samples in a worker (in the page when workers are missing) and relays its matches.
import { currentDbName } from '../storage/db';
import { scanStored } from './scan';
import type { FromSearchWorker } from './messages';

export interface StoredSearch {
  /** settles when the pass is over: resolves after the last `onMessage`, rejects when the scan failed */
  done: Promise<void>;
  /** stop the pass: no further messages, and `done` resolves */
  cancel(): void;
}

/** Search the open results database for `q`; `onMessage` receives each batch of matches as it is found. */
export function searchStored(q: string, onMessage: (m: FromSearchWorker) => void): StoredSearch {
  let cancelled = false;
  let worker: Worker | null = null;
  let stop = (): void => undefined;
  const done = new Promise<void>((resolve, reject) => {
    stop = resolve;
    const receive = (m: FromSearchWorker): void => {
      if (cancelled) return;
      onMessage(m);
      if (m.type === 'done') resolve();
      else if (m.type === 'failed') reject(new Error(m.message));
      if (m.type !== 'hits') worker?.terminate();
    };
    if (typeof Worker === 'undefined') {
      void scanStored(q, receive);
      return;
    }
    worker = new Worker(new URL('../../workers/search.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<FromSearchWorker>) => receive(e.data);
    worker.onerror = (e) => {
      worker?.terminate();
      if (!cancelled) reject(new Error(e.message || 'the search worker failed'));
    };
    worker.postMessage({ type: 'search', db: currentDbName(), q });
  });
  return {
    done,
    cancel() {
      cancelled = true;
      worker?.terminate();
      stop();
    },
  };
}
