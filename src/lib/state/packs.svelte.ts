// Scenario packs available to the app: the bundled pack (loaded lazily) and imported original-template packs.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import {
  applySettings,
  convertOriginalTemplates,
  settingsOf,
  type PackSettings,
  type ScenarioPack,
} from '../core/scenario/index';
import { loadBundledPack } from '../scenarios/bundled';
import type { ScenarioId } from '../core/types';

/** Our own small database; the results database belongs to the storage module. */
export const PACKS_DB = 'aml-packs';

interface StoredPack {
  id: string;
  name: string;
  hash: string;
  /** where it came from: folder, zip or URL, for the user's reference */
  source: string;
  importedAt: string;
  /** the original templates, re-converted on load so converter fixes apply */
  files: Record<string, string>;
  /** the user's swap choice and facts edits, applied over the conversion on load */
  settings?: PackSettings;
}

interface PacksDb extends DBSchema {
  packs: { key: string; value: StoredPack };
}

/** Current time as ISO text (a plain function keeps a non-reactive Date out of the rune class). */
const isoNow = (): string => new Date(Date.now()).toISOString();

let dbPromise: Promise<IDBPDatabase<PacksDb>> | undefined;
function db(): Promise<IDBPDatabase<PacksDb>> {
  dbPromise ??= openDB<PacksDb>(PACKS_DB, 1, {
    upgrade: (d) => {
      d.createObjectStore('packs', { keyPath: 'id' });
    },
  });
  return dbPromise;
}

export class Packs {
  bundled = $state.raw<ScenarioPack | null>(null);
  importedPacks = $state.raw<ScenarioPack[]>([]);
  /** source label per imported pack id */
  sources = $state.raw<Record<string, string>>({});
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  error = $state('');
  all = $derived(this.bundled ? [this.bundled, ...this.importedPacks] : this.importedPacks);
  private loading: Promise<void> | undefined;

  /** Load the bundled pack and any stored imports; safe to call repeatedly. */
  load(): Promise<void> {
    this.loading ??= this.doLoad();
    return this.loading;
  }

  private async doLoad(): Promise<void> {
    this.status = 'loading';
    try {
      this.bundled = await loadBundledPack();
      this.status = 'ready';
    } catch (e) {
      this.status = 'error';
      this.error = `Could not load the scenario texts (${(e as Error).message}). Reload the page to try again.`;
      this.loading = undefined;
      return;
    }
    try {
      const stored = await (await db()).getAll('packs');
      const imported: ScenarioPack[] = [];
      for (const s of stored) {
        try {
          imported.push(applySettings(convertOriginalTemplates(s.files), s.settings ?? {}));
          this.sources = { ...this.sources, [imported[imported.length - 1].id]: s.source };
        } catch {
          // a stored pack the current converter rejects is skipped, not fatal
        }
      }
      this.importedPacks = imported;
    } catch {
      // IndexedDB unavailable (private mode): imported packs then live for this page only
    }
  }

  /** A pack by id; falls back to the bundled pack. */
  find(id: string | null | undefined): ScenarioPack | null {
    return this.all.find((p) => p.id === id) ?? this.bundled;
  }

  /** Convert original templates, keep the pack, and store it for later visits. Throws with a readable message. */
  async importOriginal(files: Record<string, string>, source: string): Promise<ScenarioPack> {
    // a re-import of the same files keeps the swap choice and facts edits made before
    const converted = convertOriginalTemplates(files);
    const previous = this.importedPacks.find((p) => p.id === converted.id);
    const pack = previous ? applySettings(converted, settingsOf(previous)) : converted;
    this.importedPacks = [...this.importedPacks.filter((p) => p.id !== pack.id), pack];
    this.sources = { ...this.sources, [pack.id]: source };
    try {
      const record: StoredPack = {
        id: pack.id,
        name: pack.name,
        hash: pack.hash,
        source,
        importedAt: isoNow(),
        files: pack.files,
        settings: settingsOf(pack),
      };
      await (await db()).put('packs', record);
    } catch {
      // storage full or unavailable: the pack still works until the page is closed
    }
    return pack;
  }

  /**
   * Change an imported pack's swap rendering or facts (facts already validated by the caller); kept with the pack.
   * New runs record what is in effect when they start; existing runs keep what they recorded.
   */
  async updateSettings(id: string, change: PackSettings): Promise<ScenarioPack | undefined> {
    const pack = this.importedPacks.find((p) => p.id === id);
    if (!pack) return undefined;
    const current = settingsOf(pack);
    const next = applySettings(pack, {
      swap: change.swap ?? current.swap,
      facts: { ...current.facts, ...change.facts },
    });
    this.importedPacks = this.importedPacks.map((p) => (p.id === id ? next : p));
    await this.persistSettings(next);
    return next;
  }

  /** Put a scenario's facts back to what was derived from the texts. */
  async resetFacts(id: string, scenario: ScenarioId): Promise<void> {
    const pack = this.importedPacks.find((p) => p.id === id);
    const derived = pack?.scenarios[scenario].derivedFacts;
    if (!pack || !derived) return;
    const next = {
      ...pack,
      scenarios: { ...pack.scenarios, [scenario]: { ...pack.scenarios[scenario], facts: structuredClone(derived) } },
    };
    this.importedPacks = this.importedPacks.map((p) => (p.id === id ? next : p));
    await this.persistSettings(next);
  }

  private async persistSettings(pack: ScenarioPack): Promise<void> {
    try {
      const d = await db();
      const stored = await d.get('packs', pack.id);
      if (stored) await d.put('packs', { ...stored, settings: settingsOf(pack) });
    } catch {
      // storage unavailable: the settings hold until the page is closed
    }
  }

  async remove(id: string): Promise<void> {
    this.importedPacks = this.importedPacks.filter((p) => p.id !== id);
    try {
      await (await db()).delete('packs', id);
    } catch {
      // nothing stored
    }
  }
}

export const packs = new Packs();
