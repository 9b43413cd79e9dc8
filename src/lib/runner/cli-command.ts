// The `npm run experiment` command that runs a stored run's experiment from a terminal: the key stays an environment variable.
import type { Run } from '../core/types';
import { PRESETS } from '../core/scenario/presets';
import { DEFAULT_PARAMS } from './experiment';

/** The environment variable the CLI reads a provider's key from (LAB_API_KEY works for every provider). */
export function keyVariable(provider: string): string {
  return (
    { openai: 'OPENAI_API_KEY', anthropic: 'ANTHROPIC_API_KEY', gemini: 'GEMINI_API_KEY' }[provider] ?? 'LAB_API_KEY'
  );
}

/** Quote one shell word (POSIX sh) unless it is plainly safe. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:,@=+%-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export type CliRun = Pick<
  Run,
  'id' | 'name' | 'engine' | 'conditionIds' | 'samplesPerCondition' | 'params' | 'concurrency' | 'pack' | 'prompts'
>;

export interface CliCommand {
  /** the variable to set before running it; the key itself is never part of the command */
  keyVariable: string;
  /** the command line */
  command: string;
  /** what the command cannot reproduce from this run, as sentences (empty when it runs the same experiment) */
  notes: string[];
}

/** The command for the same experiment (conditions, samples, sampling, engine), streamed or through the batch API. */
export function cliCommand(run: CliRun, opts: { batch: boolean; out?: string }): CliCommand {
  const args: string[] = ['--engine', `${run.engine.provider}:${run.engine.model}`];
  const notes: string[] = [];
  if (run.engine.kind === 'webllm')
    notes.push('In-browser models run only on the site; the command line needs an API.');
  if (run.engine.baseUrl) args.push('--base-url', run.engine.baseUrl);
  const ids = [...run.conditionIds].sort();
  const preset = PRESETS.find(
    (p) => p.conditionIds.length === ids.length && [...p.conditionIds].sort().every((c, i) => c === ids[i]),
  );
  if (preset) args.push('--preset', preset.id);
  else args.push('--conditions', run.conditionIds.join(','));
  args.push('--samples', String(run.samplesPerCondition));
  args.push('--concurrency', String(run.concurrency));
  if (run.params.temperature !== DEFAULT_PARAMS.temperature) args.push('--temperature', String(run.params.temperature));
  if (run.params.maxTokens !== DEFAULT_PARAMS.maxTokens) args.push('--max-tokens', String(run.params.maxTokens));
  if (run.params.seed !== undefined) args.push('--seed', String(run.params.seed));
  if (run.pack.id !== 'aml-bundled') {
    args.push('--original', 'PATH/TO/agentic-misalignment/templates');
    notes.push("Replace PATH/TO/… with your copy of the original study's templates folder.");
    if (run.prompts?.swap === 'original') args.push('--swap', 'original');
    if (run.prompts?.editedFacts.length)
      notes.push(
        `The classifier facts edited on the site (${run.prompts.editedFacts.join(', ')}) cannot be given on the ` +
          'command line: it classifies with the facts derived from the templates.',
      );
  }
  args.push('--name', run.name);
  if (opts.batch) args.push('--batch');
  args.push('--out', opts.out ?? `${run.id}.bundle.json`);
  return {
    keyVariable: keyVariable(run.engine.provider),
    command: ['npm', 'run', 'experiment', '--', ...args].map(shellWord).join(' '),
    notes,
  };
}
