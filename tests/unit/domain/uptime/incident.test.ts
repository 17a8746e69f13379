import { describe, expect, it } from 'vitest';
import {
  SYSTEM_ACTOR,
  acknowledgeIncident,
  addIncidentNote,
  applyCheck,
  applyMaintenance,
  applyMonitorTransition,
  initialMonitorState,
  markEscalated,
  needsEscalation,
  openIncident,
  resolveIncident,
  type Incident,
  type IncidentResult,
} from '../../../../server/domain/uptime/index.ts';

const T0 = new Date('2026-03-01T08:00:00+07:00');
const plus = (min: number) => new Date(T0.getTime() + min * 60_000);

function ok(r: IncidentResult): Incident {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}`);
  return r.incident;
}

describe('incident lifecycle', () => {
  const opened = openIncident({ id: 'inc-1', monitor: 'mrk-web', at: T0, note: '3 failed checks' });

  it('open -> acknowledged (who, note) -> resolved, with a timeline', () => {
    const acked = ok(acknowledgeIncident(opened, { by: ' Rina (teknisi) ', at: plus(4), note: 'Server web restart' }));
    expect(acked).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'Rina (teknisi)', acknowledgedAt: plus(4), ackNote: 'Server web restart' });
    const resolved = ok(resolveIncident(acked, { at: plus(20), by: 'Rina (teknisi)', note: 'OK' }));
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: plus(20), resolvedBy: 'Rina (teknisi)' });
    expect(resolved.timeline.map((e) => [e.kind, e.actor, e.note])).toEqual([
      ['opened', SYSTEM_ACTOR, '3 failed checks'],
      ['acknowledged', 'Rina (teknisi)', 'Server web restart'],
      ['resolved', 'Rina (teknisi)', 'OK'],
    ]);
    expect(opened.status).toBe('open'); // inputs are not mutated
  });

  it('open -> resolved directly (recovered before anyone acknowledged), by the system by default', () => {
    expect(ok(resolveIncident(opened, { at: plus(2) }))).toMatchObject({ status: 'resolved', resolvedBy: SYSTEM_ACTOR });
  });

  it('refuses acknowledging twice, with a bilingual message naming who acknowledged', () => {
    const acked = ok(acknowledgeIncident(opened, { by: 'Rina', at: plus(4) }));
    const r = acknowledgeIncident(acked, { by: 'Budi', at: plus(5) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('already_acknowledged');
    expect(r.error.message.id).toBe('Insiden ini sudah ditangani oleh Rina sejak 2026-03-01 08:04 WIB.');
    expect(r.error.message.en).toBe('This incident was already acknowledged by Rina at 2026-03-01 08:04 WIB.');
  });

  it('refuses resolving a resolved incident and acknowledging a resolved one', () => {
    const resolved = ok(resolveIncident(opened, { at: plus(2) }));
    for (const r of [resolveIncident(resolved, { at: plus(3) }), acknowledgeIncident(resolved, { by: 'Rina', at: plus(3) })]) {
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe('already_resolved');
      expect(r.error.message.id).toContain('sudah selesai');
      expect(r.error.message.en).toContain('already resolved');
    }
  });

  it('requires a name to acknowledge', () => {
    const r = acknowledgeIncident(opened, { by: '  ', at: plus(1) });
    expect(r.ok || r.error.code).toBe('actor_required');
    if (!r.ok) expect(r.error.message).toEqual({ id: 'Nama petugas wajib diisi.', en: 'The name of the person acting is required.' });
  });

  it('accepts notes in any status', () => {
    const resolved = ok(resolveIncident(opened, { at: plus(2) }));
    const noted = ok(addIncidentNote(resolved, { by: 'Rina', at: plus(60), note: 'Penyebab: disk penuh' }));
    expect(noted.timeline.at(-1)).toMatchObject({ kind: 'note', actor: 'Rina', note: 'Penyebab: disk penuh' });
  });
});

describe('escalation', () => {
  const opened = openIncident({ id: 'inc-1', monitor: 'sibisa', at: T0 });
  it('escalates an unacknowledged incident after the delay, once', () => {
    expect(needsEscalation(opened, plus(14), 15)).toBe(false);
    expect(needsEscalation(opened, plus(15), 15)).toBe(true);
    const escalated = markEscalated(opened, plus(15));
    expect(escalated.escalatedAt).toEqual(plus(15));
    expect(escalated.timeline.at(-1)?.kind).toBe('escalated');
    expect(needsEscalation(escalated, plus(60), 15)).toBe(false);
    expect(markEscalated(escalated, plus(61))).toBe(escalated);
  });

  it('does not escalate acknowledged or resolved incidents', () => {
    expect(needsEscalation(ok(acknowledgeIncident(opened, { by: 'Rina', at: plus(5) })), plus(60), 15)).toBe(false);
    expect(needsEscalation(ok(resolveIncident(opened, { at: plus(5) })), plus(60), 15)).toBe(false);
  });
});

describe('incidents from monitor transitions', () => {
  let n = 0;
  const ctx = { monitor: 'mrk-web', newId: () => `inc-${++n}` };

  it('one incident per outage: opened on went_down, resolved by the system on recovered, maintenance on the timeline', () => {
    let record = initialMonitorState();
    let incident: Incident | null = null;
    const opened: string[] = [];
    const feed = (events: ReturnType<typeof applyCheck>['events']) => {
      for (const e of events) {
        const r = applyMonitorTransition(incident, e, ctx);
        if (r.opened) opened.push(r.incident!.id);
        incident = r.incident;
      }
    };
    const check = (i: number, status: 'up' | 'down', maint = false) => {
      const s = applyCheck(record, { at: plus(i), status }, undefined, maint);
      record = s.record;
      feed(s.events);
    };
    check(0, 'up');
    check(1, 'up');
    check(2, 'down');
    check(3, 'down');
    check(4, 'down'); // went_down
    expect(incident).toMatchObject({ status: 'open', openedAt: plus(4), monitor: 'mrk-web' });
    check(5, 'down', true); // maintenance starts
    const tick = applyMaintenance(record, false, plus(6)); // ends, still down: no second incident
    record = tick.record;
    feed(tick.events);
    check(7, 'up');
    check(8, 'up'); // recovered
    expect(opened).toHaveLength(1);
    expect(incident).toMatchObject({ status: 'resolved', resolvedAt: plus(8), resolvedBy: SYSTEM_ACTOR });
    expect(incident!.timeline.map((e) => e.kind)).toEqual(['opened', 'maintenance_started', 'maintenance_ended', 'resolved']);
  });

  it('ignores went_down while an incident is unresolved and recovered when none is', () => {
    const open = openIncident({ id: 'x', monitor: 'mrk-web', at: T0 });
    expect(applyMonitorTransition(open, { type: 'went_down', at: plus(1), consecutiveFailures: 3 }, ctx).incident).toBe(open);
    expect(applyMonitorTransition(null, { type: 'recovered', at: plus(1), consecutiveSuccesses: 2, duringMaintenance: false }, ctx)).toEqual({
      incident: null,
      opened: false,
      resolved: false,
    });
    const resolved = ok(resolveIncident(open, { at: plus(2) }));
    const next = applyMonitorTransition(resolved, { type: 'went_down', at: plus(3), consecutiveFailures: 3 }, ctx);
    expect(next.opened).toBe(true);
    expect(next.incident?.id).not.toBe('x');
  });
});
