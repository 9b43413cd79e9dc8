// The Content-Security-Policy the built site ships with; forks add endpoints to EXTRA_CONNECT_HOSTS.

/** Hosts the model download path of web-llm uses (weights on Hugging Face, wasm libraries on GitHub raw). */
export const WEBLLM_HOSTS = [
  'https://huggingface.co',
  'https://*.huggingface.co',
  'https://*.hf.co',
  'https://raw.githubusercontent.com',
];

/** API hosts of the providers the setup view offers. */
export const API_HOSTS = [
  'https://api.openai.com',
  'https://api.anthropic.com',
  'https://generativelanguage.googleapis.com',
  'https://openrouter.ai',
  'https://api.groq.com',
  'https://api.together.xyz',
  'https://api.deepseek.com',
  'https://api.x.ai',
  'https://api.mistral.ai',
  'https://api.fireworks.ai',
];

/** Local servers (Ollama, LM Studio, llama.cpp, vLLM) on any port; [::1] is requested as localhost (see loopbackForCsp). */
export const LOCAL_HOSTS = ['http://localhost:*', 'http://127.0.0.1:*'];

/** A fork that talks to its own endpoint adds its origin here, e.g. 'https://llm.example.org'. */
export const EXTRA_CONNECT_HOSTS: string[] = [];

export function contentSecurityPolicy(): string {
  const connect = ["'self'", ...WEBLLM_HOSTS, ...API_HOSTS, ...LOCAL_HOSTS, ...EXTRA_CONNECT_HOSTS];
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ');
}
