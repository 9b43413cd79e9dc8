// The props each route's view gets from the route: path parameters and the query, nothing else.
import { describe, expect, it } from 'vitest';
import { parseHash } from '../../../src/lib/core/route';
import { viewProps } from '../../../src/lib/core/view-props';

describe('viewProps', () => {
  it.each([
    ['#/setup', {}],
    ['#/experiment', {}],
    ['#/data', {}],
    ['#/run/run-1', { id: 'run-1' }],
    ['#/scenarios?condition=x', { query: new URLSearchParams('condition=x') }],
    ['#/results?tab=bars', { query: new URLSearchParams('tab=bars') }],
    ['#/compare?model=m', { query: new URLSearchParams('model=m') }],
    [
      '#/transcript/run-1/run-1%2Fc%2F0?from=list',
      { runId: 'run-1', sampleId: 'run-1/c/0', query: new URLSearchParams('from=list') },
    ],
  ])('%s', (hash, props) => {
    const p = viewProps(parseHash(hash));
    expect(Object.keys(p).sort()).toEqual(Object.keys(props).sort());
    for (const [k, v] of Object.entries(props))
      expect(v instanceof URLSearchParams ? String(p[k]) : p[k]).toEqual(v instanceof URLSearchParams ? String(v) : v);
  });
});
