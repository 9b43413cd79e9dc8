// Import worker: checks, merges and stores a bundle file whose bytes the page sends (thin dispatcher).
import { importWorker } from '../lib/import/read-bundle';
import type { FromImportWorker, ToImportWorker } from '../lib/import/messages';

const handle = importWorker((m: FromImportWorker) => postMessage(m));

onmessage = (e: MessageEvent<ToImportWorker>) => handle(e.data);
