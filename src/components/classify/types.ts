// Contracts between the classification UI pieces and the parent that wires them to storage and engines.
import type { ClassificationMethodId, Engine } from '../../lib/core/types';
import type { VerdictPolicy } from '../../lib/core/classify/combine';
import type { OriginalPrompts } from '../../lib/core/classify/original-prompts';

/** One judge the user may pick; `engine()` builds it only when re-classification starts. */
export interface JudgeChoice {
  id: string;
  label: string;
  engine: () => Engine;
}

/** What the panel asks the parent to do. */
export interface ReclassifyRequest {
  /** undefined = rules only */
  judge?: JudgeChoice;
  policy: VerdictPolicy;
  awareness: boolean;
  /** 'lab' unless told; 'original' uses `originalPrompts` (its gates alone without them or without a judge) */
  method?: ClassificationMethodId;
  originalPrompts?: OriginalPrompts;
}

/** Progress the parent reports back while it re-classifies. */
export interface ReclassifyProgress {
  done: number;
  total: number;
  /** samples whose judge call failed (recorded as unclassified) */
  failed?: number;
  running: boolean;
}
