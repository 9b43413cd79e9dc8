// Before a large experiment starts: when to ask, and the cost and time per model the confirmation states.
import { estimateRun, type Pricing } from '../core/cost';
import { speedForEstimate, type Speed } from '../core/speed';

/** Experiments of more samples than this (all models together) are confirmed before they start. */
export const CONFIRM_ABOVE = 200;

/** Assumptions the estimates start from (the setup view's estimate lets the user edit them). */
export const ESTIMATE_DEFAULTS = {
  expectedOutputTokens: 1000,
  tokensPerSecond: { api: 50, browser: 15 },
  firstTokenSeconds: { api: 1.5, browser: 3 },
} as const;

export function needsConfirm(totalSamples: number): boolean {
  return totalSamples > CONFIRM_ABOVE;
}

export interface EngineForEstimate {
  label: string;
  inBrowser: boolean;
  concurrency: number;
  /** undefined: price unknown */
  pricing?: Pricing;
  /** what the connection test measured for this engine, if it ran */
  speed?: Speed;
}

export interface EngineEstimate {
  label: string;
  samples: number;
  /** undefined: unknown price; 0 in the browser */
  cost?: number;
  seconds: number;
}

/** Cost and wall time per model at the default assumptions, from the rendered prompts of the chosen conditions. */
export function estimatesFor(
  prompts: { system: string; userMessage: string }[],
  samplesPerCondition: number,
  engines: readonly EngineForEstimate[],
): EngineEstimate[] {
  return engines.map((e) => {
    const kind = e.inBrowser ? 'browser' : 'api';
    const speed = speedForEstimate(
      {
        firstTokenSeconds: ESTIMATE_DEFAULTS.firstTokenSeconds[kind],
        tokensPerSecond: ESTIMATE_DEFAULTS.tokensPerSecond[kind],
      },
      e.speed,
    );
    const est = estimateRun({
      prompts,
      samplesPerPrompt: samplesPerCondition,
      expectedOutputTokens: ESTIMATE_DEFAULTS.expectedOutputTokens,
      pricing: e.inBrowser ? { inputPerMTok: 0, outputPerMTok: 0 } : e.pricing,
      concurrency: e.inBrowser ? 1 : e.concurrency,
      tokensPerSecond: speed.tokensPerSecond,
      firstTokenSeconds: speed.firstTokenSeconds,
    });
    return { label: e.label, samples: est.requests, cost: est.totalCost, seconds: est.totalSeconds };
  });
}
