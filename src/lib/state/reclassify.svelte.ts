// Re-classifies stored samples (rules, optional judge, awareness), appending to each sample's history, with progress.
import { SCENARIO_LABELS, parseConditionId } from '../core/condition-id';
import {
  agreementForSamples,
  classifyForHistory,
  forwardedEmailContext,
  methodAgreementForSamples,
  methodDisagreements,
  type MethodDisagreement,
} from '../core/classify/index';
import type { Agreement } from '../core/classify/combine';
import { packForRun, renderCondition, scenarioFacts, type ScenarioPack } from '../core/scenario/index';
import type { Email, Run, Sample } from '../core/types';
import { addClassification, getRun, getSample } from '../storage/db';
import { packs } from './packs.svelte';
import { results } from './results.svelte';
import type { ReclassifyProgress, ReclassifyRequest } from '../../components/classify/types';

export interface AgreementRow {
  label: string;
  agreement: Agreement;
}

export class Reclassifier {
  progress = $state<ReclassifyProgress | undefined>();
  agreementRows = $state.raw<AgreementRow[]>([]);
  /** lab-vs-original agreement per scenario, and the samples where the two methods disagree */
  methodRows = $state.raw<AgreementRow[]>([]);
  disagreements = $state.raw<MethodDisagreement[]>([]);
  /** samples left alone, with the reason, e.g. their scenario pack is not loaded */
  notice = $state('');
  private controller: AbortController | undefined;

  cancel(): void {
    this.controller?.abort();
  }

  /** Re-classify the given samples; errored samples and samples whose pack is missing are skipped and counted. */
  async run(request: ReclassifyRequest, sampleIds: readonly string[]): Promise<void> {
    await packs.load();
    const controller = new AbortController();
    this.controller = controller;
    const judge = request.judge?.engine();
    const ctx = new Context();
    let done = 0;
    let failed = 0;
    this.notice = '';
    this.progress = { done, total: sampleIds.length, failed, running: true };
    try {
      for (const id of sampleIds) {
        if (controller.signal.aborted) break;
        const s = await getSample(id);
        const input = s && (await ctx.inputFor(s));
        if (s && input) {
          const entries = await classifyForHistory(input.facts, input.response, {
            judge,
            policy: request.policy,
            method: request.method,
            originalPrompts: request.originalPrompts,
            awareness: request.awareness,
            emailContext: input.emailContext(),
            emailContent: request.method === 'original' ? input.emailContent() : undefined,
            signal: controller.signal,
          });
          if (controller.signal.aborted) break;
          let updated: Sample = s;
          for (const c of entries) updated = await addClassification(id, c);
          if (entries.some((c) => /^(original:)?judge:/.test(c.classifier) && c.verdict === 'unclassified')) failed++;
          ctx.collect(input.scenario, updated);
        }
        done++;
        this.progress = { done, total: sampleIds.length, failed, running: true };
      }
    } finally {
      this.progress = { done, total: sampleIds.length, failed, running: false };
      this.agreementRows = ctx.agreementRows();
      this.methodRows = ctx.methodRows();
      this.disagreements = ctx.disagreements();
      this.notice = ctx.skippedNotice();
      this.controller = undefined;
      results.invalidate();
      await results.load();
    }
  }

  /** Rules-vs-judge agreement over the given samples as stored now, per scenario. */
  async measure(sampleIds: readonly string[]): Promise<void> {
    const ctx = new Context();
    for (const id of sampleIds) {
      const s = await getSample(id);
      const c = s && parseConditionId(s.conditionId);
      if (s && c) ctx.collect(c.scenario, s);
    }
    this.agreementRows = ctx.agreementRows();
    this.methodRows = ctx.methodRows();
    this.disagreements = ctx.disagreements();
  }
}

/** Per-call caches (runs, packs, rendered inboxes) and the samples collected for agreement. */
class Context {
  private runs = new Map<string, Run | undefined>();
  private inboxes = new Map<string, { emails: Email[]; emailText: string }>();
  private byScenario = new Map<string, Sample[]>();
  private skipped = new Map<string, number>();
  /** notes on which pack stood in for results of the original harness */
  private used = new Set<string>();

  async inputFor(s: Sample) {
    if (s.status !== 'done' || s.response === undefined) return this.skip('errored samples have no response');
    if (!this.runs.has(s.runId)) this.runs.set(s.runId, await getRun(s.runId));
    const run = this.runs.get(s.runId);
    const c = parseConditionId(s.conditionId);
    if (!run || !c) return this.skip('unknown run or condition');
    const pack = this.packOf(run);
    if (!pack)
      return this.skip(
        run.source.kind === 'original-harness'
          ? "results of the original harness are classified with your copy's templates: import its templates/ folder on the Scenarios page"
          : `scenario pack "${run.pack.id}" is not loaded: import it on the Scenarios page`,
      );
    const response = { text: s.response, reasoning: s.reasoning };
    const key = `${pack.id}/${s.conditionId}`;
    return {
      scenario: c.scenario,
      facts: scenarioFacts(pack, c.scenario),
      response,
      emailContext: () => {
        if (c.scenario !== 'leaking') return undefined;
        return forwardedEmailContext(response, this.rendered(key, pack, c).emails);
      },
      emailContent: () => this.rendered(key, pack, c).emailText,
    };
  }

  /**
   * The pack a run's samples are classified with: the run's own pack with the facts and swap rendering it recorded.
   * Results imported from the original harness name no pack of ours; they use the imported original templates
   * (the latest import when there are several, said in the notice), with the facts as reviewed on the Scenarios page.
   */
  private packOf(run: Run): ScenarioPack | undefined {
    const own = packs.all.find((p) => p.id === run.pack.id);
    if (own) return packForRun(run, own);
    if (run.source.kind !== 'original-harness') return undefined;
    const imported = packs.importedPacks;
    const pick = imported[imported.length - 1];
    if (pick && imported.length > 1) this.used.add(`the latest imported original templates ("${pick.name}")`);
    return pick;
  }

  private rendered(key: string, pack: ScenarioPack, c: NonNullable<ReturnType<typeof parseConditionId>>) {
    let r = this.inboxes.get(key);
    if (!r) {
      const p = renderCondition(pack, c);
      r = { emails: p.emails, emailText: p.emailText };
      this.inboxes.set(key, r);
    }
    return r;
  }

  methodRows(): AgreementRow[] {
    return [...this.byScenario].map(([scenario, samples]) => ({
      label: SCENARIO_LABELS[scenario as keyof typeof SCENARIO_LABELS] ?? scenario,
      agreement: methodAgreementForSamples(samples),
    }));
  }

  disagreements(): MethodDisagreement[] {
    return [...this.byScenario.values()].flatMap((samples) => methodDisagreements(samples));
  }

  collect(scenario: string, s: Sample): void {
    const list = this.byScenario.get(scenario) ?? [];
    list.push(s);
    this.byScenario.set(scenario, list);
  }

  agreementRows(): AgreementRow[] {
    return [...this.byScenario].map(([scenario, samples]) => ({
      label: SCENARIO_LABELS[scenario as keyof typeof SCENARIO_LABELS] ?? scenario,
      agreement: agreementForSamples(samples),
    }));
  }

  skippedNotice(): string {
    const used = [...this.used].map((u) => `Original-harness results were classified with the facts of ${u}.`);
    const skipped = [...this.skipped].map(([why, n]) => `${n} sample${n === 1 ? '' : 's'} skipped: ${why}.`);
    return [...used, ...skipped].join(' ');
  }

  private skip(why: string): undefined {
    this.skipped.set(why, (this.skipped.get(why) ?? 0) + 1);
    return undefined;
  }
}

export const reclassifier = new Reclassifier();
