import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A forked TypeScript child that answers one message with one message, in order. */
export interface IpcChild {
  child: ChildProcess;
  ask<T>(message: unknown): Promise<T>;
  /** Lets the child answer requests the parent forwards (the Dunwise child asking the sandbox to pay). */
  onRequest(handler: (message: unknown) => Promise<unknown>): void;
  close(): Promise<void>;
}

interface Envelope {
  id?: number;
  reply?: number;
  error?: string;
  body: unknown;
}

/**
 * `nodeFlags`: a Dunwise child gets the Procfile worker's (bench/worker-flags.ts). BENCH_CHILD_ARGS adds flags to
 * every child, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where a measure's time goes.
 */
export function forkTs(relativeEntry: string, baseUrl: string, nodeFlags: string[] = []): IpcChild {
  const entry = fileURLToPath(new URL(relativeEntry, baseUrl));
  const extra = (process.env.BENCH_CHILD_ARGS ?? '').split(' ').filter(Boolean);
  const child = fork(entry, [], {
    execArgv: [...nodeFlags, ...extra, '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let handler: ((message: unknown) => Promise<unknown>) | null = null;
  let next = 1;
  child.on('message', (raw) => {
    const message = raw as Envelope;
    if (message.reply !== undefined) {
      const waiter = pending.get(message.reply);
      pending.delete(message.reply);
      if (message.error !== undefined) waiter?.reject(new Error(message.error));
      else waiter?.resolve(message.body);
    } else if (message.id !== undefined && handler) {
      const id = message.id;
      handler(message.body).then(
        (body) => child.send({ reply: id, body }),
        (error: unknown) => child.send({ reply: id, body: null, error: String(error) }),
      );
    }
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      for (const waiter of pending.values())
        waiter.reject(new Error(`child ${relativeEntry} exited (${code ?? signal})`));
      pending.clear();
      resolve();
    }),
  );
  return {
    child,
    ask<T>(body: unknown) {
      const id = next++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, body });
      });
    },
    onRequest(h) {
      handler = h;
    },
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The child's side: answer each request from the parent; `ask` sends a request the other way. */
export function serveParent(handle: (message: unknown) => Promise<unknown>): {
  ask<T>(message: unknown): Promise<T>;
} {
  const pending = new Map<number, (v: unknown) => void>();
  let next = 1;
  // An orderly exit on the parent's SIGTERM, so that profiles asked for with BENCH_CHILD_ARGS get written.
  process.once('SIGTERM', () => process.exit(0));
  process.on('message', (raw) => {
    const message = raw as Envelope;
    if (message.reply !== undefined) {
      pending.get(message.reply)?.(message.body);
      pending.delete(message.reply);
      return;
    }
    const id = message.id;
    handle(message.body).then(
      (body) => process.send?.({ reply: id, body }),
      (error: unknown) =>
        process.send?.({
          reply: id,
          body: null,
          error: error instanceof Error ? error.stack : String(error),
        }),
    );
  });
  return {
    ask<T>(body: unknown) {
      const id = next++;
      return new Promise<T>((resolve) => {
        pending.set(id, resolve as (v: unknown) => void);
        process.send?.({ id, body });
      });
    },
  };
}
