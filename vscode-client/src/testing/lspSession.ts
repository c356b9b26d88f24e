/**
 * A minimal LSP client over a child process's stdio, with the base
 * protocol's Content-Length framing written out by hand.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';

interface Message {
  jsonrpc: '2.0';
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

const HEADER_END = Buffer.from('\r\n\r\n', 'ascii');

/** Splits a byte stream into LSP messages; keeps the incomplete tail. */
export class MessageReader {
  private buffer = Buffer.alloc(0);

  push(chunk: Buffer): Message[] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const messages: Message[] = [];
    for (;;) {
      const headerEnd = this.buffer.indexOf(HEADER_END);
      if (headerEnd === -1) {
        return messages;
      }
      const headers = this.buffer.subarray(0, headerEnd).toString('ascii');
      const match = /^Content-Length:\s*(\d+)\s*$/im.exec(headers);
      if (match?.[1] === undefined) {
        throw new Error(`LSP header without Content-Length: ${JSON.stringify(headers)}`);
      }
      const length = Number(match[1]);
      const bodyStart = headerEnd + HEADER_END.length;
      if (this.buffer.length < bodyStart + length) {
        return messages;
      }
      const body = this.buffer.subarray(bodyStart, bodyStart + length).toString('utf8');
      this.buffer = this.buffer.subarray(bodyStart + length);
      messages.push(JSON.parse(body) as Message);
    }
  }
}

/** Frames one message: ASCII headers, then the UTF-8 JSON body. */
export function frame(message: Message): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
}

export type ServerRequestHandler = (method: string, params: unknown) => unknown;

interface Received {
  method: string;
  params: unknown;
}

interface Waiter {
  kind: 'notification' | 'request';
  method: string;
  predicate: (params: unknown) => boolean;
  resolve: (params: unknown) => void;
}

export class LspSession {
  readonly notifications: Received[] = [];
  readonly serverRequests: Received[] = [];
  private waiters: Waiter[] = [];
  private readonly reader = new MessageReader();
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  private nextId = 1;
  private stderrText = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    private readonly process: ChildProcessWithoutNullStreams,
    private readonly onServerRequest: ServerRequestHandler,
  ) {
    process.stdout.on('data', (chunk: Buffer) => {
      for (const message of this.reader.push(chunk)) {
        this.dispatch(message);
      }
    });
    process.stderr.on('data', (chunk: Buffer) => {
      this.stderrText += chunk.toString('utf8');
    });
    this.exited = new Promise((resolve) => {
      process.on('exit', (code, signal) => {
        for (const { reject } of this.pending.values()) {
          reject(
            new Error(`server exited (code ${String(code)}, signal ${String(signal)}):\n${this.stderrText}`),
          );
        }
        this.pending.clear();
        resolve({ code, signal });
      });
    });
  }

  get stderr(): string {
    return this.stderrText;
  }

  request(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  /**
   * Resolves with the params of the first notification (or server request)
   * `method` received from now on that satisfies `predicate`.
   */
  waitFor(
    kind: Waiter['kind'],
    method: string,
    predicate: (params: unknown) => boolean = () => true,
  ): Promise<unknown> {
    return new Promise((resolve) => {
      this.waiters.push({ kind, method, predicate, resolve });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  private send(message: Message): void {
    this.process.stdin.write(frame(message));
  }

  private dispatch(message: Message): void {
    if (message.method !== undefined && message.id !== undefined && message.id !== null) {
      this.serverRequests.push({ method: message.method, params: message.params });
      this.wake('request', message.method, message.params);
      this.send({
        jsonrpc: '2.0',
        id: message.id,
        result: this.onServerRequest(message.method, message.params) ?? null,
      });
      return;
    }
    if (message.method !== undefined) {
      this.notifications.push({ method: message.method, params: message.params });
      this.wake('notification', message.method, message.params);
      return;
    }
    if (typeof message.id !== 'number') {
      return;
    }
    const waiter = this.pending.get(message.id);
    this.pending.delete(message.id);
    if (message.error !== undefined) {
      waiter?.reject(new Error(`${String(message.error.code)}: ${message.error.message}`));
    } else {
      waiter?.resolve(message.result);
    }
  }

  private wake(kind: Waiter['kind'], method: string, params: unknown): void {
    const matched = this.waiters.filter((w) => w.kind === kind && w.method === method && w.predicate(params));
    this.waiters = this.waiters.filter((w) => !matched.includes(w));
    for (const waiter of matched) {
      waiter.resolve(params);
    }
  }
}
