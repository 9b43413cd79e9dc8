// Wires the runner to the app: the run's scenario pack, the engine (and key) from the engines state, the rules classifier.
import { classifyRules } from '../core/classify/rules';
import type { Run } from '../core/types';
import type { EngineConfig } from '../engines';
import { createBatchClient } from '../engines/batch/create';
import { preparerFor } from '../runner/prepare';
import { engines } from './engines.svelte';
import { packs } from './packs.svelte';
import type { RunEnvironment } from './runs.svelte';

export function configForRun(run: Pick<Run, 'engine'>): EngineConfig | undefined {
  return engines.configForTarget(run.engine);
}

export const runEnvironment: RunEnvironment = {
  readyToResume(run) {
    const config = configForRun(run);
    return !!config && !engines.keyMissing(config.descriptor);
  },
  async batchDeps(run) {
    const { prepare, classify } = await this.controllerDeps(run);
    const config = configForRun(run)!;
    return { prepare, classify, client: createBatchClient(config, engines.keyFor(config.descriptor)) };
  },
  async controllerDeps(run) {
    const config = configForRun(run);
    if (!config)
      throw new Error(
        `No engine is set up for ${run.engine.provider} · ${run.engine.model}. Add it on the Setup page, then resume.`,
      );
    await packs.load();
    const pack = packs.all.find((p) => p.id === run.pack.id);
    if (!pack)
      throw new Error(
        `This run uses scenario pack "${run.pack.id}", which is not loaded in this browser. ` +
          'Import the same templates on the Scenarios page, then resume.',
      );
    const prepare = preparerFor(run, pack);
    return { prepare, engine: engines.engineFor(config), classify: classifyRules };
  },
};
