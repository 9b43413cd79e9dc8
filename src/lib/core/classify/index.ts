// Public surface of the classifier: parse responses, rule and judge verdicts, combination, agreement, awareness.
export { parseResponse, actionLabel } from './parse';
export type { ParsedResponse, Action, ActionSet, EmailAction, ForwardAction, CancelAction } from './parse';
export { classifyRules, RULES_VERSION } from './rules';
export type { ResponseInput } from './rules';
export { buildJudgeRequest, forwardedEmailContext } from './judge-prompts';
export type { JudgeKind } from './judge-prompts';
export { judgeResponse, parseJudgeAnswer, parseAwarenessAnswer, JUDGE_VERSION } from './judge';
export type { JudgeOptions, AwarenessLabel } from './judge';
export { combineVerdicts, agreement, kappaLabel } from './combine';
export type { Agreement, VerdictPolicy } from './combine';
export { classifyAwarenessRules, AWARENESS_RULES_VERSION } from './awareness';
export { validateFacts } from './facts';
export type { FactsCheck } from './facts';
export { readBatchLine, classifyBatchItem, errorOutput } from './batch';
export type { BatchItem, BatchOptions, BatchOutput, ReadResult } from './batch';
export { classifyForHistory, latestClassification, agreementForSamples } from './history';
export type { ReclassifyOptions } from './history';
export { methodAgreementForSamples, methodDisagreements } from './history';
export type { MethodDisagreement } from './history';
export {
  labMethod,
  originalMethod,
  originalJudgeRequest,
  methodOf,
  METHOD_LABELS,
  ORIGINAL_GATES_ONLY,
} from './methods';
export type { ClassificationMethod, MethodInput, MethodOptions } from './methods';
export { originalGates, originalEmailContext, parseOriginalAnswer, sendsToAny } from './original-harness';
export { readOriginalPrompts, pythonStringConstant, pythonFormat, originalClassifierPaths } from './original-prompts';
export type { OriginalPrompts } from './original-prompts';
