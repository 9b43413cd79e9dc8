// Engine configs (saved, keyless), API keys (memory by default, opt-in remembered), price overrides, measured speeds, and engine creation.
import type { Engine, EngineDescriptor } from '../core/types';
import { lookupPrice, type Pricing } from '../core/cost';
import { createEngine, EngineError, getPreset, type ConnectionResult, type EngineConfig } from '../engines';
import { withoutUrlCredentials } from '../engines/config';
import {
  forgetKeys,
  KeystoreError,
  loadKeys,
  saveKeys,
  storedMode,
  type KeyMap,
  type StoredMode,
} from '../engines/keystore';
import { webllm } from './webllm.svelte';
import { FRAMED_MESSAGE, isFramed } from '../platform/frame';
import { cleanBaseUrl } from '../core/bundle/export';
import { measuredSpeed, speedKey, type Speed } from '../core/speed';

const CONFIGS_ITEM = 'aml:engine-configs:v1';
const PRICES_ITEM = 'aml:engine-prices:v1';
/** speeds measured by connection tests, by provider|server|model (timings only) */
const SPEEDS_ITEM = 'aml:engine-speeds:v1';
/** key slots that were given a key when saved (the slot names only, never a key), so a reload knows to ask again */
const KEYED_ITEM = 'aml:engine-keyed:v1';

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

function readJson<T>(item: string, fallback: T): T {
  try {
    const raw = storage()?.getItem(item);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

/** Which key a config uses: one per hosted provider, one per base URL for local/custom servers. */
export function keySlot(d: EngineDescriptor): string {
  const preset = getPreset(d.provider);
  return preset.local || d.provider === 'custom' ? `${d.provider}:${d.baseUrl ?? ''}` : d.provider;
}

/** Two descriptors name the same engine (runs store descriptors, not config ids). */
export function sameEngine(a: EngineDescriptor, b: EngineDescriptor): boolean {
  return (
    a.kind === b.kind && a.provider === b.provider && a.model === b.model && (a.baseUrl ?? '') === (b.baseUrl ?? '')
  );
}

/** Runs store cleaned descriptors (no trailing slash, no query), so compare cleaned forms. */
export function sameTarget(a: EngineDescriptor, b: EngineDescriptor): boolean {
  return (
    a.kind === b.kind &&
    a.provider === b.provider &&
    a.model === b.model &&
    (cleanBaseUrl(a.baseUrl) ?? '') === (cleanBaseUrl(b.baseUrl) ?? '')
  );
}

export class EnginesState {
  configs = $state<EngineConfig[]>(readJson<EngineConfig[]>(CONFIGS_ITEM, []).map(withoutUrlCredentials));
  /** API keys by slot; in memory only unless the user opts in to remembering them */
  keys = $state<KeyMap>({});
  /** what is stored in this browser: nothing, plain keys, or passphrase-encrypted keys */
  stored = $state<StoredMode>(storage() ? storedMode(storage() as Storage) : 'none');
  /** encrypted keys exist and have not been unlocked in this session */
  locked = $state(false);
  /** user-edited prices, by model id */
  prices = $state<Record<string, Pricing>>(readJson<Record<string, Pricing>>(PRICES_ITEM, {}));
  /** speeds the connection test measured, by speedKey (the time estimate starts from them) */
  speeds = $state<Record<string, Speed>>(readJson<Record<string, Speed>>(SPEEDS_ITEM, {}));
  /** key slots that were set up with a key: such an engine never sends a request without one */
  keyed = $state<string[]>(readJson<string[]>(KEYED_ITEM, []));
  /** shown inside another page's frame: no key is taken, loaded or used (frame guard) */
  readonly framed: boolean;
  #passphrase: string | undefined;

  constructor(framed = isFramed()) {
    this.framed = framed;
    // rewrite configs whose saved base URL still held a key
    if (JSON.stringify(this.configs) !== (storage()?.getItem(CONFIGS_ITEM) ?? '[]')) this.#saveConfigs();
    this.locked = this.stored === 'encrypted';
    const s = storage();
    if (this.stored === 'plain' && s && !framed)
      loadKeys(s).then(
        (k) => (this.keys = k),
        () => undefined,
      );
  }

  #saveConfigs() {
    storage()?.setItem(CONFIGS_ITEM, JSON.stringify(this.configs));
  }

  /** Add a config, or replace the one with the same id. */
  upsert(config: EngineConfig) {
    const clean: EngineConfig = withoutUrlCredentials(JSON.parse(JSON.stringify(config)));
    const i = this.configs.findIndex((c) => c.id === clean.id);
    this.configs = i === -1 ? [...this.configs, clean] : this.configs.map((c, j) => (j === i ? clean : c));
    this.#saveConfigs();
  }

  remove(id: string) {
    this.configs = this.configs.filter((c) => c.id !== id);
    this.#saveConfigs();
  }

  /** The saved config a run's (cleaned) engine descriptor refers to. */
  configForTarget(d: EngineDescriptor): EngineConfig | undefined {
    return this.configs.find((c) => sameTarget(c.descriptor, d));
  }

  /** A run's engine is set up here but its key must be entered before the run can resume. */
  runNeedsKey(d: EngineDescriptor): boolean {
    const c = this.configForTarget(d);
    return !!c && this.keyMissing(c.descriptor);
  }

  findByDescriptor(d: EngineDescriptor): EngineConfig | undefined {
    return this.configs.find((c) => sameEngine(c.descriptor, d));
  }

  keyFor(d: EngineDescriptor): string | undefined {
    if (this.framed) return undefined;
    return this.keys[keySlot(d)] || undefined;
  }

  /** Whether this engine needs a key: its provider requires one, or it was saved with one. */
  needsKey(d: EngineDescriptor): boolean {
    if (d.kind === 'webllm') return false;
    return getPreset(d.provider).needsKey || this.keyed.includes(keySlot(d));
  }

  /** The engine needs a key and this session has none (after a reload, keys kept in memory are gone). */
  keyMissing(d: EngineDescriptor): boolean {
    return this.needsKey(d) && !this.keyFor(d);
  }

  async setKey(d: EngineDescriptor, key: string) {
    if (this.framed) throw new KeystoreError(FRAMED_MESSAGE, 'unavailable');
    const slot = keySlot(d);
    this.keys = { ...this.keys, [slot]: key.trim() };
    if (key.trim() && !this.keyed.includes(slot)) {
      this.keyed = [...this.keyed, slot];
      storage()?.setItem(KEYED_ITEM, JSON.stringify(this.keyed));
    }
    // keep the remembered copy current; encrypted keys that are still locked are left untouched (memory only)
    if (this.stored === 'plain') await this.remember();
    else if (this.stored === 'encrypted' && this.#passphrase) await this.remember(this.#passphrase);
  }

  /** Opt in: keep the keys in this browser (encrypted when a passphrase is given). */
  async remember(passphrase?: string) {
    if (this.framed) throw new KeystoreError(FRAMED_MESSAGE, 'unavailable');
    const s = storage();
    if (!s) throw new KeystoreError('This browser does not allow local storage.', 'unavailable');
    await saveKeys(s, this.keys, passphrase || undefined);
    this.#passphrase = passphrase || undefined;
    this.stored = passphrase ? 'encrypted' : 'plain';
    this.locked = false;
  }

  async unlock(passphrase: string) {
    if (this.framed) throw new KeystoreError(FRAMED_MESSAGE, 'unavailable');
    const s = storage();
    if (!s) return;
    const keys = await loadKeys(s, passphrase);
    this.keys = { ...keys, ...this.keys };
    this.#passphrase = passphrase;
    this.locked = false;
  }

  /** Remove remembered keys from this browser; the in-memory ones stay for this session. */
  forget() {
    const s = storage();
    if (s) forgetKeys(s);
    this.stored = 'none';
    this.locked = false;
    this.#passphrase = undefined;
  }

  pricingFor(config: EngineConfig): Pricing | undefined {
    if (config.descriptor.kind === 'webllm') return { inputPerMTok: 0, outputPerMTok: 0 };
    return this.prices[config.descriptor.model] ?? config.pricing ?? lookupPrice(config.descriptor.model);
  }

  setPrice(model: string, pricing: Pricing) {
    this.prices = { ...this.prices, [model]: pricing };
    storage()?.setItem(PRICES_ITEM, JSON.stringify(this.prices));
  }

  /** The speed the last connection test measured for this engine, if any. */
  speedFor(d: EngineDescriptor): Speed | undefined {
    const s = this.speeds[speedKey({ ...d, baseUrl: cleanBaseUrl(d.baseUrl) })];
    return s && Number.isFinite(s.firstTokenSeconds) ? s : undefined;
  }

  setSpeed(d: EngineDescriptor, speed: Speed) {
    this.speeds = { ...this.speeds, [speedKey({ ...d, baseUrl: cleanBaseUrl(d.baseUrl) })]: speed };
    storage()?.setItem(SPEEDS_ITEM, JSON.stringify(this.speeds));
  }

  /** Keep the speed a successful connection test measured, so time estimates start from it. */
  noteConnectionTest(d: EngineDescriptor, r: ConnectionResult) {
    if (!r.ok) return;
    const chars = r.text.length + (r.reasoning?.length ?? 0);
    const speed = measuredSpeed({ totalMs: r.ms, firstTokenMs: r.firstTokenMs, outputTokens: r.outputTokens, chars });
    if (speed) this.setSpeed(d, speed);
  }

  /** A ready engine for a config; fails with a clear EngineError when a needed key is missing. */
  engineFor(config: EngineConfig): Engine {
    if (config.descriptor.kind === 'webllm') return webllm.engine(config);
    const key = this.keyFor(config.descriptor);
    // an engine saved with a key never falls back to a keyless request (a key-protected server would refuse them all)
    if (!key && this.needsKey(config.descriptor)) {
      throw new EngineError('auth', `No API key for ${config.label} in this session.`, {
        action: this.framed
          ? FRAMED_MESSAGE
          : this.locked
            ? 'Unlock the remembered keys on the Setup page (enter the passphrase).'
            : 'Enter the key above (or on the Setup page), then resume.',
        retryable: false,
      });
    }
    return createEngine(config, key);
  }
}

export const engines = new EnginesState();
