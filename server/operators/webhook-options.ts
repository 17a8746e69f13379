// Settings of the status webhook dispatcher (kept apart so the config can import them without
// the dispatcher's own imports).

export interface WebhookDispatchOptions {
  tickMs: number;
  /** How long a claimed message is reserved for the dispatcher sending it. */
  leaseMs: number;
  timeoutMs: number;
  /** Gives up (state `failed`) after this many attempts. */
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Messages claimed per tick. */
  batch: number;
}

export const DEFAULT_WEBHOOK_OPTIONS: WebhookDispatchOptions = {
  tickMs: 1_000,
  leaseMs: 30_000,
  timeoutMs: 10_000,
  maxAttempts: 12,
  backoffBaseMs: 5_000,
  backoffMaxMs: 3_600_000,
  batch: 20,
};

/** Failure injection for the reliability tests: die (SIGKILL) just before or just after a send. */
export type WebhookCrashHook = 'before-send' | 'after-send' | null;
