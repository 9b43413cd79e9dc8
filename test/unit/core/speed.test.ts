// speed: what a connection test's timings say about an engine's speed, and how the estimate uses it.
import { describe, expect, it } from 'vitest';
import { measuredSpeed, speedForEstimate, speedKey, type SpeedSample } from '../../../src/lib/core/speed';

describe('measuredSpeed', () => {
  it.each<[string, SpeedSample, ReturnType<typeof measuredSpeed>]>([
    [
      'first token and a provider token count',
      { totalMs: 1200, firstTokenMs: 200, outputTokens: 50, chars: 10 },
      { firstTokenSeconds: 0.2, tokensPerSecond: 50 },
    ],
    [
      'tokens estimated from characters (4 per token)',
      { totalMs: 600, firstTokenMs: 100, chars: 200 },
      { firstTokenSeconds: 0.1, tokensPerSecond: 100 },
    ],
    [
      'no first-token time: all of it counts as latency',
      { totalMs: 900, outputTokens: 40, chars: 160 },
      { firstTokenSeconds: 0.9 },
    ],
    [
      'too few tokens to time',
      { totalMs: 500, firstTokenMs: 100, outputTokens: 7, chars: 28 },
      { firstTokenSeconds: 0.1 },
    ],
    [
      'generation too short to time',
      { totalMs: 140, firstTokenMs: 100, outputTokens: 40, chars: 160 },
      { firstTokenSeconds: 0.1 },
    ],
    [
      'first token after the end is ignored',
      { totalMs: 300, firstTokenMs: 900, outputTokens: 40, chars: 160 },
      { firstTokenSeconds: 0.3 },
    ],
    [
      'absurd speed is capped',
      { totalMs: 151, firstTokenMs: 100, outputTokens: 1_000_000, chars: 1 },
      { firstTokenSeconds: 0.1, tokensPerSecond: 5000 },
    ],
    ['no usable total', { totalMs: Number.NaN, chars: 10 }, undefined],
    ['negative total', { totalMs: -5, chars: 10 }, undefined],
  ])('%s', (_name, sample, want) => {
    expect(measuredSpeed(sample)).toEqual(want);
  });
});

describe('speedForEstimate', () => {
  const defaults = { firstTokenSeconds: 1.5, tokensPerSecond: 50 };
  it.each([
    [undefined, { firstTokenSeconds: 1.5, tokensPerSecond: 50, measured: false }],
    [{ firstTokenSeconds: 0.3 }, { firstTokenSeconds: 0.3, tokensPerSecond: 50, measured: true }],
    [
      { firstTokenSeconds: 0.3, tokensPerSecond: 120 },
      { firstTokenSeconds: 0.3, tokensPerSecond: 120, measured: true },
    ],
  ])('%j', (measured, want) => expect(speedForEstimate(defaults, measured)).toEqual(want));
});

describe('speedKey', () => {
  it('separates servers and models and carries no key', () => {
    const a = speedKey({ provider: 'custom', baseUrl: 'http://localhost:1/v1', model: 'm' });
    expect(a).toBe('custom|http://localhost:1/v1|m');
    expect(speedKey({ provider: 'custom', baseUrl: 'http://localhost:2/v1', model: 'm' })).not.toBe(a);
    expect(speedKey({ provider: 'openai', model: 'gpt' })).toBe('openai||gpt');
  });
});
