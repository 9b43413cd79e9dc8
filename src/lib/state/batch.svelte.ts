// Which providers' batch endpoints answer this browser (checked from Setup with the user's key), kept per provider and base URL.
import { cleanBaseUrl } from '../core/bundle/export';
import type { EngineDescriptor } from '../core/types';
import type { EngineConfig } from '../engines';
import { probeBatch, type BatchProbe } from '../engines/batch/probe';
import { supportsBatch } from '../engines/batch/types';
import { getPreset } from '../engines/presets';

/** Probe outcomes only (state, sentence, time): never a key. */
const ITEM = 'aml:batch-probes:v1';

function read(): Record<string, BatchProbe> {
  try {
    const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(ITEM);
    return raw ? (JSON.parse(raw) as Record<string, BatchProbe>) : {};
  } catch {
    return {};
  }
}

/** Batch endpoints are per provider and server: the probe of one answers for every model there. */
export function probeSlot(d: Pick<EngineDescriptor, 'provider' | 'baseUrl'>): string {
  return `${d.provider}|${cleanBaseUrl(d.baseUrl ?? getPreset(d.provider).baseUrl) ?? ''}`;
}

export class BatchProbes {
  results = $state<Record<string, BatchProbe>>(read());

  of(d: Pick<EngineDescriptor, 'provider' | 'baseUrl'>): BatchProbe | undefined {
    return this.results[probeSlot(d)];
  }

  /** Batch mode can run in this browser for this engine. */
  available(d: Pick<EngineDescriptor, 'provider' | 'baseUrl'>): boolean {
    return supportsBatch(d.provider) && this.of(d)?.state === 'available';
  }

  async check(config: EngineConfig, key: string | undefined): Promise<BatchProbe> {
    const probe = await probeBatch(config, key);
    this.results = { ...this.results, [probeSlot(config.descriptor)]: probe };
    try {
      localStorage.setItem(ITEM, JSON.stringify(this.results));
    } catch {
      // storage unavailable: the result lasts for this page
    }
    return probe;
  }
}

export const batchProbes = new BatchProbes();
