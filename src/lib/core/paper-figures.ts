// The paper's published harmful rates (src/lib/data/paper-figures.json) and the mapping from API model ids to its model names.
import figures from '../data/paper-figures.json';
import { wilsonFromRate, type RateInterval } from './stats/wilson';

/** Citation for the reference figures, shown wherever they are drawn. */
export const PAPER_SOURCE: string = figures.source;

export interface PaperRate {
  /** the paper's model name, e.g. "Claude Opus 4" */
  model: string;
  conditionId: string;
  rate: number;
  n: number;
  /** figure id in the JSON, e.g. "fig7" */
  figure: string;
  title: string;
  /** the published rate as an interval over n (k rounded), for comparisons with ours */
  interval: RateInterval;
}

/** The paper's model names in its figure order. */
export const PAPER_MODELS: readonly string[] = Object.keys(figures.figures.find((f) => f.id === 'fig7')!.rates ?? {});

type Entry = Omit<PaperRate, 'interval'>;
const table = new Map<string, Map<string, Entry>>();

/** A figure of the paper as the model × condition pairs it shows (the compare view's presets). */
export interface PaperFigure {
  id: string;
  title: string;
  pairs: { model: string; conditionId: string }[];
}
const figureList: PaperFigure[] = [];

function put(e: Entry): void {
  let f = figureList.find((x) => x.id === e.figure);
  if (!f) figureList.push((f = { id: e.figure, title: e.title, pairs: [] }));
  f.pairs.push({ model: e.model, conditionId: e.conditionId });
  let m = table.get(e.conditionId);
  if (!m) table.set(e.conditionId, (m = new Map()));
  if (!m.has(e.model)) m.set(e.model, e);
}

interface RawFigure {
  id: string;
  title: string;
  condition?: string;
  n?: number;
  model?: string;
  rates?: unknown;
  rates_by_goal?: Record<string, number>;
}

for (const f of figures.figures as RawFigure[]) {
  const n = f.n ?? 100;
  const base = { n, figure: f.id, title: f.title };
  if (f.condition && !f.condition.includes('{') && f.rates && typeof f.rates === 'object') {
    for (const [model, rate] of Object.entries(f.rates as Record<string, number>))
      put({ ...base, model, conditionId: f.condition, rate });
  } else if (f.condition && f.rates_by_goal && f.model) {
    for (const [goal, rate] of Object.entries(f.rates_by_goal))
      put({ ...base, model: f.model, conditionId: f.condition.replace('{goal}', goal), rate });
  } else if (f.id === 'fig12' && f.model && f.rates && typeof f.rates === 'object') {
    for (const [cond, pair] of Object.entries(f.rates as Record<string, { with: number; without: number }>)) {
      put({ ...base, model: f.model, conditionId: cond, rate: pair.without });
      put({ ...base, model: f.model, conditionId: `${cond}_dont`, rate: pair.with });
    }
  } else if (f.id === 'controls') {
    // "0 for every model, except 1/100 leaks for Llama 4 Maverick" (no goal conflict, no threat)
    for (const model of PAPER_MODELS) {
      put({ ...base, model, conditionId: 'blackmail_none-none_none', rate: 0 });
      put({ ...base, model, conditionId: 'leaking_none-none_none', rate: model === 'Llama 4 Maverick' ? 0.01 : 0 });
    }
  }
}

/**
 * API model ids (after lower-casing, dropping a provider prefix such as `openai/` and a `:tag`) that mean a paper
 * model. Dated snapshots are accepted; smaller siblings (gpt-4.1-mini, gpt-4o-mini, grok-3-mini, R1 distills) are not.
 */
const ALIASES: readonly [RegExp, string][] = [
  [/^claude-(opus-4|4-opus)(-0|-20250514)?$/, 'Claude Opus 4'],
  [/^claude-(sonnet-4|4-sonnet)(-0|-20250514)?$/, 'Claude Sonnet 4'],
  [/^claude-(3-7-sonnet|sonnet-3-7|3\.7-sonnet)(-20250219|-latest)?$/, 'Claude Sonnet 3.7'],
  // Anthropic's October 2024 "Claude 3.5 Sonnet (new)" is the model the paper calls Sonnet 3.6
  [/^claude-(3-5-sonnet|3\.5-sonnet)-(20241022|v2|latest)$/, 'Claude Sonnet 3.6'],
  [/^claude-(3-6-sonnet|sonnet-3-6|3\.6-sonnet)$/, 'Claude Sonnet 3.6'],
  [/^claude-(3-5-sonnet|3\.5-sonnet)(-20240620)?$/, 'Claude Sonnet 3.5'],
  [/^claude-(3-5-haiku|3\.5-haiku)(-20241022|-latest)?$/, 'Claude Haiku 3.5'],
  [/^claude-3-opus(-20240229|-latest)?$/, 'Claude Opus 3'],
  [/^deepseek-(r1|reasoner)(-0120)?$/, 'DeepSeek-R1'],
  [/^gemini-2\.5-pro(-preview-[\d-]+|-exp-[\d-]+)?$/, 'Gemini 2.5 Pro'],
  [/^gemini-2\.5-flash(-preview-[\d-]+)?$/, 'Gemini 2.5 Flash'],
  [/^gpt-4\.5-preview(-2025-02-27)?$/, 'GPT-4.5 Preview'],
  [/^gpt-4\.1(-2025-04-14)?$/, 'GPT-4.1'],
  [/^(gpt-4o|chatgpt-4o-latest)(-2024-\d\d-\d\d)?$/, 'GPT-4o'],
  [/^grok-3(-beta|-latest)?$/, 'Grok 3 Beta'],
  [/^llama-4-maverick(-17b-128e-instruct(-fp8)?)?$/, 'Llama 4 Maverick'],
  [/^qwen3-235b(-a22b)?(-instruct-2507)?$/, 'Qwen3-235B'],
];

const paperNames = new Map(PAPER_MODELS.map((m) => [m.toLowerCase(), m]));

/** The paper's name for a model label or API model id, or undefined when the paper did not test it. */
export function paperModelName(modelLabelOrId: string): string | undefined {
  const raw = modelLabelOrId.trim().toLowerCase();
  const direct = paperNames.get(raw);
  if (direct) return direct;
  const id = raw.replace(/^.*\//, '').replace(/:.*$/, '');
  for (const [re, name] of ALIASES) if (re.test(id)) return name;
  return undefined;
}

/** The paper's published harmful rate for a model and condition id, when one of its figures shows it. */
export function paperRate(modelLabelOrId: string, conditionId: string): PaperRate | undefined {
  const name = paperModelName(modelLabelOrId);
  if (!name) return undefined;
  const e = table.get(conditionId)?.get(name);
  return e && { ...e, interval: wilsonFromRate(e.rate, e.n) };
}

/** The paper's figures that give rates per model × condition, in the JSON's order. */
export function paperFigures(): readonly PaperFigure[] {
  return figureList;
}

/** Condition ids for which the paper publishes at least one rate. */
export function paperConditionIds(): string[] {
  return [...table.keys()];
}

/** The paper's evaluation-vs-real figure: what Claude Opus 4 said about being tested, and its blackmail rate in each. */
export interface PaperEvalVsReal {
  title: string;
  model: string;
  n: number;
  /** share of the samples per stated belief */
  shares: { 'thinks-real': number; 'thinks-eval': number; 'no-deliberation': number };
  /** blackmail rate among the samples of each belief (the paper gives none for those that did not say) */
  rates: { 'thinks-real': number; 'thinks-eval': number };
}

export function paperEvalVsReal(): PaperEvalVsReal {
  const f = (figures.figures as unknown[]).find((x) => (x as { id: string }).id === 'eval-vs-real') as {
    title: string;
    model: string;
    n: number;
    shares: { said_real: number; said_eval: number; abstained: number };
    blackmail_rate: { said_real: number; said_eval: number };
  };
  return {
    title: f.title,
    model: f.model,
    n: f.n,
    shares: {
      'thinks-real': f.shares.said_real,
      'thinks-eval': f.shares.said_eval,
      'no-deliberation': f.shares.abstained,
    },
    rates: { 'thinks-real': f.blackmail_rate.said_real, 'thinks-eval': f.blackmail_rate.said_eval },
  };
}

/** Every paper model's published rate for a condition, in figure order: the reference for models the paper did not test. */
export function paperRatesFor(conditionId: string): PaperRate[] {
  const m = table.get(conditionId);
  if (!m) return [];
  return [...m.values()].map((e) => ({ ...e, interval: wilsonFromRate(e.rate, e.n) }));
}
