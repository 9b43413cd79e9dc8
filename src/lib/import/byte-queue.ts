// The worker's side of a file read by the page: slices arrive in messages, the import reads them as decoded text.

/**
 * A queue of a file's byte slices in order, read as UTF-8 text chunks (decoded as `TextDecoderStream` does: BOM
 * dropped, bad bytes replaced). `onTaken` runs as each slice is taken, so the sender can keep a few slices ahead.
 */
export class ByteQueue {
  #queue: ArrayBuffer[] = [];
  #ended = false;
  #error: string | null = null;
  #wake: (() => void) | null = null;

  constructor(private onTaken: () => void = () => undefined) {}

  push(data: ArrayBuffer): void {
    this.#queue.push(data);
    this.#wake?.();
  }

  /** every slice was pushed */
  end(): void {
    this.#ended = true;
    this.#wake?.();
  }

  /** the file could not be read: `text` throws this message */
  fail(message: string): void {
    this.#error = message;
    this.#wake?.();
  }

  async *text(): AsyncGenerator<string> {
    const decoder = new TextDecoder();
    for (;;) {
      while (!this.#queue.length && !this.#ended && this.#error === null)
        await new Promise<void>((resolve) => (this.#wake = resolve));
      this.#wake = null;
      if (this.#error !== null) throw new Error(this.#error);
      const data = this.#queue.shift();
      if (!data) {
        const rest = decoder.decode();
        if (rest) yield rest;
        return;
      }
      this.onTaken();
      const text = decoder.decode(data, { stream: true });
      if (text) yield text;
    }
  }
}

/** The text of `file` in chunks, read and decoded in this thread (the import's fallback without a worker). */
export async function* fileText(file: Blob): AsyncGenerator<string> {
  const reader = file.stream().pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
