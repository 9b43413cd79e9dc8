import { openBenchPage } from './browser';
const bp = await openBenchPage('scratch');
for (const mode of process.argv.slice(2)) {
  const r = await bp.page.evaluate(([m]) => (window as any).__bench.raw(20000, 1000, m), [mode] as const);
  console.log(mode, JSON.stringify(r));
}
await bp.close();
