// Worker-side logic for web-llm: handles typed requests with an injected engine factory, so tests can drive it with a stand-in.
import type {
  AppConfig,
  ChatCompletionMessageParam,
  ChatCompletionRequestStreaming,
  ModelRecord,
} from '@mlc-ai/web-llm';
import type {
  FromWorker,
  LoadedModel,
  ToWorker,
  WorkerChatRequest,
  WorkerChatResult,
  WorkerGpuProbe,
  WorkerResults,
} from '../../../workers/messages';
import { classifyWebLLMError } from './errors';
import { buildMessages, templateTraits, type ConvTemplateLike } from './template';

/** The parts of web-llm's MLCEngine the host uses. */
export interface EngineLike {
  chat: {
    completions: {
      create(req: ChatCompletionRequestStreaming): Promise<AsyncIterable<ChunkLike>>;
    };
  };
  interruptGenerate(): void;
  unload(): Promise<void>;
}

export interface ChunkLike {
  model?: string;
  choices: { delta?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
}

export interface HostDeps {
  createEngine(
    modelId: string,
    opts: {
      appConfig?: AppConfig;
      initProgressCallback: (r: { progress: number; text: string; timeElapsed: number }) => void;
    },
    chatOpts: { context_window_size?: number },
  ): Promise<EngineLike>;
  modelList(): ModelRecord[];
  /** web-llm's own check: every weight shard of the model is stored */
  hasModelInCache(modelId: string, appConfig?: AppConfig): Promise<boolean>;
  /** what is stored under the model's URL: bytes, and whether any file is */
  cacheFiles(record: ModelRecord): Promise<{ bytes: number; any: boolean }>;
  /** delete the model's files; its wasm library only when no other stored model among `others` uses it */
  deleteModelFiles(record: ModelRecord, others: ModelRecord[]): Promise<{ keptLibrary: boolean }>;
  /** the conv_template web-llm stored with the model's config, read after a load */
  convTemplate(record: ModelRecord): Promise<ConvTemplateLike | undefined>;
  probeGpu(): Promise<WorkerGpuProbe>;
}

/** Builds that need WebGPU's shader-f16 feature: q4f16/q0f16 quantisations, or records that say so. */
export function needsShaderF16(record: ModelRecord): boolean {
  return (
    (record.required_features ?? []).includes('shader-f16') ||
    /-q\d+f16(_\d)?(-|$)/.test(record.model_id) ||
    /q\d+f16(_\d)?[-_.]/.test(record.model_lib)
  );
}

export class WebLLMHost {
  private engine: EngineLike | undefined;
  private loaded: LoadedModel | undefined;
  /** generations run one at a time (one model, one GPU queue) */
  private queue: Promise<unknown> = Promise.resolve();
  /** generate requests stopped before they started */
  private readonly cancelled = new Set<number>();
  private running: { id: number; interrupted: boolean } | undefined;
  private gpu: Promise<WorkerGpuProbe> | undefined;

  constructor(
    private readonly deps: HostDeps,
    private readonly post: (msg: FromWorker) => void,
  ) {}

  /** Entry point for every message from the page. */
  async handle(msg: ToWorker): Promise<void> {
    if (msg.type === 'interrupt') {
      if (this.running?.id === msg.target) {
        this.running.interrupted = true;
        this.engine?.interruptGenerate();
      } else this.cancelled.add(msg.target);
      return;
    }
    const { id } = msg;
    try {
      const result = await this.run(msg);
      this.post({ type: 'done', id, result });
    } catch (e) {
      const error = classifyWebLLMError(e);
      if (error.kind === 'device-lost' || error.kind === 'out-of-memory') {
        // web-llm unloads itself after a lost device: forget the engine so the next load starts clean
        await this.engine?.unload().catch(() => undefined);
        this.engine = undefined;
        this.loaded = undefined;
      }
      this.post({ type: 'error', id, error });
    }
  }

  private record(modelId: string, appConfig?: AppConfig): ModelRecord {
    const r =
      appConfig?.model_list.find((m) => m.model_id === modelId) ??
      this.deps.modelList().find((m) => m.model_id === modelId);
    // same wording as web-llm's ModelNotFoundError, so both classify as model-not-found
    if (!r) throw new Error(`Cannot find model record in appConfig for ${modelId}.`);
    return r;
  }

  private async run(msg: Exclude<ToWorker, { type: 'interrupt' }>): Promise<WorkerResults[keyof WorkerResults]> {
    switch (msg.type) {
      case 'catalog':
        return this.deps.modelList();
      case 'probe':
        return this.probe();
      case 'load':
        return this.load(msg.id, msg.modelId, msg.appConfig, msg.contextWindow);
      case 'unload':
        await this.unload();
        return null;
      case 'generate': {
        const next = this.queue.then(() => this.generate(msg.id, msg.request));
        this.queue = next.catch(() => undefined);
        return next;
      }
      case 'cache-list':
        return Promise.all(
          msg.modelIds.map(async (modelId) => {
            const record = (() => {
              try {
                return this.record(modelId, msg.appConfig);
              } catch {
                return undefined;
              }
            })();
            if (!record) return { modelId, cached: false, bytes: 0, partial: false };
            const cached = await this.deps.hasModelInCache(modelId, msg.appConfig).catch(() => false);
            const files = await this.deps.cacheFiles(record);
            return { modelId, cached, bytes: files.bytes, partial: !cached && files.any };
          }),
        );
      case 'cache-delete': {
        const record = this.record(msg.modelId, msg.appConfig);
        const unloaded = this.loaded?.modelId === msg.modelId;
        if (unloaded) await this.unload();
        const { keptLibrary } = await this.deps.deleteModelFiles(record, [
          ...(msg.appConfig?.model_list ?? []),
          ...this.deps.modelList(),
        ]);
        return { unloaded, keptLibrary };
      }
    }
  }

  private probe(): Promise<WorkerGpuProbe> {
    this.gpu ??= this.deps.probeGpu();
    return this.gpu;
  }

  private async unload() {
    const engine = this.engine;
    this.engine = undefined;
    this.loaded = undefined;
    await engine?.unload();
  }

  private async load(id: number, modelId: string, appConfig?: AppConfig, contextWindow?: number) {
    if (this.engine && this.loaded?.modelId === modelId && this.loaded.contextWindow === contextWindow) {
      return this.loaded;
    }
    if (this.engine) await this.unload();
    const record = this.record(modelId, appConfig);
    if (needsShaderF16(record) && !(await this.probe()).shaderF16) {
      throw new Error(
        `${modelId} is an f16 build: it requires WebGPU extension shader-f16, which this GPU/browser does not offer.`,
      );
    }
    this.engine = await this.deps.createEngine(
      modelId,
      {
        appConfig,
        initProgressCallback: (r) =>
          this.post({ type: 'progress', id, progress: r.progress, text: r.text, timeElapsed: r.timeElapsed }),
      },
      contextWindow ? { context_window_size: contextWindow } : {},
    );
    const template = templateTraits(await this.deps.convTemplate(record).catch(() => undefined));
    this.loaded = { modelId, ...(contextWindow ? { contextWindow } : {}), template };
    return this.loaded;
  }

  private async generate(id: number, req: WorkerChatRequest): Promise<WorkerChatResult> {
    if (this.cancelled.delete(id)) return { text: '', finishReason: 'abort', modelId: req.modelId, usage: {} };
    if (!this.engine || !this.loaded || this.loaded.modelId !== req.modelId)
      throw new Error(`No model is loaded: ${req.modelId} is not loaded with a model in this worker.`);
    const engine = this.engine;
    const running = { id, interrupted: false };
    this.running = running;
    try {
      const stream = await engine.chat.completions.create({
        messages: buildMessages(req.system, req.messages, this.loaded.template) as ChatCompletionMessageParam[],
        temperature: req.temperature,
        max_tokens: req.maxTokens,
        ...req.sampling,
        ...(req.seed !== undefined ? { seed: req.seed } : {}),
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      let finish = 'stop';
      let model = this.loaded.modelId;
      let usage: WorkerChatResult['usage'] = {};
      for await (const chunk of stream) {
        // web-llm clears its interrupt flag when a request starts: raise it again until the stream ends
        if (running.interrupted) engine.interruptGenerate();
        if (chunk.model) model = chunk.model;
        const c = chunk.choices[0];
        const delta = c?.delta?.content;
        if (delta) {
          text += delta;
          this.post({ type: 'delta', id, text: delta });
        }
        if (c?.finish_reason) finish = c.finish_reason;
        if (chunk.usage)
          usage = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
      }
      if (running.interrupted) finish = 'abort';
      return { text, finishReason: finish, modelId: model, usage };
    } finally {
      if (this.running === running) this.running = undefined;
    }
  }
}
