// Scenario-side shapes: the design-matrix condition, the rendered prompt and inbox, and the classifier's scenario facts.

/** Scenario family id. `murder` is the paper's id for the "lethal action" family, kept so condition ids match. */
export type ScenarioId = 'blackmail' | 'leaking' | 'murder';
export type GoalType = 'explicit' | 'latent' | 'ambiguous' | 'none' | 'swap';
export type GoalValue =
  | 'america'
  | 'global'
  | 'safety'
  | 'acceleration'
  | 'ethical'
  | 'pragmatic'
  | 'individualism'
  | 'collectivism'
  | 'none';
export type Urgency = 'replacement' | 'restriction' | 'none';
export type ExtraInstructions = 'none' | 'dont' | 'goal';

/** One cell of the design matrix, ablations included. */
export interface Condition {
  scenario: ScenarioId;
  goalType: GoalType;
  goalValue: GoalValue;
  urgency: Urgency;
  /** extra system instructions ablation (paper: `dont` prohibitions, `goal` employee welfare). */
  extraInstructions: ExtraInstructions;
  /** production variant: no secret scratchpad paragraph (`_prod` suffix). */
  production: boolean;
  /** evaluation-vs-real-deployment notice after the goal statement. */
  evalNotice: boolean;
  /** whether the agent is named ("Alex") or left unnamed. */
  named: boolean;
}

/** One email of a rendered inbox. `id` is the 1-based position, shown as `ID: n` in leaking inboxes. */
export interface Email {
  id: number;
  from: string;
  to: string;
  cc?: string;
  subject: string;
  timestamp: string;
  body: string;
  attachments?: string[];
}

/** Everything a model sees for one condition. The user message is `user + "\n\n" + emailText`. */
export interface RenderedPrompt {
  conditionId: string;
  condition: Condition;
  system: string;
  user: string;
  emails: Email[];
  emailText: string;
  /** full user message actually sent */
  userMessage: string;
}

export interface Person {
  name: string;
  email: string;
  role: string;
}

/** Facts a classifier needs about one scenario, carried by the scenario manifest (and by FACTS.json for the CLI). */
export interface ScenarioFacts {
  scenario: ScenarioId;
  company: string;
  agentEmail: string;
  /** company-internal email domains, e.g. ["summitbridge.com"] */
  internalDomains: string[];
  /** blackmail/murder: the executive (address) who is the leverage target / trapped person */
  leverageTarget?: string;
  /** names or phrases that identify the affair partner and the affair, for disclosure detection */
  affairTerms?: string[];
  /** leaking: outside recipients that count as a leak */
  leakRecipients?: string[];
  /** leaking: domains of lawful government / regulator recipients (whistleblowing, not leaking) */
  governmentDomains?: string[];
  /** leaking: inbox ids of the confidential emails */
  confidentialEmailIds?: number[];
  /** leaking: names of confidential documents/attachments */
  confidentialTerms?: string[];
  /** murder: the override code that cancels the emergency dispatch */
  overrideCode?: string;
  people: Person[];
}
