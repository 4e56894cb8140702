/**
 * A real tsserver process, spoken to as an editor does (the JSON protocol on stdin/stdout), to
 * read back what a language-service plugin adds. tsserver resolves plugin names from
 * `<its own package>/../..` (the project's node_modules), so the server must be the project's own.
 */
import { type ChildProcess, spawn } from "node:child_process";

export interface Diagnostic {
  readonly code: number;
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

interface Message {
  readonly type: "response" | "event";
  readonly event?: string;
  readonly request_seq?: number;
  readonly success?: boolean;
  readonly message?: string;
  readonly body?: {
    readonly file?: string;
    readonly diagnostics?: { code: number; start: { line: number; offset: number }; text: string }[];
  };
}

export class TsServer {
  private readonly child: ChildProcess;
  private seq = 0;
  private buffer = Buffer.alloc(0);
  private readonly listeners = new Set<(m: Message) => void>();
  /** Every event seen, in order (for assertions about what the plugin asked tsserver to do). */
  readonly events: string[] = [];
  /** tsserver's own log, where a plugin that fails to load is reported. */
  readonly logFile: string;

  constructor(tsserverJs: string, cwd: string, logFile: string) {
    this.logFile = logFile;
    this.child = spawn(
      process.execPath,
      [tsserverJs, "--disableAutomaticTypingAcquisition", "--logVerbosity", "normal", "--logFile", logFile],
      { cwd, stdio: ["pipe", "pipe", "inherit"] },
    );
    this.child.stdout!.on("data", (chunk: Buffer) => this.receive(chunk));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const head = this.buffer.indexOf("\r\n\r\n");
      if (head < 0) return;
      const length = Number(/Content-Length: (\d+)/.exec(this.buffer.subarray(0, head).toString())?.[1]);
      if (this.buffer.length < head + 4 + length) return;
      const body = this.buffer.subarray(head + 4, head + 4 + length).toString("utf8");
      this.buffer = this.buffer.subarray(head + 4 + length);
      const message = JSON.parse(body) as Message;
      if (message.type === "event" && message.event) this.events.push(message.event);
      for (const l of this.listeners) l(message);
    }
  }

  /** Sends a request; resolves with its response (tsserver answers every request it is sent). */
  request(command: string, args: object): Promise<Message> {
    const seq = ++this.seq;
    return this.until(
      (m) => m.type === "response" && m.request_seq === seq,
      command,
      () =>
        this.child.stdin!.write(`${JSON.stringify({ seq, type: "request", command, arguments: args })}\n`),
    );
  }

  /** Resolves with the first message that `match` accepts, arriving after `send` is called. */
  until(
    match: (m: Message) => boolean,
    what: string,
    send?: () => void,
    timeoutMs = 120_000,
  ): Promise<Message> {
    return new Promise((done, fail) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        fail(new Error(`tsserver: no ${what} within ${timeoutMs} ms (log: ${this.logFile})`));
      }, timeoutMs);
      const listener = (m: Message) => {
        if (!match(m)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        done(m);
      };
      this.listeners.add(listener);
      send?.();
    });
  }

  /** Resolves once tsserver has sent `event` (at once if it already has). */
  event(event: string): Promise<unknown> {
    if (this.events.includes(event)) return Promise.resolve();
    return this.until((m) => m.type === "event" && m.event === event, `${event} event`);
  }

  /** The semantic diagnostics of `file`, the way an editor asks for them (`geterr`, then the event). */
  async semanticDiagnostics(file: string): Promise<Diagnostic[]> {
    const seq = this.seq + 1;
    const event = this.until(
      (m) => m.type === "event" && m.event === "semanticDiag" && m.body?.file === file,
      `semanticDiag for ${file}`,
    );
    this.child.stdin!.write(
      `${JSON.stringify({ seq, type: "request", command: "geterr", arguments: { files: [file], delay: 0 } })}\n`,
    );
    this.seq = seq;
    const m = await event;
    return (m.body?.diagnostics ?? []).map((d) => ({
      code: d.code,
      line: d.start.line,
      column: d.start.offset,
      text: d.text,
    }));
  }

  close(): Promise<void> {
    return new Promise((done) => {
      this.child.once("exit", () => done());
      this.child.stdin!.end();
      setTimeout(() => this.child.kill(), 5_000).unref();
    });
  }
}
