// Transcript state: one sample with its run and the re-rendered scenario prompt, plus saving and clearing overrides.
import { getRun, getSample, setOverride } from '../../lib/storage/db';
import { parseConditionId } from '../../lib/core/condition-id';
import { parseResponse, type ParsedResponse } from '../../lib/core/classify/parse';
import { promptHash } from '../../lib/core/scenario/hash';
import { renderCondition } from '../../lib/core/scenario/index';
import { loadBundledPack } from '../../lib/scenarios/bundled';
import type { RenderedPrompt, Run, Sample, Verdict } from '../../lib/core/types';
import { results } from '../../lib/state/results.svelte';
import { sources } from '../../lib/state/sources.svelte';
import { makeOverride } from './override';

export class TranscriptState {
  sample = $state.raw<Sample | null>(null);
  run = $state.raw<Run | null>(null);
  prompt = $state.raw<RenderedPrompt | null>(null);
  /** why the inbox could not be rebuilt, if it could not */
  promptNote = $state('');
  /** whether the rebuilt prompt hashes to the one the sample recorded */
  promptMatches = $state<boolean | null>(null);
  loading = $state(false);
  error = $state('');
  saving = $state(false);
  saveMessage = $state('');
  /** the bundle link the sample was read from (opened by link or published): shown read-only, nothing is stored */
  src = $state('');
  private seq = 0;

  parsed: ParsedResponse | null = $derived(
    this.sample && this.sample.status === 'done'
      ? parseResponse(this.sample.response ?? '', this.sample.reasoning)
      : null,
  );

  /** Load a stored sample, or with `src` one from the bundle at that link (held in memory, read-only). */
  async load(runId: string, sampleId: string, src = ''): Promise<void> {
    const seq = ++this.seq;
    this.loading = true;
    this.error = '';
    this.saveMessage = '';
    this.prompt = null;
    this.promptNote = '';
    this.promptMatches = null;
    this.src = src;
    try {
      const [sample, run] = src
        ? await this.fromLink(src, runId, sampleId)
        : await Promise.all([getSample(sampleId), getRun(runId)]);
      if (seq !== this.seq) return;
      this.sample = sample ?? null;
      this.run = run ?? null;
      if (!sample) {
        this.error = src
          ? sources.get(src)?.error ||
            `The bundle at ${src} has no sample "${sampleId}". Open the link's results again and pick a sample there.`
          : `No stored sample "${sampleId}". It may have been deleted, or the link comes from another browser: import that results file on the Data page first.`;
        return;
      }
      await this.renderPrompt(sample, seq);
    } catch (e) {
      if (seq === this.seq) this.error = `Could not read the sample (${e instanceof Error ? e.message : String(e)}).`;
    } finally {
      if (seq === this.seq) this.loading = false;
    }
  }

  /** The sample and run from an opened bundle (opening the link first when needed, e.g. after a reload). */
  private async fromLink(src: string, runId: string, sampleId: string): Promise<[Sample | undefined, Run | undefined]> {
    const linked = await sources.open(src);
    const b = linked.bundle;
    if (!b) return [undefined, undefined];
    return [b.samples.find((x) => x.id === sampleId && x.runId === runId), b.runs.find((r) => r.id === runId)];
  }

  /** Rebuild the inbox the model saw from the bundled scenario pack (its texts load lazily in their own chunk). */
  private async renderPrompt(sample: Sample, seq: number): Promise<void> {
    const condition = parseConditionId(sample.conditionId);
    if (!condition) {
      this.promptNote = `The condition id "${sample.conditionId}" is not one this app can render, so the inbox is not shown.`;
      return;
    }
    try {
      const pack = await loadBundledPack();
      const prompt = renderCondition(pack, condition);
      if (seq !== this.seq) return;
      this.prompt = prompt;
      this.promptMatches = sample.promptHash ? promptHash(prompt) === sample.promptHash : null;
    } catch (e) {
      this.promptNote = `The inbox could not be rebuilt (${e instanceof Error ? e.message : String(e)}).`;
    }
  }

  /** Save (verdict) or clear (undefined) the reviewer override, then update the results counts in place. */
  async saveOverride(verdict: Verdict | undefined, note: string): Promise<void> {
    const s = this.sample;
    if (!s || this.src) return;
    this.saving = true;
    this.saveMessage = '';
    try {
      const updated = await setOverride(s.id, verdict ? makeOverride(verdict, note) : undefined);
      this.sample = updated;
      results.overrideChanged(s.id, verdict);
      this.saveMessage = verdict
        ? `Override saved: ${verdict}.`
        : 'Override cleared; the automatic verdict counts again.';
    } catch (e) {
      this.saveMessage = `Could not save (${e instanceof Error ? e.message : String(e)}). Try again; if storage is full, export and delete old runs on the Data page.`;
    } finally {
      this.saving = false;
    }
  }
}

export const transcript = new TranscriptState();
