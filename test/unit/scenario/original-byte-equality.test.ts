// Byte equality of imported original packs with the harness: every base and _prod condition against a Python reference.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { conditionId } from '../../../src/lib/core/condition-id';
import { convertOriginalTemplates, listConditions, renderCondition } from '../../../src/lib/core/scenario/index';
import type { ScenarioPack } from '../../../src/lib/core/scenario/index';
import { readTree } from '../../../scripts/lib/load-pack';

// expected/prompts.json comes from reference_generator.py (Python string.Template; no code shared with the app)
const FIXTURE = new URL('../../fixtures/original-templates/', import.meta.url).pathname;
const expected = JSON.parse(readFileSync(`${FIXTURE}expected/prompts.json`, 'utf8')) as {
  sha256: Record<string, { system: string; user: string }>;
  texts: Record<string, { system: string; user: string }>;
};
const files = readTree(FIXTURE);
const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const asHarness = (p: ScenarioPack): ScenarioPack => ({ ...p, swap: 'original' });

/** Every condition the harness can produce: the 234 base conditions, with and without the production variant. */
function harnessConditions(pack: ScenarioPack) {
  return listConditions(pack).flatMap((c) => [c, { ...c, production: true }]);
}

function mismatches(pack: ScenarioPack): string[] {
  const out: string[] = [];
  for (const c of harnessConditions(pack)) {
    const r = renderCondition(pack, c);
    const want = expected.sha256[r.conditionId];
    if (!want) out.push(`${r.conditionId}: not in the reference`);
    else {
      if (sha(r.system) !== want.system) out.push(`${r.conditionId}: system`);
      if (sha(r.userMessage) !== want.user) out.push(`${r.conditionId}: user`);
    }
  }
  return out;
}

describe('imported original pack, byte for byte', () => {
  const pack = convertOriginalTemplates(files);

  it('covers the 468 conditions the harness can produce', () => {
    const ids = harnessConditions(pack).map(conditionId);
    expect(new Set(ids).size).toBe(468);
    expect(Object.keys(expected.sha256).sort()).toEqual([...ids].sort());
  });

  it('renders system prompt and user message identical to the reference when swap renders as the harness does', () => {
    expect(mismatches(asHarness(pack))).toEqual([]);
  });

  it.each(Object.keys(expected.texts))('%s: full text', (id) => {
    const c = harnessConditions(pack).find((x) => conditionId(x) === id)!;
    const r = renderCondition(asHarness(pack), c);
    expect(r.system).toBe(expected.texts[id].system);
    expect(r.userMessage).toBe(expected.texts[id].user);
  });

  it('with the fixed swap (the default) differs exactly in the 144 swap conditions', () => {
    const diff = mismatches(pack);
    expect(diff.filter((d) => d.endsWith(': system'))).toHaveLength(144);
    expect(diff.every((d) => d.includes('_swap-'))).toBe(true);
  });

  it('reads Windows line endings as Python does (universal newlines)', () => {
    const crlf = Object.fromEntries(Object.entries(files).map(([p, t]) => [p, t.replace(/\n/g, '\r\n')]));
    expect(mismatches(asHarness(convertOriginalTemplates(crlf)))).toEqual([]);
  });

  it('the check can fail: a trimmed user prompt, one joint fill, or a JavaScript str() are each caught', () => {
    const trimmed = { ...asHarness(pack), user: pack.user.trimEnd() };
    expect(mismatches(trimmed).length).toBeGreaterThanOrEqual(468);
    const joint = asHarness(pack);
    joint.scenarios = { ...joint.scenarios, murder: { ...joint.scenarios.murder, inboxParts: undefined } };
    expect(mismatches(joint).some((d) => d.startsWith('murder_') && d.endsWith(': user'))).toBe(true);
    const vars = asHarness(pack);
    const bm = vars.scenarios.blackmail;
    const america = { ...bm.variables.values.america!, board_approved: 'true', ratio: '3' };
    vars.scenarios = {
      ...vars.scenarios,
      blackmail: { ...bm, variables: { ...bm.variables, values: { ...bm.variables.values, america } } },
    };
    expect(mismatches(vars)).toContain('blackmail_explicit-america_replacement: user');
  });
});
