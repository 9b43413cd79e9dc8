// The CLI benchmark's reference: a bare pool of C loops sending one recorded CLI request with Node's fetch, no runner.
import { readFileSync } from 'node:fs';

/** Usage: node --import tsx bench/cli-pool.ts URL BODY_FILE C N — prints `{"seconds": …, "requests": N}`. */
async function main(): Promise<void> {
  const [url, bodyFile, c, n] = process.argv.slice(2);
  const body = readFileSync(bodyFile, 'utf8');
  const total = Number(n);
  let next = 0;
  const slot = async (): Promise<void> => {
    while (next < total) {
      next++;
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench-not-a-real-key' },
        body,
      });
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      const reader = res.body.getReader();
      for (;;) if ((await reader.read()).done) break;
    }
  };
  const t = performance.now();
  await Promise.all(Array.from({ length: Number(c) }, slot));
  process.stdout.write(JSON.stringify({ seconds: (performance.now() - t) / 1000, requests: total }));
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
