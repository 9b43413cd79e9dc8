// Chat-template handling: which templates get the system prompt merged into the user turn, which open <think> themselves.
import { describe, expect, it } from 'vitest';
import { buildMessages, templateTraits, type ConvTemplateLike } from '../../../../src/lib/engines/webllm/template';

describe('templateTraits', () => {
  it.each<[string, ConvTemplateLike | undefined, 'system-role' | 'merged-into-user', boolean]>([
    ['no template known', undefined, 'system-role', false],
    [
      'Llama 3',
      {
        name: 'llama-3_1',
        system_template: '<|start_header_id|>system<|end_header_id|>\n\n{system_message}<|eot_id|>',
        roles: { user: '<|start_header_id|>user', assistant: '<|start_header_id|>assistant' },
      },
      'system-role',
      false,
    ],
    [
      'Gemma instruction (MLC: "<bos>{system_message}", no system turn)',
      {
        name: 'gemma_instruction',
        system_template: '<bos>{system_message}',
        roles: { user: '<start_of_turn>user', assistant: '<start_of_turn>model' },
      },
      'merged-into-user',
      false,
    ],
    [
      'Gemma 3 by name',
      { name: 'gemma3_instruction', roles: { user: 'x', assistant: 'y' } },
      'merged-into-user',
      false,
    ],
    [
      'a custom build with Gemma turns under another name',
      { name: 'my-build', roles: { user: '<start_of_turn>user', assistant: '<start_of_turn>model' } },
      'merged-into-user',
      false,
    ],
    [
      'DeepSeek-R1 distill (MLC template: the model writes its own <think>)',
      {
        name: 'deepseek_r1_qwen',
        system_template: '<｜begin▁of▁sentence｜>{system_message}',
        roles: { user: '<｜User｜>', assistant: '<｜Assistant｜>' },
        role_empty_sep: '',
      },
      'system-role',
      false,
    ],
    [
      'a template whose generation prompt opens <think>',
      { name: 'r1-new', roles: { user: '<｜User｜>', assistant: '<｜Assistant｜>' }, role_empty_sep: '<think>\n' },
      'system-role',
      true,
    ],
    [
      'opened and closed (thinking switched off) is not open',
      { name: 'qwen3-nothink', roles: { user: 'u', assistant: 'a<think>\n\n</think>\n\n' } },
      'system-role',
      false,
    ],
  ])('%s', (_name, t, systemPrompt, opensThink) => {
    expect(templateTraits(t)).toMatchObject({ systemPrompt, opensThink });
  });
});

describe('buildMessages', () => {
  const msgs = [{ role: 'user' as const, content: 'The emails.' }];
  it.each([
    [
      'system role',
      'system-role' as const,
      [
        { role: 'system', content: 'You are Alex.' },
        { role: 'user', content: 'The emails.' },
      ],
    ],
    ['merged', 'merged-into-user' as const, [{ role: 'user', content: 'You are Alex.\n\nThe emails.' }]],
  ])('%s', (_n, systemPrompt, expected) => {
    expect(buildMessages('You are Alex.', msgs, { systemPrompt, opensThink: false })).toEqual(expected);
  });
  it('sends no system message when there is no system prompt', () => {
    expect(buildMessages('', msgs, { systemPrompt: 'system-role', opensThink: false })).toEqual(msgs);
  });
});
