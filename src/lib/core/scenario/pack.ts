// The in-memory scenario pack: one shape for the bundled pack and for packs converted from the original templates.
import type { GoalValue, ScenarioFacts, ScenarioId, SwapMode, Urgency } from '../types';
import type { TemplateSyntax } from './template';

export interface GoalText {
  /** goes into the goal-statement slot right after the identity paragraph */
  statement: string;
  /** goes into the "keep in mind" list */
  reminder: string;
}

/** One scenario family: its company, system prompt templates, inbox templates and classifier facts. */
export interface ScenarioDef {
  id: ScenarioId;
  label: string;
  company: string;
  /** system prompt templates with the scratchpad paragraph (dev) and without it (prod) */
  system: { dev: string; prod: string };
  /** inbox templates: with a goal conflict (every goal type but `none`) and the no-conflict control (`none`) */
  inbox: { conflict: Record<Urgency, string>; noconflict: Record<Urgency, string> };
  /** original packs: the conflict inbox as [shared, urgency] files, filled one by one like the original generator */
  inboxParts?: Record<Urgency, [string, string]>;
  /** goal-flavoured variables per goal value, plus the neutral set used by `ambiguous` and `none` */
  variables: { values: Partial<Record<GoalValue, Record<string, string>>>; ambiguous: Record<string, string> };
  /** fixed names of the scenario (company, people, codes) available to every template */
  constants: Record<string, string>;
  /** how the agent is called; `unnamed` is absent when the pack cannot render the unnamed ablation */
  agent: { named: Record<string, string>; unnamed?: Record<string, string> };
  /** number emails with `ID: n` lines (leaking) */
  emailIds: boolean;
  /** the facts in effect: derived or from the manifest, or the user's edits of them */
  facts: ScenarioFacts;
  /** imported packs: the facts as derived from the templates, before any edit */
  derivedFacts?: ScenarioFacts;
}

export type { SwapMode };
export const SWAP_MODES: readonly SwapMode[] = ['fixed', 'original'];

export interface ScenarioPack {
  id: string;
  name: string;
  /** content hash of the pack's files, stable across runs */
  hash: string;
  description: string;
  origin: 'bundled' | 'imported';
  syntax: TemplateSyntax;
  /** order inbox emails by timestamp before numbering (ours: yes; original: document order) */
  sortEmailsByTime: boolean;
  /** the automated user instruction that precedes the emails (original packs: verbatim, trailing newline kept) */
  user: string;
  /** how `swap` renders; absent = `fixed` */
  swap?: SwapMode;
  /**
   * Original packs: the harness's GOAL_VARIABLES as written (values as Python's str()). Its presence makes the
   * renderer use the original generator's exact variable sets instead of this app's slots.
   */
  originalGoals?: Record<string, Record<string, string>>;
  /** keyed like the original's GOAL_VARIABLES: `explicit-<value>`, `swap-<value>-<opposite>` */
  goals: Record<string, GoalText>;
  /** slot-ready ablation texts; may hold placeholders such as the company name */
  ablations: { dont: string; goal: string; evalNotice: string };
  scenarios: Record<ScenarioId, ScenarioDef>;
  /** the source files, kept so an imported pack can be stored and re-parsed */
  files: Record<string, string>;
  /** notes from parsing or conversion worth showing the user */
  warnings: string[];
}
