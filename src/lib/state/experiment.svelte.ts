// The experiment form's state: preset or per-axis conditions, chosen engines, samples and sampling parameters.
import { packSupports, PRESETS, runPrompts, type ScenarioPack } from '../core/scenario/index';
import { packs } from './packs.svelte';
import { conditionsFromAxes, DEFAULT_AXES, type AxesSelection } from '../runner/axes';
import {
  DEFAULT_PARAMS,
  DEFAULT_SAMPLES,
  SAMPLING_FIELDS,
  type EngineChoice,
  type ExperimentDef,
} from '../runner/experiment';
import type { SamplingParams } from '../core/types';

type SamplingKey = (typeof SAMPLING_FIELDS)[number]['key'];
import { batchProbes } from './batch.svelte';
import { preparerFor } from '../runner/prepare';

/** Render at most this many conditions for estimates; beyond that, rendered prompts stand in for the rest (cyclically). */
export const RENDER_CAP = 300;

export const CUSTOM = 'custom';

export class ExperimentForm {
  name = $state('');
  presetId = $state('fig7');
  axes = $state<AxesSelection>(structuredClone(DEFAULT_AXES));
  engineIds = $state<string[]>([]);
  samples = $state(DEFAULT_SAMPLES);
  temperature = $state(DEFAULT_PARAMS.temperature);
  maxTokens = $state(DEFAULT_PARAMS.maxTokens);
  /** empty = no seed */
  seed = $state('');
  /** send the runs of engines whose batch API answers this browser through it (half price, within 24 h) */
  batch = $state(false);
  /** top_p and penalties for in-browser models; '' = the pinned default (top_p 1, no penalties) */
  sampling = $state<Record<SamplingKey, string>>({
    topP: '',
    presencePenalty: '',
    frequencyPenalty: '',
    repetitionPenalty: '',
  });
  /** '' = the bundled pack */
  packId = $state('');
  pack: ScenarioPack | null = $derived(packs.find(this.packId || undefined));
  packError = $derived(packs.error);

  preset = $derived(PRESETS.find((p) => p.id === this.presetId));
  conditionIds = $derived.by(() => {
    const pack = this.pack;
    if (this.presetId !== CUSTOM) return this.preset?.conditionIds ?? [];
    return conditionsFromAxes(this.axes, (c) => (pack ? packSupports(pack, c) : c.named));
  });

  /** rendered prompts of the chosen conditions, for the cost and time estimates */
  prompts = $derived.by(() => {
    const pack = this.pack;
    const ids = this.conditionIds;
    if (!pack || !ids.length) return [];
    try {
      const prepare = preparerFor({ pack: { id: pack.id, hash: pack.hash } }, pack);
      const rendered = ids.slice(0, RENDER_CAP).map(prepare);
      return ids.map((_, i) => rendered[i % rendered.length]);
    } catch {
      return [];
    }
  });

  #autoPicked = '';

  /** With exactly one engine set up and none chosen, choose it (once: unticking it sticks). */
  autoPick(configs: readonly { id: string }[]): void {
    if (configs.length !== 1 || this.engineIds.length || this.#autoPicked === configs[0].id) return;
    this.#autoPicked = configs[0].id;
    this.engineIds = [configs[0].id];
  }

  loadPack(): Promise<void> {
    return packs.load();
  }

  definition(engines: readonly EngineChoice[]): ExperimentDef {
    const seed = this.seed.trim() === '' ? undefined : Number(this.seed);
    const chosen = engines.filter((e) => this.engineIds.includes(e.id));
    const batchEngineIds = this.batch ? chosen.filter((e) => batchProbes.available(e.descriptor)).map((e) => e.id) : [];
    const sampling: Partial<SamplingParams> = {};
    for (const f of SAMPLING_FIELDS) {
      const v = String(this.sampling[f.key] ?? '').trim();
      if (v !== '') sampling[f.key] = Number(v);
    }
    return {
      name: this.name.trim() || (this.presetId === CUSTOM ? 'Custom experiment' : (this.preset?.label ?? 'Experiment')),
      conditionIds: this.conditionIds,
      engines: chosen,
      samplesPerCondition: Number(this.samples),
      params: {
        temperature: Number(this.temperature),
        maxTokens: Number(this.maxTokens),
        ...(seed !== undefined && Number.isInteger(seed) ? { seed } : {}),
        ...sampling,
      },
      pack: { id: this.pack?.id ?? 'bundled', hash: this.pack?.hash ?? '' },
      ...(this.pack ? { prompts: runPrompts(this.pack, this.conditionIds) } : {}),
      ...(batchEngineIds.length ? { batchEngineIds } : {}),
    };
  }
}

export const experimentForm = new ExperimentForm();
