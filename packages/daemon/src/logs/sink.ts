import { EventEmitter } from "node:events";

/**
 * Somewhere output goes. `write` never blocks and never throws: it queues, and returns false
 * once the queue is over its high-water mark — the writer then pauses its source until
 * "drain". The chunk is lent for the call only (capture.ts reads every pipe into one buffer):
 * a sink copies what it keeps. Failures are reported through the sink's `onError`, once per
 * failing spell.
 */
export interface Sink extends EventEmitter {
  /** The file behind it, for status and tail; "" when it is not a file we can read back. */
  readonly path: string;
  write(chunk: Buffer): boolean;
  /** Resolves once everything accepted so far has been handed to the OS (or dropped on error). */
  flush(): Promise<void>;
  /** Close and open the file again: after `mv`, a new file appears (SIGUSR2). */
  reopen(): void;
  /** The last `bytes` bytes of the file, consistent with everything accepted before the call. */
  readTail(bytes: number): Promise<{ data: Buffer; size: number }>;
  /** Empty the log and drop its backups. */
  clear(): Promise<void>;
  close(): Promise<void>;
}

/** Queue limits: the child's pipe is paused above HIGH and resumed below LOW. */
export const HIGH_WATER = 512 * 1024;
export const LOW_WATER = 256 * 1024;

/** Reports an error once, and a recovery once, however many writes fail in between. */
export class FailureReporter {
  private failing = false;

  constructor(
    private readonly what: string,
    private readonly onError: (message: string) => void,
  ) {}

  failed(e: unknown): void {
    if (this.failing) return;
    this.failing = true;
    const err = e as NodeJS.ErrnoException;
    this.onError(`cannot write ${this.what}: ${err.code ?? err.message}; its output is dropped until writing works again`);
  }

  succeeded(): void {
    if (!this.failing) return;
    this.failing = false;
    this.onError(`writing ${this.what} works again`);
  }
}

/**
 * A sink over one of graced's own streams (`/dev/stdout`, `/dev/stderr`, container echo).
 * Node's stdout queues when the reader is slow; its queue length is our backpressure signal.
 */
export class StdSink extends EventEmitter implements Sink {
  readonly path = "";
  private readonly reporter: FailureReporter;
  private broken = false;

  constructor(
    private readonly stream: NodeJS.WritableStream & { writableLength: number },
    what: string,
    onError: (message: string) => void,
  ) {
    super();
    this.setMaxListeners(0);
    this.reporter = new FailureReporter(what, onError);
    stream.on("error", (e) => {
      // EPIPE: nobody reads graced's stdout any more; keep the programs running regardless
      this.broken = true;
      this.reporter.failed(e);
      this.emit("drain");
    });
    stream.on("drain", () => this.emit("drain"));
  }

  write(chunk: Buffer): boolean {
    if (this.broken) return true;
    // a copy: the stream may hold it until graced's stdout can take it
    this.stream.write(Buffer.from(chunk));
    return this.stream.writableLength < HIGH_WATER;
  }

  flush(): Promise<void> {
    if (this.broken || this.stream.writableLength === 0) return Promise.resolve();
    // an empty write's callback runs after every write queued before it
    return new Promise((resolve) => this.stream.write("", () => resolve()));
  }

  reopen(): void {}

  readTail(): Promise<{ data: Buffer; size: number }> {
    return Promise.resolve({ data: Buffer.alloc(0), size: 0 });
  }

  clear(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return this.flush();
  }
}
