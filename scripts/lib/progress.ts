// Progress text for the CLI: one status line (done/failed/remaining, rate, ETA, tokens, cost) and the cost estimate.
import { estimateRun, formatUsd, type Pricing } from '../../src/lib/core/cost';
import { BATCH_PRICE_FACTOR } from '../../src/lib/engines/batch/types';
import type { RunProgress } from '../../src/lib/runner/types';

/** Assumed output per sample before any sample has finished (the site's cost estimate uses the same default). */
export const EXPECTED_OUTPUT_TOKENS = 1000;

export interface CostBasis {
  pricing?: Pricing;
  batch: boolean;
  /** where the price came from, e.g. "list price of gpt-4.1" */
  source: string;
}

/** Price actually charged: batch APIs bill half the list price. */
export function effectivePricing(basis: CostBasis): Pricing | undefined {
  if (!basis.pricing) return undefined;
  const f = basis.batch ? BATCH_PRICE_FACTOR : 1;
  return { inputPerMTok: basis.pricing.inputPerMTok * f, outputPerMTok: basis.pricing.outputPerMTok * f };
}

export function costOf(inputTokens: number, outputTokens: number, pricing: Pricing | undefined): number | undefined {
  if (!pricing) return undefined;
  return (inputTokens / 1e6) * pricing.inputPerMTok + (outputTokens / 1e6) * pricing.outputPerMTok;
}

/** The line printed before a run starts: requests, tokens and cost at list or batch price. */
export function estimateLine(
  prompts: { system: string; userMessage: string }[],
  samples: number,
  pending: number,
  basis: CostBasis,
): string {
  const e = estimateRun({
    prompts,
    samplesPerPrompt: samples,
    expectedOutputTokens: EXPECTED_OUTPUT_TOKENS,
    pricing: effectivePricing(basis),
    concurrency: 1,
    tokensPerSecond: 50,
    firstTokenSeconds: 1,
  });
  const share = e.requests ? pending / e.requests : 0;
  const price = basis.pricing
    ? `${formatUsd((e.totalCost ?? 0) * share)} for the ${pending} left at ${basis.batch ? 'batch price (50% of list)' : 'list price'}` +
      (basis.batch ? ` (${formatUsd((e.totalCost ?? 0) * share * 2)} streaming)` : '') +
      `; ${basis.source}`
    : `cost unknown (${basis.source}; pass --price-in and --price-out)`;
  return (
    `Estimate: ${e.requests} requests, ~${tokens(e.inputTokens)} input tokens, ~${tokens(e.outputTokens)} output ` +
    `tokens at ${EXPECTED_OUTPUT_TOKENS}/sample; ${price}.`
  );
}

export function tokens(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(n >= 1e7 ? 0 : 1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(n >= 1e4 ? 0 : 1)}k`;
  return String(n);
}

export function duration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * "done 120 · failed 2 · left 878 · 4.1/s · ETA 3m35s · tokens 1.2M in / 300k out · $0.41 so far, ~$3.40 total".
 * `sessionStored` is how many samples this session stored (the rate is this session's).
 */
export function progressLine(p: RunProgress, sessionStored: number, basis: CostBasis): string {
  const rate = p.elapsedMs > 0 ? (sessionStored / p.elapsedMs) * 1000 : 0;
  const pricing = effectivePricing(basis);
  const spent = costOf(p.inputTokens, p.outputTokens, pricing);
  const finished = p.done + p.failed;
  const perSample = finished ? (spent ?? 0) / finished : undefined;
  const total = spent !== undefined && perSample !== undefined ? spent + perSample * p.remaining : undefined;
  return [
    `done ${p.done}`,
    `failed ${p.failed}`,
    `left ${p.remaining}`,
    `${rate.toFixed(rate >= 10 ? 0 : 1)}/s`,
    `ETA ${p.remaining === 0 ? '0s' : duration(p.etaMs)}`,
    `tokens ${tokens(p.inputTokens)} in / ${tokens(p.outputTokens)} out`,
    pricing
      ? `${formatUsd(spent)} so far, ~${formatUsd(total)} total${basis.batch ? ' (batch price)' : ''}`
      : 'cost unknown',
  ].join(' · ');
}
