// What a model's chat template implies for our prompts: whether it has a system role, and whether it opens <think> itself.

/** The fields of an MLC `conv_template` (from mlc-chat-config.json) that decide how our messages are rendered. */
export interface ConvTemplateLike {
  name?: string;
  system_template?: string;
  roles?: Record<string, string>;
  role_empty_sep?: string;
}

export type SystemPromptMode = 'system-role' | 'merged-into-user';

export interface TemplateTraits {
  /** template name from the model's config, when known */
  name?: string;
  /** how the system prompt reaches the model */
  systemPrompt: SystemPromptMode;
  /** the generation prompt ends inside an open <think> block, so the reply starts as reasoning */
  opensThink: boolean;
}

/** Templates whose model card puts the system prompt inside the first user turn (the model has no system role). */
const MERGE_SYSTEM: RegExp[] = [/^gemma/i];
/** Turn markers of the Gemma family, for custom builds whose template has another name. */
const GEMMA_TURN = '<start_of_turn>';

export const DEFAULT_TRAITS: TemplateTraits = { systemPrompt: 'system-role', opensThink: false };

export function templateTraits(t: ConvTemplateLike | undefined): TemplateTraits {
  if (!t) return DEFAULT_TRAITS;
  const merge = MERGE_SYSTEM.some((re) => re.test(t.name ?? '')) || (t.roles?.user ?? '').startsWith(GEMMA_TURN);
  // web-llm renders the generation prompt as the assistant role string followed by role_empty_sep
  const suffix = `${t.roles?.assistant ?? ''}${t.role_empty_sep ?? ''}`;
  const opensThink = suffix.lastIndexOf('<think>') > suffix.lastIndexOf('</think>');
  return {
    ...(t.name ? { name: t.name } : {}),
    systemPrompt: merge ? 'merged-into-user' : 'system-role',
    opensThink,
  };
}

export interface PlainMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * The messages sent to the engine: a system message, or (templates without a system role) the system prompt placed
 * before the first user turn's text, as those models' own chat templates do.
 */
export function buildMessages(
  system: string,
  messages: { role: 'user' | 'assistant'; content: string }[],
  traits: TemplateTraits,
): PlainMessage[] {
  const out: PlainMessage[] = messages.map((m) => ({ role: m.role, content: m.content }));
  if (!system) return out;
  if (traits.systemPrompt === 'merged-into-user') {
    const first = out.findIndex((m) => m.role === 'user');
    if (first !== -1) {
      out[first] = { role: 'user', content: `${system}\n\n${out[first].content}` };
      return out;
    }
  }
  return [{ role: 'system', content: system }, ...out];
}
