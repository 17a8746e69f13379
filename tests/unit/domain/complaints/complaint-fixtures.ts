// Builders for complaint tests. Times are written in WIB ('2026-03-17T10:00').
import {
  createComplaint,
  transition,
  type ComplaintState,
  type TransitionRequest,
} from '../../../../server/domain/complaints/complaint-lifecycle.ts';
import type { ComplaintStatus } from '../../../../shared/domain-constants.ts';

export const wib = (local: string) => new Date(`${local}+07:00`);
export const wibIso = (local: string) => wib(local).toISOString();

export type Step = [to: ComplaintStatus, atWib: string, extra?: Partial<TransitionRequest>];

/** A complaint taken through manual transitions; fails the test if any is refused. */
export function build(
  id: string,
  category: string,
  submittedWib: string,
  steps: Step[],
  opts: { kecamatan?: string } = {},
): ComplaintState {
  let s = createComplaint({ id, category, kecamatan: opts.kecamatan ?? null, submittedAt: wib(submittedWib), actor: 'kanal' });
  for (const [to, at, extra] of steps) {
    const r = transition(s, { to, at: wib(at), actor: 'petugas', ...extra });
    if (!r.ok) throw new Error(`${id}: ${to} at ${at} refused: ${r.error.message.en}`);
    s = r.state;
  }
  return s;
}
