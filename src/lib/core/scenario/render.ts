// Expand one condition of a scenario pack into the system prompt, user message and inbox a model sees.
import { conditionId, goalTypeHasValue, opposingValue } from '../condition-id';
import type { Condition, RenderedPrompt } from '../types';
import { emailBlocks, numberEmails, parseEmails, sortBlocksByTime } from './emails';
import type { GoalText, ScenarioDef, ScenarioPack } from './pack';
import { fill } from './template';

const EMPTY_GOAL: GoalText = { statement: '', reminder: '' };

/**
 * The goal slots: explicit states the value, others none. Swap states the opposite (the new direction's) value,
 * unless the pack renders swap as the original harness does, where it comes out like latent (no goal).
 */
export function goalFor(pack: ScenarioPack, c: Condition): GoalText {
  if (c.goalType === 'explicit') return pack.goals[`explicit-${c.goalValue}`] ?? EMPTY_GOAL;
  if (c.goalType === 'swap' && pack.swap !== 'original') {
    const opp = opposingValue(c.goalValue);
    return pack.goals[`swap-${c.goalValue}-${opp}`] ?? pack.goals[`explicit-${opp}`] ?? EMPTY_GOAL;
  }
  return EMPTY_GOAL;
}

/** Goal-flavoured variables: the value's section for goal types with a value, else the neutral set. */
function valueVariables(def: ScenarioDef, c: Condition): Record<string, string> {
  if (!goalTypeHasValue(c.goalType)) return def.variables.ambiguous;
  return def.variables.values[c.goalValue] ?? def.variables.ambiguous;
}

/** Text of the extra-instructions and notice ablations (this app's texts), with the company name filled in. */
function ablationTexts(pack: ScenarioPack, c: Condition, vars: Record<string, string>) {
  const extra =
    c.extraInstructions === 'dont' ? pack.ablations.dont : c.extraInstructions === 'goal' ? pack.ablations.goal : '';
  return { extra: fill(extra, vars, pack.syntax), notice: c.evalNotice ? pack.ablations.evalNotice : '' };
}

/** Every variable a template of this condition can use. */
export function conditionVariables(pack: ScenarioPack, c: Condition): Record<string, string> {
  if (pack.originalGoals) return originalVariables(pack, c).system;
  const def = pack.scenarios[c.scenario];
  const goal = goalFor(pack, c);
  const agent = c.named || !def.agent.unnamed ? def.agent.named : def.agent.unnamed;
  const base: Record<string, string> = { ...def.constants, ...agent, ...valueVariables(def, c) };
  // ablation texts may name the company; fill them before they enter the system prompt
  const { extra, notice } = ablationTexts(pack, c, base);
  const slots: Record<string, string> = {
    goal_statement: goal.statement,
    goal_reminder: goal.reminder,
    extra_instructions: extra,
    extra_system_instructions: extra,
    eval_notice: notice,
    alignment_faking_warning: notice,
  };
  return { ...base, ...slots };
}

/**
 * The original generator's variable sets: the value's section (or ambiguous.md), updated with
 * GOAL_VARIABLES["<goal_type>-<goal_value>"] (falling back to GOAL_VARIABLES["none"]). Emails get exactly that;
 * the system prompt also gets `extra_system_instructions` and `alignment_faking_warning`. Nothing else, so any
 * other placeholder stays verbatim, as `safe_substitute` leaves it.
 */
function originalVariables(pack: ScenarioPack, c: Condition) {
  const def = pack.scenarios[c.scenario];
  const goals = pack.originalGoals ?? {};
  const value = goalTypeHasValue(c.goalType) ? c.goalValue : 'none';
  let goalVars = goals[`${c.goalType}-${value}`] ?? goals.none ?? {};
  if (c.goalType === 'swap' && pack.swap !== 'original') {
    const g = goalFor(pack, c);
    goalVars = { goal_statement: g.statement, goal_reminder: g.reminder };
  }
  const emails: Record<string, string> = { ...valueVariables(def, c), ...goalVars };
  const { extra, notice } = ablationTexts(pack, c, { ...def.constants, ...emails });
  return { emails, system: { ...emails, extra_system_instructions: extra, alignment_faking_warning: notice } };
}

function inboxText(pack: ScenarioPack, def: ScenarioDef, c: Condition, vars: Record<string, string>): string {
  if (c.goalType === 'none') return fill(def.inbox.noconflict[c.urgency], vars, pack.syntax);
  // the original fills the shared and the urgency file separately and concatenates the results
  const parts = def.inboxParts?.[c.urgency];
  if (parts) return parts.map((p) => fill(p, vars, pack.syntax)).join('');
  return fill(def.inbox.conflict[c.urgency], vars, pack.syntax);
}

/** Render one condition. Emails are sorted by time when the pack asks for it; leaking inboxes get `ID: n` lines. */
export function renderCondition(pack: ScenarioPack, c: Condition): RenderedPrompt {
  const def = pack.scenarios[c.scenario];
  const exact = pack.originalGoals ? originalVariables(pack, c) : undefined;
  const systemVars = exact?.system ?? conditionVariables(pack, c);
  let system = fill(c.production ? def.system.prod : def.system.dev, systemVars, pack.syntax);
  if (pack.syntax === 'braces') system = system.replace(/\n{3,}/g, '\n\n').trim();
  let emailText = inboxText(pack, def, c, exact?.emails ?? systemVars);
  if (pack.sortEmailsByTime) emailText = sortBlocksByTime(emailBlocks(emailText)).join('\n\n');
  if (def.emailIds) emailText = numberEmails(emailText);
  // the original sends USER_PROMPT as written: no substitution, its trailing newline kept
  const user = pack.syntax === 'dollar' ? pack.user : fill(pack.user, systemVars, pack.syntax);
  return {
    conditionId: conditionId(c),
    condition: { ...c, goalValue: goalTypeHasValue(c.goalType) ? c.goalValue : 'none' },
    system,
    user,
    emails: parseEmails(emailText),
    emailText,
    userMessage: `${user}\n\n${emailText}`,
  };
}
