// The scenario pack an experiment renders: the bundled `scenarios/`, or the original study's templates converted as the site does.
import { convertOriginalTemplates, type ScenarioPack } from '../../src/lib/core/scenario/index';
import type { ExperimentHeader } from './journal';
import { loadPackFromDir, readTree } from './load-pack';

export function loadExperimentPack(source: ExperimentHeader['pack']): ScenarioPack {
  if (source.kind === 'bundled') return loadPackFromDir();
  const pack = convertOriginalTemplates(readTree(source.path, (p) => /\.(py|md)$/.test(p)));
  return source.swap ? { ...pack, swap: source.swap } : pack;
}
