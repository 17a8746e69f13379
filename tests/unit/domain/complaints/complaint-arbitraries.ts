// Random complaint histories for property tests, built from channel updates (so steps are
// skipped and out of order), from 20 Feb 2026 WIB over the Lebaran holidays of March.
import fc from 'fast-check';
import { createDefaultWorkingCalendar } from '../../../../server/domain/calendar/official-non-working-days.ts';
import { applyChannelUpdate, type ChannelUpdate, type ComplaintState } from '../../../../server/domain/complaints/complaint-lifecycle.ts';
import { DEFAULT_SLA } from '../../../../server/domain/complaints/complaint-sla.ts';
import { COMPLAINT_STATUSES } from '../../../../shared/domain-constants.ts';

export const calendar = createDefaultWorkingCalendar();
export const policies = { 'jalan-rusak': DEFAULT_SLA, kebakaran: { ...DEFAULT_SLA, emergency: { firstResponseHours: 1, resolutionHours: 24 } } };
export const T0 = Date.parse('2026-02-20T00:00:00+07:00');
export const HOUR = 3_600_000;

export const complaintArb = (id: string) =>
  fc
    .record({
      category: fc.constantFrom('jalan-rusak', 'kebakaran'),
      kecamatan: fc.constantFrom(null, '12.71.01', '12.71.02'),
      submittedHour: fc.integer({ min: 0, max: 40 * 24 }),
      steps: fc.array(
        fc.record({
          status: fc.constantFrom(...COMPLAINT_STATUSES),
          afterHours: fc.integer({ min: 0, max: 15 * 24 }),
          opd: fc.constantFrom(null, 'DLH', 'SDABMBK'),
          actor: fc.constantFrom(null, 'd1', 'd2'),
        }),
        { maxLength: 6 },
      ),
    })
    .map(({ category, kecamatan, submittedHour, steps }) => {
      const submitted = T0 + submittedHour * HOUR;
      let s: ComplaintState | null = applyChannelUpdate(null, {
        id,
        category,
        kecamatan,
        status: 'received',
        occurredAt: new Date(submitted).toISOString(),
      }).state;
      for (const st of steps) {
        const u: ChannelUpdate = {
          id,
          category,
          status: st.status,
          occurredAt: new Date(submitted + st.afterHours * HOUR).toISOString(),
          opd: st.opd,
          actor: st.actor,
          duplicateOf: st.status === 'duplicate' ? 'X' : null,
        };
        s = applyChannelUpdate(s, u).state;
      }
      return s;
    });

export const setArb = fc.integer({ min: 1, max: 25 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => complaintArb(`c${i}`))));
export const nowArb = fc.integer({ min: 0, max: 70 * 24 }).map((h) => new Date(T0 + h * HOUR));
