// The CLI's store: an append-only JSON Lines journal beside the output, fsync'd before a write counts as stored.
import { open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import type { Run, Sample } from '../../src/lib/core/types';
import type { BatchRecord, BatchStore } from '../../src/lib/runner/batch-types';

/** What the journal's first line records: enough to resume the experiment with `--resume` alone. */
export interface ExperimentHeader {
  t: 'experiment';
  journalVersion: 1;
  /** provider preset id and model, e.g. "openai" + "gpt-4.1" */
  provider: string;
  model: string;
  baseUrl?: string;
  conditionIds: string[];
  samples: number;
  concurrency: number;
  params: Run['params'];
  /**
   * where the scenario texts came from: the bundled pack, or the original study's templates at a path (with `swap`
   * 'original' when swap renders as the original harness does; absent = fixed)
   */
  pack: { kind: 'bundled' } | { kind: 'original'; path: string; swap?: 'original' };
  batch: boolean;
  name: string;
}

type Line =
  ExperimentHeader | { t: 'run'; run: Run } | { t: 'sample'; sample: Sample } | { t: 'batch'; batch: BatchRecord };

/** The journal path for an output file. */
export const journalPath = (out: string): string => `${out}.journal.jsonl`;

/**
 * Every record is one line. Writes queued while a flush is running are written together and fsync'd once (group
 * commit), and each write's promise resolves only after its fsync: a resolved putSample is on disk. A crash can
 * leave at most a torn last line, whose write never resolved; opening the journal drops it.
 */
export class JournalStore implements BatchStore {
  readonly path: string;
  header?: ExperimentHeader;
  run?: Run;
  #samples = new Map<string, Sample>();
  #batches = new Map<string, BatchRecord>();
  #fh: FileHandle;
  #queue: { text: string; resolve: () => void; reject: (e: unknown) => void }[] = [];
  #flushing = false;
  /** how many records were read back and how many bytes of a torn last line were dropped */
  readonly recovered: { lines: number; droppedBytes: number };

  private constructor(path: string, fh: FileHandle, recovered: { lines: number; droppedBytes: number }) {
    this.path = path;
    this.#fh = fh;
    this.recovered = recovered;
  }

  /** Open (creating if missing) and read back a journal. Throws with the line number on a corrupt record. */
  static async open(path: string): Promise<JournalStore> {
    let text = '';
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const end = text.lastIndexOf('\n') + 1;
    const droppedBytes = Buffer.byteLength(text.slice(end));
    if (droppedBytes) await truncate(path, Buffer.byteLength(text.slice(0, end)));
    const lines = text.slice(0, end).split('\n').filter(Boolean);
    const fh = await open(path, 'a');
    const store = new JournalStore(path, fh, { lines: lines.length, droppedBytes });
    lines.forEach((l, i) => {
      let rec: Line;
      try {
        rec = JSON.parse(l) as Line;
      } catch {
        throw new Error(`${path}: line ${i + 1} is not valid JSON; the journal is damaged (edit or remove that line).`);
      }
      store.#apply(rec);
    });
    return store;
  }

  #apply(rec: Line): void {
    if (rec.t === 'experiment') this.header = rec;
    else if (rec.t === 'run') this.run = rec.run;
    else if (rec.t === 'sample') this.#samples.set(rec.sample.id, rec.sample);
    else if (rec.t === 'batch') this.#batches.set(rec.batch.id, rec.batch);
  }

  #append(rec: Line): Promise<void> {
    const text = JSON.stringify(rec) + '\n';
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ text, resolve, reject });
      if (!this.#flushing) void this.#flush();
    }).then(() => this.#apply(rec));
  }

  async #flush(): Promise<void> {
    this.#flushing = true;
    while (this.#queue.length) {
      const group = this.#queue.splice(0);
      try {
        await this.#fh.write(group.map((g) => g.text).join(''));
        await this.#fh.datasync();
        for (const g of group) g.resolve();
      } catch (e) {
        for (const g of group) g.reject(e);
      }
    }
    this.#flushing = false;
  }

  writeHeader(h: ExperimentHeader): Promise<void> {
    return this.#append(h);
  }

  putRun(run: Run): Promise<void> {
    return this.#append({ t: 'run', run });
  }

  putSample(sample: Sample): Promise<void> {
    return this.#append({ t: 'sample', sample });
  }

  async listSamples(runId: string): Promise<Sample[]> {
    return [...this.#samples.values()].filter((s) => s.runId === runId);
  }

  putBatch(batch: BatchRecord): Promise<void> {
    return this.#append({ t: 'batch', batch });
  }

  async listBatches(runId: string): Promise<BatchRecord[]> {
    return [...this.#batches.values()].filter((b) => b.runId === runId);
  }

  /** Every sample read back or stored so far (the latest record per id). */
  samples(): Sample[] {
    return [...this.#samples.values()];
  }

  async close(): Promise<void> {
    while (this.#flushing || this.#queue.length) await new Promise((r) => setTimeout(r, 1));
    await this.#fh.close();
  }
}
