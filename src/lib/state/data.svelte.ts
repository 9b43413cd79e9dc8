// App state of the Data page: storage use, imports (bundles, original-harness folders and zips) with reports, exports.
import { MAX_BUNDLE_BYTES, bundleFileName, convertOriginalResults, fitBundle, validateBundle } from '../core/bundle';
import type { MergeReport, ResponseFile } from '../core/bundle';
import { APP_VERSION } from '../config/version';
import { nowDate } from '../runner/experiment';
import { requestPersistence, storageEstimate, type StorageInfo } from '../storage/db';
import { exportBundle, exportCsv, importBundle } from '../storage/transfer';
import { importBundleFile } from '../import/read-bundle';

export interface ImportOutcome {
  /** file or folder name */
  name: string;
  ok: boolean;
  report?: MergeReport;
  errors?: string[];
  warnings?: string[];
}

export interface Download {
  name: string;
  type: string;
  text: string;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class DataState {
  storage = $state<StorageInfo>({});
  outcomes = $state<ImportOutcome[]>([]);
  busy = $state('');
  error = $state('');

  async refreshStorage(): Promise<void> {
    this.storage = await storageEstimate().catch(() => ({}));
  }

  async persist(): Promise<void> {
    const granted = await requestPersistence().catch(() => false);
    await this.refreshStorage();
    if (!granted)
      this.error =
        'The browser did not grant persistent storage (it decides by site engagement). Export your results regularly.';
  }

  /** Import dropped or picked files: .json bundles, or .zip archives of an original-harness results tree. */
  async importFiles(files: readonly File[]): Promise<void> {
    this.error = '';
    const outcomes: ImportOutcome[] = [];
    for (const f of files) {
      this.busy = `Importing ${f.name}…`;
      outcomes.push(/\.zip$/i.test(f.name) ? await this.#importZip(f) : await this.#importJson(f));
    }
    this.outcomes = outcomes;
    this.busy = '';
    await this.refreshStorage();
  }

  async #importJson(f: File): Promise<ImportOutcome> {
    if (f.size > MAX_BUNDLE_BYTES)
      return {
        name: f.name,
        ok: false,
        errors: [`The file is larger than ${MAX_BUNDLE_BYTES / 2 ** 20} MB; split the export.`],
      };
    try {
      // parsed, checked, merged and stored as a stream in a worker; the page receives progress and the report
      const result = await importBundleFile(f, { label: f.name }, (p) => {
        if (p.phase === 'storing') {
          this.busy = `Storing ${p.samples.toLocaleString('en-US')} samples from ${f.name}…`;
          return;
        }
        const pct = f.size ? Math.min(100, Math.round((p.chars / f.size) * 100)) : 0;
        this.busy = `Reading ${f.name}: ${pct}%, ${p.samples.toLocaleString('en-US')} samples checked…`;
      });
      return result.ok
        ? { name: f.name, ok: true, report: result.report }
        : { name: f.name, ok: false, errors: result.errors };
    } catch (e) {
      return {
        name: f.name,
        ok: false,
        errors: [`Could not import: ${message(e)}. Nothing from this file was stored.`],
      };
    }
  }

  async #importZip(f: File): Promise<ImportOutcome> {
    try {
      const { responseFilesFromZip } = await import('../core/bundle/original-zip');
      const { files, skipped } = responseFilesFromZip(new Uint8Array(await f.arrayBuffer()));
      return await this.#importOriginal(f.name.replace(/\.zip$/i, ''), files, skipped);
    } catch (e) {
      return { name: f.name, ok: false, errors: [`Could not read the zip: ${message(e)}`] };
    }
  }

  /** Import a folder picked with a directory input: the response.json files of an original-harness tree. */
  async importFolder(files: readonly File[]): Promise<void> {
    this.error = '';
    const wanted = files.filter((f) => /(^|\/)response\.json$/.test(f.webkitRelativePath || f.name));
    const root = (files[0]?.webkitRelativePath || 'folder').split('/')[0];
    this.busy = `Reading ${wanted.length} response files…`;
    try {
      const { MAX_RESPONSE_FILE_BYTES, MAX_UNZIPPED_BYTES } = await import('../core/bundle/original-zip');
      const read: ResponseFile[] = [];
      const skipped: string[] = [];
      let total = 0;
      for (const f of wanted) {
        const path = f.webkitRelativePath || f.name;
        // sizes are checked before a file is read, so a huge file never lands in memory
        if (f.size > MAX_RESPONSE_FILE_BYTES) {
          skipped.push(`${path}: larger than ${MAX_RESPONSE_FILE_BYTES / 2 ** 20} MB; skipped.`);
          continue;
        }
        total += f.size;
        if (total > MAX_UNZIPPED_BYTES)
          throw new Error(
            `the response files add up to more than ${MAX_UNZIPPED_BYTES / 2 ** 30} GB; import part of the tree`,
          );
        read.push({ path, text: await f.text() });
      }
      this.outcomes = [await this.#importOriginal(root, read, skipped)];
    } catch (e) {
      this.outcomes = [{ name: root, ok: false, errors: [`Could not read the folder: ${message(e)}`] }];
    }
    this.busy = '';
    await this.refreshStorage();
  }

  async #importOriginal(name: string, files: ResponseFile[], skipped: string[] = []): Promise<ImportOutcome> {
    if (!files.length)
      return {
        name,
        ok: false,
        errors: [
          'No …/sample_NNN/response.json files found. Pick the results/<experiment> folder of the original harness.',
        ],
        ...(skipped.length ? { warnings: skipped } : {}),
      };
    const converted = convertOriginalResults(files, { appVersion: APP_VERSION, now: nowDate(), label: name });
    // fitted like everything the app stores, so the harness's odd values (negative counts, long errors) import
    const warnings = [...skipped, ...converted.warnings];
    const bundle = fitBundle(converted.bundle);
    const check = validateBundle(bundle);
    if (!check.ok) return { name, ok: false, errors: check.errors, warnings };
    if (!bundle.samples.length) return { name, ok: false, errors: ['No usable samples in these files.'], warnings };
    return { name, ok: true, report: await importBundle(check.bundle, { label: name }), warnings };
  }

  /** The chosen runs (all when none chosen) as a bundle file. */
  async exportJson(runIds?: readonly string[], label?: string): Promise<Download> {
    const bundle = await exportBundle(runIds, { appVersion: APP_VERSION, label });
    return { name: bundleFileName(bundle), type: 'application/json', text: JSON.stringify(bundle, null, 1) };
  }

  async exportCsv(runIds?: readonly string[]): Promise<Download> {
    const day = nowDate().toISOString().slice(0, 10);
    return { name: `aml-verdicts-${day}.csv`, type: 'text/csv', text: await exportCsv(runIds) };
  }
}

export const dataState = new DataState();
