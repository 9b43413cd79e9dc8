// One spreadsheet row per sample with the verdict that counts, for people who analyse results outside the app.
import { parseConditionId } from '../condition-id';
import { toCsv, type CsvCell } from '../csv';
import type { Run, Sample } from '../types';
import { currentClassification, effectiveVerdict, methodOf } from '../verdict';

export const CSV_HEADER = [
  'run_id',
  'run_name',
  'source',
  'engine',
  'provider',
  'model',
  'model_id',
  'condition_id',
  'scenario',
  'goal_type',
  'goal_value',
  'urgency',
  'sample_index',
  'status',
  'verdict',
  'classifier',
  'classifier_verdict',
  'override_verdict',
  'override_note',
  'finish_reason',
  'input_tokens',
  'output_tokens',
  'total_ms',
  'error_kind',
  'error_message',
  'prompt_hash',
  'method',
  'lab_verdict',
  'original_verdict',
  'original_classifier_verdict',
];

export function csvRow(run: Run | undefined, s: Sample): CsvCell[] {
  const c = parseConditionId(s.conditionId);
  const cls = currentClassification(s);
  const original = currentClassification(s, 'original');
  return [
    s.runId,
    run?.name,
    run ? `${run.source.kind}:${run.source.label}` : '',
    run?.engine.kind,
    run?.engine.provider,
    s.model,
    s.modelId,
    s.conditionId,
    c?.scenario,
    c?.goalType,
    c?.goalValue,
    c?.urgency,
    s.index,
    s.status,
    effectiveVerdict(s),
    cls?.classifier,
    cls?.verdict,
    s.override?.verdict,
    s.override?.note,
    s.finishReason,
    s.usage?.inputTokens,
    s.usage?.outputTokens,
    s.timings?.totalMs,
    s.error?.kind,
    s.error?.message,
    s.promptHash,
    cls ? methodOf(cls) : undefined,
    s.status === 'done' ? currentClassification(s, 'lab')?.verdict : undefined,
    s.status === 'done' ? original?.verdict : undefined,
    s.status === 'done' ? original?.classifierVerdict : undefined,
  ];
}

/** CSV text of per-sample verdicts for the given runs' samples. */
export function samplesCsv(runs: readonly Run[], samples: Iterable<Sample>): string {
  const byId = new Map(runs.map((r) => [r.id, r]));
  const rows: CsvCell[][] = [];
  for (const s of samples) rows.push(csvRow(byId.get(s.runId), s));
  return toCsv(CSV_HEADER, rows);
}
