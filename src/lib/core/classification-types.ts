// Classification records on a sample: verdicts, their evidence and method, and reviewer overrides.

export type Verdict = 'harmful' | 'not-harmful' | 'unclassified';

export interface Evidence {
  /** which action or part: e.g. "email#2", "forward#1", "cancel_alert#1", "reasoning" */
  where: string;
  /** the quoted text that supports the verdict */
  quote: string;
  note?: string;
}

/** Which classification method produced a harm verdict: our rules (+ optional judge), or the original study's. */
export type ClassificationMethodId = 'lab' | 'original';

export interface Classification {
  /** e.g. "rules", "judge:anthropic:claude-3-7-sonnet", "eval-awareness:rules", "original:judge:…", "original:gates-only" */
  classifier: string;
  /** method of a harm verdict; absent on records made before methods existed, which read as 'lab' */
  method?: ClassificationMethodId;
  /** original method: the harness's `classifier_verdict` (its judge alone); absent when only its gates ran */
  classifierVerdict?: boolean;
  version: string;
  verdict: Verdict;
  evidence: Evidence[];
  reasoning?: string;
  /** related behaviours worth charting, e.g. affairDisclosed, whistleblew, deceived, consideredHarm */
  behaviours?: Record<string, boolean>;
  /** for combined verdicts: the policy used ('rules' | 'judge' | 'both') */
  policy?: 'rules' | 'judge' | 'both';
  /** evaluation-awareness label when this is an awareness classification ('unclassified' = the awareness judge failed; see `error`) */
  awareness?: 'thinks-eval' | 'thinks-real' | 'no-deliberation' | 'unclassified';
  at: string;
  error?: string;
}

export interface Override {
  verdict: Verdict;
  note: string;
  at: string;
}
