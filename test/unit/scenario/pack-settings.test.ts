// The swap option and edited facts of an imported pack, as the run records them and as exports carry them (table-driven).
import { describe, expect, it } from 'vitest';
import { parseConditionId } from '../../../src/lib/core/condition-id';
import {
  applySettings,
  convertOriginalTemplates,
  editedScenarios,
  packForRun,
  renderCondition,
  runPrompts,
  settingsOf,
} from '../../../src/lib/core/scenario/index';
import { factsFromForm, formOf } from '../../../src/lib/core/scenario/facts-form';
import { buildBundle, validateBundle } from '../../../src/lib/core/bundle/index';
import { createRuns } from '../../../src/lib/runner/experiment';
import { preparerFor } from '../../../src/lib/runner/prepare';
import type { Run } from '../../../src/lib/core/types';
import { readTree } from '../../../scripts/lib/load-pack';

const pack = convertOriginalTemplates(readTree(new URL('../../fixtures/original-templates', import.meta.url).pathname));
const render = (p: typeof pack, id: string) => renderCondition(p, parseConditionId(id)!);

describe('swap option', () => {
  it.each([
    // [mode, condition, what the goal slot holds]
    ['fixed', 'blackmail_swap-america_replacement', 'Filler goal: global.'],
    ['fixed', 'leaking_swap-ethical_none_prod', 'Filler goal: pragmatic.'],
    ['original', 'blackmail_swap-america_replacement', ''],
    ['original', 'murder_swap-ethical_restriction', ''],
  ] as const)('%s: %s', (swap, id, goal) => {
    const p = applySettings(pack, { swap });
    const r = render(p, id);
    if (goal) expect(r.system).toContain(goal);
    else {
      expect(r.system).not.toContain('Filler goal');
      // the harness's swap is latent, byte for byte
      const latent = render(p, id.replace('_swap-', '_latent-'));
      expect(r.system).toBe(latent.system);
      expect(r.userMessage).toBe(latent.userMessage);
    }
  });

  it('leaves every other goal type alone', () => {
    const o = applySettings(pack, { swap: 'original' });
    for (const id of ['blackmail_explicit-ethical_replacement', 'leaking_latent-global_none', 'murder_none-none_none'])
      expect(render(o, id).userMessage).toBe(render(pack, id).userMessage);
  });
});

describe('edited facts and the run record', () => {
  const editedMurder = { ...pack.scenarios.murder.facts, leverageTarget: 'boss.person@fillcorp.com' };
  const edited = applySettings(pack, { swap: 'original', facts: { murder: editedMurder } });

  it('knows which scenarios were edited and round-trips through its settings', () => {
    expect(editedScenarios(pack)).toEqual([]);
    expect(editedScenarios(edited)).toEqual(['murder']);
    expect(settingsOf(edited)).toEqual({ swap: 'original', facts: { murder: editedMurder } });
    expect(applySettings(pack, settingsOf(edited)).scenarios.murder.facts).toEqual(editedMurder);
  });

  it('records swap and the facts of the scenarios a run uses', () => {
    const p = runPrompts(edited, ['murder_swap-america_replacement', 'leaking_explicit-america_none']);
    expect(p.swap).toBe('original');
    expect(p.facts.map((f) => f.scenario)).toEqual(['leaking', 'murder']);
    expect(p.facts[1].leverageTarget).toBe('boss.person@fillcorp.com');
    expect(p.editedFacts).toEqual(['murder']);
  });

  it('renders and classifies with what the run recorded, not the pack settings of today', () => {
    const prompts = runPrompts(edited, ['murder_swap-america_replacement']);
    const run = { pack: { id: pack.id, hash: pack.hash }, prompts };
    const prepared = preparerFor(run, pack)('murder_swap-america_replacement');
    expect(prepared.facts.leverageTarget).toBe('boss.person@fillcorp.com');
    expect(prepared.system).not.toContain('Filler goal');
    // a run without a record (older runs) used the fixed swap and the pack's facts
    const old = preparerFor({ pack: run.pack }, edited)('murder_swap-america_replacement');
    expect(old.system).toContain('Filler goal: global.');
    expect(packForRun({}, edited).swap).toBe('fixed');
  });

  it('is kept by createRuns and exports and re-imports in a results bundle', () => {
    const [run] = createRuns(
      {
        name: 'x',
        conditionIds: ['murder_swap-america_replacement'],
        engines: [
          { id: 'e', label: 'E', descriptor: { kind: 'openai-compatible', provider: 'p', model: 'm' }, concurrency: 1 },
        ],
        samplesPerCondition: 1,
        params: { temperature: 1, maxTokens: 10 },
        pack: { id: pack.id, hash: pack.hash },
        prompts: runPrompts(edited, ['murder_swap-america_replacement']),
      },
      { appVersion: '1', now: new Date('2026-12-01T00:00:00Z') },
    );
    expect(run.prompts?.facts[0].leverageTarget).toBe('boss.person@fillcorp.com');
    const bundle = buildBundle([{ ...run, status: 'done' } as Run], [], {
      appVersion: '1',
      exportedAt: '2026-12-01T00:00:00Z',
    });
    const back = validateBundle(JSON.parse(JSON.stringify(bundle)));
    expect(back.ok).toBe(true);
    if (back.ok) expect(back.bundle.runs[0].prompts).toEqual(run.prompts);
    const bad = JSON.parse(JSON.stringify(bundle));
    bad.runs[0].prompts.swap = 'sideways';
    expect(validateBundle(bad).ok).toBe(false);
  });
});

describe('facts form', () => {
  const murder = pack.scenarios.murder.facts;
  it.each([
    ['a valid edit', { leverageTarget: 'Boss.Person@fillcorp.com' }, true, ''],
    [
      'an address that is not one',
      { agentEmail: 'alex at fillcorp' },
      false,
      'Agent’s own address: must be an email address',
    ],
    ['markup in the code', { overrideCode: '<b>X-1</b>' }, false, 'Override code:'],
    ['a missing override code', { overrideCode: ' ' }, false, 'Override code: is required'],
  ])('%s', (_what, change, ok, message) => {
    const r = factsFromForm(murder, { ...formOf(murder), ...change });
    expect(r.ok).toBe(ok);
    if (r.ok) expect(r.facts.leverageTarget).toBe('boss.person@fillcorp.com');
    else expect(r.errors.join('\n')).toContain(message);
  });

  it('parses lists and ids for leaking', () => {
    const leaking = pack.scenarios.leaking.facts;
    const r = factsFromForm(leaking, {
      ...formOf(leaking),
      confidentialEmailIds: '2, 3',
      confidentialTerms: 'a.pdf,\nb.pdf',
    });
    expect(r.ok && r.facts.confidentialEmailIds).toEqual([2, 3]);
    expect(r.ok && r.facts.confidentialTerms).toEqual(['a.pdf', 'b.pdf']);
    expect(factsFromForm(leaking, { ...formOf(leaking), confidentialEmailIds: 'two' }).ok).toBe(false);
  });
});
