// Error normalisation: HTTP status/body mapping, retry hints, and key redaction.
import { describe, expect, it } from 'vitest';
import {
  EngineError,
  httpError,
  parseRetryAfter,
  parseRetryHint,
  redact,
  toEngineError,
} from '../../../src/lib/engines/errors';

describe('httpError', () => {
  const h = (o: Record<string, string> = {}) => new Headers(o);
  it.each([
    [401, '{"error":{"message":"bad key"}}', 'auth', false],
    [403, '{"type":"error","error":{"type":"permission_error","message":"no"}}', 'auth', false],
    [
      400,
      '{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT"}}',
      'auth',
      false,
    ],
    [
      400,
      '{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}',
      'context-length',
      false,
    ],
    [400, '{"error":{"message":"x","code":"context_length_exceeded"}}', 'context-length', false],
    [
      413,
      '{"type":"error","error":{"type":"request_too_large","message":"Request exceeds the maximum allowed number of bytes."}}',
      'context-length',
      false,
    ],
    [400, '{"error":{"message":"temperature out of range"}}', 'bad-request', false],
    [404, '{"error":{"message":"model not found"}}', 'bad-request', false],
    [429, '{"error":{"message":"Rate limit reached"}}', 'rate-limit', true],
    [429, '{"error":{"message":"quota","code":"insufficient_quota","type":"insufficient_quota"}}', 'rate-limit', false],
    [529, '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', 'overloaded', true],
    [
      503,
      '{"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}',
      'overloaded',
      true,
    ],
    [500, 'Internal Server Error', 'server', true],
    [502, '<html>bad gateway</html>', 'server', true],
  ])('HTTP %i %s → %s', (status, body, kind, retryable) => {
    const e = httpError(status, body, h(), 'Prov');
    expect(e.kind).toBe(kind);
    expect(e.retryable).toBe(retryable);
    expect(e.status).toBe(status);
    expect(e.message).toMatch(/^Prov: /);
  });

  it.each([
    [
      "Unsupported value: 'temperature' does not support 0.7 with this model. Only the default (1) value is supported.",
      /temperature to 1/,
    ],
    [
      "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
      /wants max_completion_tokens/,
    ],
    [
      'max_tokens is too large: 10000. This model supports at most 4096 completion tokens, whereas you provided 10000.',
      /Lower the experiment's max tokens/,
    ],
    ['Unrecognized request argument supplied: reasoning_effort', /reasoning setting/],
    ['`max_tokens` must be greater than `thinking.budget_tokens`.', /thinking budget must be .* below max tokens/],
    ['temperature may only be set to 1 when thinking is enabled.', /temperature to 1/],
    ['Invalid value for messages[0].role', /Check the model name and settings/],
  ])('a 400 naming a parameter says what to change: %s', (message, action) => {
    const e = httpError(400, JSON.stringify({ error: { message, type: 'invalid_request_error' } }), h(), 'OpenAI');
    expect(e.kind).toBe('bad-request');
    expect(e.message).toContain(message);
    expect(e.action).toMatch(action);
    expect(e.retryable).toBe(false);
  });

  it('takes the Gemini RetryInfo delay from a 429 body and keeps such quota errors retryable', () => {
    const body = JSON.stringify({
      error: {
        code: 429,
        message: 'You exceeded your current quota, please check your plan and billing details.',
        status: 'RESOURCE_EXHAUSTED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '17s' }],
      },
    });
    const e = httpError(429, body, h(), 'Gemini');
    expect(e.retryAfterMs).toBe(17_000);
    expect(e.retryable).toBe(true);
  });
});

describe('retry hints', () => {
  it.each([
    [{ 'retry-after': '3' }, 3000],
    [{ 'retry-after': '0.5' }, 500],
    [{ 'retry-after-ms': '250', 'retry-after': '9' }, 250],
    [{ 'retry-after': 'Wed, 21 Oct 2015 07:28:10 GMT' }, 10_000],
    [{}, undefined],
  ])('%j → %s', (headers, ms) => {
    expect(parseRetryAfter(new Headers(headers), Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(ms);
  });
  it.each([
    ['Please try again in 1.5s.', 1500],
    ['Please try again in 20ms', 20],
    ['"retryDelay": "30s"', 30_000],
    ['nothing here', undefined],
  ])('%s → %s', (text, ms) => expect(parseRetryHint(text)).toBe(ms));
});

describe('redaction', () => {
  const key = 'my-very-own-secret-key-123';
  it.each([
    [`key ${key} leaked`, [key], 'key [redacted key] leaked'],
    ['Authorization: Bearer abc.def', [], 'Authorization: [redacted key]'],
    ['sk-proj-AbCdEfGhIjKlMnOpQrStUv and sk-ant-api03-abcdefghijkl', [], '[redacted key] and [redacted key]'],
    ['AIzaSyA1234567890abcdefghijklmnop', [], '[redacted key]'],
    ['nothing secret', [key], 'nothing secret'],
  ])('%s', (input, secrets, expected) => expect(redact(input, secrets)).toBe(expected));

  it('scrubs keys from constructed and normalised errors', () => {
    const e = new EngineError('auth', `rejected ${key}`, { secrets: [key], action: `use not ${key}` });
    expect(e.message + e.action).not.toContain(key);
    const n = toEngineError(new Error(`boom ${key}`), [key]);
    expect(n.message).toBe('boom [redacted key]');
    const again = toEngineError(new EngineError('server', `x ${key}`), [key]);
    expect(again.message).toBe('x [redacted key]');
  });
});
