// Load and client processes are forked Node processes (with tsx) that take commands over IPC
// and answer each with a reply carrying the same id. Both sides of that convention live here.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../server/config.ts';

export interface Command {
  id: number;
  type: string;
  [key: string]: unknown;
}
export interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

/** Parent side: one forked worker. */
export class WorkerProcess {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  readonly child: ChildProcess;

  constructor(
    readonly name: string,
    script: string,
    options: { env?: Record<string, string>; stderr?: 'inherit' | 'ignore' } = {},
  ) {
    this.child = fork(path.join(repoRoot, script), [], {
      cwd: repoRoot,
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'inherit', options.stderr ?? 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    this.child.on('message', (m: Reply) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.ok) w.resolve(m.result);
      else w.reject(new Error(`${this.name}: ${m.error}`));
    });
    this.child.on('exit', (code, signal) => {
      this.exited = { code, signal };
      for (const w of this.waiting.values()) w.reject(new Error(`${this.name} exited (${signal ?? code})`));
      this.waiting.clear();
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  request<T>(type: string, payload: Record<string, unknown> = {}): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`${this.name} has exited (${this.exited.signal ?? this.exited.code})`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ ...payload, id, type } satisfies Command);
    });
  }

  /** Asks the worker to exit; kills it if it has not within `ms`. */
  async close(ms = 5_000): Promise<void> {
    if (this.exited || this.child.exitCode !== null || this.child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      this.child.send({ id: 0, type: 'exit' });
    } catch {
      // channel already closed
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), ms);
    await gone;
    clearTimeout(timer);
  }
}

/** Worker side: answers commands with `handle`; `exit` ends the process. */
export function serveCommands(handle: (command: Command) => Promise<unknown>): void {
  if (!process.send) throw new Error('this script is a worker: start it with child_process.fork');
  process.on('message', async (command: Command) => {
    if (command.type === 'exit') {
      process.disconnect?.();
      process.exit(0);
    }
    try {
      const result = await handle(command);
      process.send!({ id: command.id, ok: true, result } satisfies Reply);
    } catch (error) {
      process.send!({ id: command.id, ok: false, error: (error as Error).stack ?? String(error) } satisfies Reply);
    }
  });
  // The parent died: nobody will ever send "exit".
  process.on('disconnect', () => process.exit(0));
}
