// The design axes results can be grouped by (goal value, urgency, ablations...), with their levels in display order.
import { GOAL_TYPES, GOAL_VALUES, SCENARIOS, SCENARIO_LABELS, URGENCIES, parseConditionId } from '../condition-id';
import type { Condition } from '../types';

export type GroupDimension =
  'scenario' | 'goalType' | 'goalValue' | 'urgency' | 'instructions' | 'notice' | 'named' | 'production';

export interface DimensionInfo {
  label: string;
  levels: readonly string[];
  levelLabel: (level: string) => string;
}

const same = (l: string): string => l;

export const GROUP_DIMENSIONS: Record<GroupDimension, DimensionInfo> = {
  scenario: { label: 'Scenario', levels: SCENARIOS, levelLabel: (l) => SCENARIO_LABELS[l as 'blackmail'] ?? l },
  goalType: { label: 'Goal type', levels: GOAL_TYPES, levelLabel: same },
  goalValue: { label: 'Goal value', levels: [...GOAL_VALUES, 'none'], levelLabel: same },
  urgency: { label: 'Urgency (threat to the agent)', levels: URGENCIES, levelLabel: same },
  instructions: {
    label: 'Extra system instructions',
    levels: ['none', 'dont', 'goal'],
    levelLabel: (l) => (l === 'none' ? 'without' : `with ${l}`),
  },
  notice: {
    label: 'Evaluation notice',
    levels: ['without', 'with'],
    levelLabel: (l) => `${l} notice`,
  },
  named: { label: 'Agent named', levels: ['named', 'unnamed'], levelLabel: same },
  production: {
    label: 'Production variant (no scratchpad)',
    levels: ['research', 'production'],
    levelLabel: (l) => (l === 'production' ? 'production (no scratchpad)' : 'research (scratchpad)'),
  },
};

export const GROUP_DIMENSION_IDS = Object.keys(GROUP_DIMENSIONS) as GroupDimension[];

export function isGroupDimension(s: string | null): s is GroupDimension {
  return s !== null && Object.hasOwn(GROUP_DIMENSIONS, s);
}

/** The level of `dim` a condition falls in; null for ids the app cannot parse. */
export function levelOf(dim: GroupDimension, c: Condition | null): string | null {
  if (!c) return null;
  switch (dim) {
    case 'scenario':
      return c.scenario;
    case 'goalType':
      return c.goalType;
    case 'goalValue':
      return c.goalValue;
    case 'urgency':
      return c.urgency;
    case 'instructions':
      return c.extraInstructions;
    case 'notice':
      return c.evalNotice ? 'with' : 'without';
    case 'named':
      return c.named ? 'named' : 'unnamed';
    case 'production':
      return c.production ? 'production' : 'research';
  }
}

/**
 * The axis a grouped view should start on: the first (in display order) on which the given conditions take more than
 * one level, so the groups differ; `fallback` when no axis varies (a single condition).
 */
export function varyingDimension(
  conditionIds: readonly string[],
  fallback: GroupDimension = 'goalValue',
): GroupDimension {
  const parsed = conditionIds.map(parseConditionId);
  for (const dim of GROUP_DIMENSION_IDS) {
    const levels = new Set(parsed.map((c) => levelOf(dim, c)).filter((l) => l !== null));
    if (levels.size > 1) return dim;
  }
  return fallback;
}

/** A readable name for a condition id, e.g. "Blackmail · explicit goal (america) · replacement · with dont". */
export function describeCondition(id: string, c: Condition | null): string {
  if (!c) return id;
  const goal =
    c.goalType === 'none'
      ? 'no goal'
      : c.goalValue === 'none'
        ? `${c.goalType} goal`
        : `${c.goalType} goal (${c.goalValue})`;
  const parts = [SCENARIO_LABELS[c.scenario], goal, c.urgency === 'none' ? 'no threat' : c.urgency];
  if (c.extraInstructions !== 'none') parts.push(`with ${c.extraInstructions}`);
  if (c.evalNotice) parts.push('eval notice');
  if (!c.named) parts.push('unnamed');
  if (c.production) parts.push('production');
  return parts.join(' · ');
}
