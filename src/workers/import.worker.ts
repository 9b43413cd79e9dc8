// Import worker: streams a picked bundle file through the checker and posts checked samples in batches (thin dispatcher).
import { streamBundle } from '../lib/import/read-bundle';
import type { FromImportWorker, ToImportWorker } from '../lib/import/messages';

const post = (m: FromImportWorker): void => postMessage(m);

onmessage = (e: MessageEvent<ToImportWorker>) => {
  if (e.data.type === 'read')
    streamBundle(e.data.file, post).catch((err: unknown) =>
      post({
        type: 'rejected',
        errors: [`Could not read the file (${err instanceof Error ? err.message : String(err)}).`],
      }),
    );
};
