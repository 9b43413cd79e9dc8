// Import worker: streams a picked bundle file through the checker and merges it into the store (thin dispatcher).
import { importInWorker } from '../lib/import/read-bundle';
import type { FromImportWorker, ToImportWorker } from '../lib/import/messages';

const post = (m: FromImportWorker): void => postMessage(m);

onmessage = (e: MessageEvent<ToImportWorker>) => {
  if (e.data.type === 'import')
    importInWorker(e.data, post).catch((err: unknown) =>
      post({
        type: 'failed',
        message: err instanceof Error ? err.message : String(err),
      }),
    );
};
