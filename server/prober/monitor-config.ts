// What a probe checks, per monitor kind. Stored in monitors.target (URL or host:port) and
// monitors.config (the rest); validated here so the admin screen and the prober agree.
import { z } from 'zod';

/** Source name of results the prober measured, and of failures it records for silent push monitors. */
export const PROBER_SOURCE = 'pantau-prober';
export const SILENCE_SOURCE = 'pantau-silence';

export const httpCheckConfigSchema = z.object({
  method: z.enum(['GET', 'HEAD', 'POST']).default('GET'),
  /** Accepted status codes, inclusive. */
  expectedStatus: z.tuple([z.number().int().min(100).max(599), z.number().int().min(100).max(599)]).default([200, 399]),
  /** Text that must appear in the body (or must not, with keywordAbsent). */
  keyword: z.string().min(1).max(200).optional(),
  keywordAbsent: z.boolean().default(false),
  /** Slower than this counts as a failure. */
  maxLatencyMs: z.number().int().min(1).max(120_000).optional(),
  /** Warn when the TLS certificate expires within this many days; an expired one fails. */
  tlsWarnDays: z.number().int().min(0).max(365).default(14),
});
export type HttpCheckConfig = z.output<typeof httpCheckConfigSchema>;

export const pushConfigSchema = z.object({
  /** Silence longer than interval + grace counts as a failure. */
  graceSeconds: z.number().int().min(0).max(3600).optional(),
});

export function parseTcpTarget(target: string): { host: string; port: number } | null {
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(target.trim());
  if (!m) return null;
  const port = Number(m[2]);
  return port > 0 && port < 65536 ? { host: m[1], port } : null;
}

export function graceSecondsOf(config: unknown, intervalSeconds: number): number {
  const parsed = pushConfigSchema.safeParse(config ?? {});
  return parsed.success && parsed.data.graceSeconds !== undefined ? parsed.data.graceSeconds : Math.max(10, Math.round(intervalSeconds / 2));
}
