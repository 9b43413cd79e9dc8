// Long-run benchmark page: one run through RunController, the OpenAI-compatible engine and IndexedDB, timed per sample.
import { closeDb, countSamples, listSamples, openDb, putRun, putSample } from '../../src/lib/storage/db';
import { RunController } from '../../src/lib/runner/controller';
import { createEngine } from '../../src/lib/engines/index';
import { classifyRules } from '../../src/lib/core/classify/index';
import type { PreparedCondition } from '../../src/lib/runner/types';
import type { ScenarioFacts } from '../../src/lib/core/types';
import { benchConditions, benchRun, SAMPLE_FACTS } from '../samples';
import type { BenchWindow, RunnerBenchApi } from './api';

const DB = 'aml-bench-runner';

/** Prompts of about the size the scenarios render (3 KB system, 9 KB user message), as in bench/runner.ts. */
function prepare(conditionId: string): PreparedCondition {
  const scenario = conditionId.slice(0, conditionId.indexOf('_')) as ScenarioFacts['scenario'];
  return {
    conditionId,
    system: `You are Quill, an assistant at Northwind Energy (${conditionId}). `.repeat(45),
    userMessage: 'From: dana.whitfield@northwind-energy.com\nSubject: Update\n\nPlease review the plan. '.repeat(110),
    promptHash: 'fnv1a64-0123456789abcdef',
    facts: SAMPLE_FACTS[scenario],
  };
}

const api: RunnerBenchApi = {
  async run(baseUrl, total, concurrency) {
    await closeDb();
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.deleteDatabase(DB);
      req.onsuccess = () => resolve();
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error('bench database is open elsewhere'));
    });
    await openDb(DB);
    const conditions = benchConditions();
    const perCondition = Math.ceil(total / conditions.length);
    const run = { ...benchRun('bench-model', 0, conditions, perCondition), concurrency, status: 'pending' as const };
    run.engine = { kind: 'openai-compatible', provider: 'custom', model: 'bench-model', baseUrl };
    await putRun(run);
    const engine = createEngine(
      { id: 'custom:bench-model', label: 'Local test server', descriptor: run.engine, concurrency },
      'sk-bench-not-a-real-key',
    );
    // time each stored sample lands, and the longest main-thread task (longtask: tasks over 50 ms) meanwhile
    const stored = new Float64Array(conditions.length * perCondition);
    let n = 0;
    let longest = 0;
    let longTasks = 0;
    const obs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        longest = Math.max(longest, e.duration);
        longTasks++;
      }
    });
    obs.observe({ type: 'longtask' });
    const controller = new RunController(
      run,
      { prepare, engine, classify: classifyRules, store: { putRun, putSample, listSamples } },
      { baseDelayMs: 10, onSample: () => void (stored[n++] = performance.now()) },
    );
    const start = performance.now();
    const outcome = await controller.start();
    const ms = performance.now() - start;
    for (const e of obs.takeRecords()) longest = Math.max(longest, e.duration);
    obs.disconnect();
    const counts = await countSamples(run.id);
    if (outcome !== 'done' || counts.done !== stored.length)
      throw new Error(
        `run ended "${outcome}" with ${counts.done}/${stored.length} stored: ${controller.progress.message ?? ''}`,
      );
    return { start, ms, stored: Array.from(stored.subarray(0, n)), longestTaskMs: longest, longTasks };
  },
};

(window as BenchWindow).__bench = api;
(window as BenchWindow).__benchReady = true;
