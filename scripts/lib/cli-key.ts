// Where the CLI finds an API key: the provider's usual environment variable, else LAB_API_KEY. Only names are ever shown.
const BY_PROVIDER: Record<string, string> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  gemini: 'GEMINI_API_KEY',
};

/** The key for a provider and the variable it came from (`names` lists where it was looked for). */
export function keyFor(
  provider: string,
  env: Record<string, string | undefined>,
): { key?: string; from?: string; names: string[] } {
  const names = [...(BY_PROVIDER[provider] ? [BY_PROVIDER[provider]] : []), 'LAB_API_KEY'];
  for (const name of names) {
    const v = env[name]?.trim();
    if (v) return { key: v, from: name, names };
  }
  return { names };
}
