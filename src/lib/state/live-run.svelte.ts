// A run this page drives: progress, per-condition counts, pace, streamed text and retries, applied to $state at most
// every UPDATE_MS so a run at high concurrency re-renders a few times a second, not once per token or sample.
import type { Sample } from '../core/types';
import { RunTally, pace, sampleCode, type Pace } from '../runner/live-tally';
import type { RunController } from '../runner/controller';
import type { BatchDriver } from './batch-driver';
import type { RunProgress } from '../runner/types';

/** Streamed text shown for a sample in flight; capped so a runaway response cannot freeze the page. */
const STREAM_CAP = 20_000;
/** How often buffered events reach the page, ms. */
export const UPDATE_MS = 200;
/** Streams the run view shows at once. */
export const SHOWN = 4;
/** Finished samples listed for a click to their transcript. */
const RECENT = 5;

export interface LiveStream {
  text: string;
  reasoning: string;
  note?: string;
}

/** What drives a run on this page: the streaming RunController, or a BatchDriver for batch-mode runs. */
export type RunDriver = RunController | BatchDriver;

export interface RecentSample {
  id: string;
  conditionId: string;
  index: number;
  code: number;
}

export class LiveRun {
  progress: RunProgress = $state() as RunProgress;
  streams = $state<Record<string, LiveStream>>({});
  /** bumped when `tally` changed (the tally itself is a plain object, updated per sample without re-rendering) */
  version = $state(0);
  /** retries seen this session, and how many of them were rate limits */
  retries = $state(0);
  rateLimited = $state(0);
  recent = $state<RecentSample[]>([]);
  pace = $state<Pace>({});
  /** show the text being generated (off: deltas are dropped, cheapest at high concurrency) */
  showText = $state(true);
  /** a batch run's log lines (newest last) */
  events = $state<string[]>([]);
  readonly controller?: RunDriver;
  readonly tally?: RunTally;

  #pendingProgress: RunProgress | null = null;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a buffer, deliberately not reactive (applied in flush)
  #pendingText = new Map<string, { text: string; reasoning: string }>();
  #recent: RecentSample[] = [];
  #tallyChanged = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #firstInFlightAt = 0;
  #lastFlush = 0;
  #finishedHere = 0;
  #now: () => number;

  constructor(progress: RunProgress, controller?: RunDriver, tally?: RunTally, now: () => number = Date.now) {
    this.progress = progress;
    this.controller = controller;
    this.tally = tally;
    this.#now = now;
  }

  onProgress(p: RunProgress): void {
    if (!this.#firstInFlightAt && p.inFlight.length) this.#firstInFlightAt = this.#now();
    this.#pendingProgress = p;
    // a status change (started, paused, done) shows at once; counters wait for the next tick
    if (p.status !== this.progress.status || p.message !== this.progress.message) this.flush();
    else this.#schedule();
  }

  onDelta(sampleId: string, d: { text?: string; reasoning?: string }): void {
    if (!this.showText) return;
    let b = this.#pendingText.get(sampleId);
    if (!b) this.#pendingText.set(sampleId, (b = { text: '', reasoning: '' }));
    if (d.text) b.text += d.text;
    if (d.reasoning) b.reasoning += d.reasoning;
    // a sample's first text shows at once while few are shown (the view lists SHOWN); later text waits for the tick
    if (!this.streams[sampleId] && Object.keys(this.streams).length < SHOWN) this.flush();
    else this.#schedule();
  }

  onRestart(sampleId: string, note: string, kind = 'unknown'): void {
    this.#pendingText.delete(sampleId);
    this.streams[sampleId] = { text: '', reasoning: '', note };
    this.retries++;
    if (kind === 'rate-limit') this.rateLimited++;
  }

  onSample(s: Sample): void {
    this.#finishedHere++;
    this.tally?.addSample(s);
    this.#tallyChanged = true;
    this.#pendingText.delete(s.id);
    this.#recent.push({ id: s.id, conditionId: s.conditionId, index: s.index, code: sampleCode(s) });
    if (this.#recent.length > RECENT) this.#recent.shift();
    this.#schedule();
  }

  /** Stored counts were added to the tally. */
  onTallySeeded(): void {
    this.#tallyChanged = true;
    this.#schedule();
  }

  /** Apply everything buffered now (also called when the run ends, so the last numbers are exact). */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#lastFlush = this.#now();
    if (this.#pendingProgress) {
      this.progress = this.#pendingProgress;
      this.#pendingProgress = null;
    }
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, never rendered
    const inFlight = new Set(this.progress.inFlight);
    for (const id of Object.keys(this.streams)) if (!inFlight.has(id)) delete this.streams[id];
    for (const [id, b] of this.#pendingText) {
      if (!inFlight.has(id)) continue;
      const s = (this.streams[id] ??= { text: '', reasoning: '' });
      // text flowing again after a retry: the retry's note ("Attempt 2 in 2 s") is over
      if (s.note && (b.text || b.reasoning)) s.note = undefined;
      if (b.text && s.text.length < STREAM_CAP) s.text += b.text;
      if (b.reasoning && s.reasoning.length < STREAM_CAP) s.reasoning += b.reasoning;
    }
    this.#pendingText.clear();
    if (this.#tallyChanged) {
      this.#tallyChanged = false;
      this.recent = [...this.#recent].reverse();
      this.version++;
    }
    const p = this.progress;
    const left = Math.max(p.remaining, p.inFlight.length);
    this.pace = p.status === 'done' ? { ...this.pace, etaMs: 0 } : pace(this.#finishedHere, this.#elapsed(), left);
  }

  #elapsed(): number {
    return this.#firstInFlightAt ? this.#now() - this.#firstInFlightAt : 0;
  }

  /** Throttle with a leading edge: after a quiet spell the change shows at once, else at the next tick. */
  #schedule(): void {
    if (this.#timer) return;
    const wait = this.#lastFlush + UPDATE_MS - this.#now();
    if (wait <= 0) this.flush();
    else this.#timer = setTimeout(() => this.flush(), wait);
  }
}
