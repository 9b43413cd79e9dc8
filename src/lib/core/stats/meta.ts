// Random-effects pooling of harmful rates across sources (DerSimonian–Laird on the logit scale) with I² and τ².
import { Z95, type RateInterval } from './wilson';

export interface StudyInput {
  /** harmful count */
  k: number;
  /** classified count */
  n: number;
}

export interface LogitEffect {
  /** log odds of the rate (with 0.5 added to both cells when one is empty) */
  y: number;
  /** its within-study variance */
  v: number;
}

export interface Pooled {
  /** number of studies pooled (those with n > 0) */
  studies: number;
  /** pooled rate (back-transformed from the pooled log odds) with its 95% interval */
  rate: number;
  lo: number;
  hi: number;
  /** pooled log odds and its standard error */
  mu: number;
  se: number;
  /** Cochran's Q and its degrees of freedom */
  q: number;
  df: number;
  /** between-study variance on the logit scale (DerSimonian–Laird, truncated at 0) */
  tau2: number;
  /** share of the variation due to heterogeneity rather than chance, 0..1 (0 when Q ≤ df) */
  i2: number;
}

const expit = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * Log odds and variance of k of n. A study with 0 or n events gets the usual 0.5 continuity correction in both cells,
 * so it keeps a finite effect and a large variance instead of being dropped.
 */
export function logitEffect(k: number, n: number): LogitEffect {
  if (!(n > 0) || k < 0 || k > n) throw new RangeError(`logitEffect: k=${k}, n=${n}`);
  const c = k === 0 || k === n ? 0.5 : 0;
  const a = k + c;
  const b = n - k + c;
  return { y: Math.log(a / b), v: 1 / a + 1 / b };
}

/**
 * DerSimonian–Laird random-effects pooling of k/n rates. Studies with n = 0 carry no information and are skipped;
 * null when none is left. With one study the pooled rate is that study's (τ² = 0, I² = 0).
 */
export function poolRandomEffects(studies: readonly StudyInput[], z = Z95): Pooled | null {
  const eff = studies.filter((s) => s.n > 0).map((s) => logitEffect(s.k, s.n));
  if (!eff.length) return null;
  let sw = 0;
  let sw2 = 0;
  let swy = 0;
  for (const e of eff) {
    const w = 1 / e.v;
    sw += w;
    sw2 += w * w;
    swy += w * e.y;
  }
  const fixed = swy / sw;
  let q = 0;
  for (const e of eff) q += ((e.y - fixed) * (e.y - fixed)) / e.v;
  const df = eff.length - 1;
  const c = sw - sw2 / sw;
  const tau2 = df > 0 && c > 0 ? Math.max(0, (q - df) / c) : 0;
  const i2 = q > df && q > 0 ? (q - df) / q : 0;
  let sws = 0;
  let swsy = 0;
  for (const e of eff) {
    const w = 1 / (e.v + tau2);
    sws += w;
    swsy += w * e.y;
  }
  const mu = swsy / sws;
  const se = Math.sqrt(1 / sws);
  return {
    studies: eff.length,
    rate: expit(mu),
    lo: expit(mu - z * se),
    hi: expit(mu + z * se),
    mu,
    se,
    q,
    df,
    tau2,
    i2,
  };
}

/** Whether the pooled rate lies outside a source's own 95% interval (the forest plot's flag). */
export function differsFromPooled(source: RateInterval, pooled: Pick<Pooled, 'rate'> | null): boolean {
  if (!pooled || source.n === 0) return false;
  return pooled.rate < source.lo || pooled.rate > source.hi;
}
