// Fake handlers for the /teknisi HTTP contract (shared/teknisi-api.ts), for UI work and
// screenshots without the real server. The fake live server tells this registry when a monitor
// goes down, is acknowledged or recovers; a technician's acknowledge/resolve here changes the
// live monitor through `pushMonitor`, so the wall and /teknisi move together as they will for real.
//
// Checks, response times and availability are synthesised (seeded per monitor) around the
// incidents the registry knows. Writes must come from this site (Origin/Referer), like the real
// server's CSRF guard, so a client that forgets it fails here too.
import express, { type Request, type Response, type Router } from 'express';
import type { MonitorLive } from '../../shared/protocol.ts';
import type {
  ActionRefusal,
  AvailabilityView,
  IncidentView,
  MaintenanceWindowSpec,
  MaintenanceWindowView,
  MonitorDetailResponse,
  MonitorSummary,
} from '../../shared/teknisi-api.ts';

export interface FakeService {
  code: string;
  name: string;
  opd: string;
  kind: 'http' | 'tcp' | 'push';
  intervalSeconds: number;
}

export interface FakeTeknisiDeps {
  services: FakeService[];
  opdName: (code: string) => string;
  monitors: () => Record<string, MonitorLive>;
  pushMonitor: (monitor: MonitorLive) => void;
  now?: () => number;
}

const USER = 'rina.teknisi';
const FIVE_MIN = 5 * 60_000;
const DAY = 24 * 3600_000;
const WIB_MS = 7 * 3600_000;

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function wibStamp(at: number): string {
  const d = new Date(at + WIB_MS).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)} WIB`;
}

export class FakeTeknisi {
  readonly incidents = new Map<string, IncidentView>();
  readonly windows = new Map<string, MaintenanceWindowView>();
  #deps: FakeTeknisiDeps;
  #now: () => number;
  #windowSeq = 0;

  constructor(deps: FakeTeknisiDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  // ---------- what the simulation reports ----------

  opened(monitor: MonitorLive): void {
    const inc = monitor.incident;
    if (!inc || this.incidents.has(inc.id)) return;
    this.incidents.set(inc.id, {
      id: inc.id,
      monitor: this.#monitorRef(monitor.code),
      status: inc.acknowledgedBy ? 'acknowledged' : 'open',
      openedAt: inc.openedAt,
      acknowledgedAt: inc.acknowledgedAt,
      acknowledgedBy: inc.acknowledgedBy,
      ackNote: inc.note,
      resolvedAt: null,
      resolvedBy: null,
      escalatedAt: null,
      timeline: [
        { at: inc.openedAt, kind: 'opened', actor: 'system', note: null },
        ...(inc.acknowledgedBy ? [{ at: inc.acknowledgedAt ?? inc.openedAt, kind: 'acknowledged' as const, actor: inc.acknowledgedBy, note: inc.note }] : []),
      ],
    });
    // An outage that has run a while without anyone is escalated (as the real alerting does).
    const i = this.incidents.get(inc.id) as IncidentView;
    const escalateAt = Date.parse(inc.openedAt) + 15 * 60_000;
    if (!inc.acknowledgedBy && escalateAt < this.#now()) {
      i.escalatedAt = new Date(escalateAt).toISOString();
      i.timeline.push({ at: i.escalatedAt, kind: 'escalated', actor: 'system', note: null });
    }
  }

  acknowledged(id: string, by: string, at: Date, note: string | null): void {
    const i = this.incidents.get(id);
    if (!i || i.status !== 'open') return;
    i.status = 'acknowledged';
    i.acknowledgedBy = by;
    i.acknowledgedAt = at.toISOString();
    i.ackNote = note;
    i.timeline.push({ at: i.acknowledgedAt, kind: 'acknowledged', actor: by, note });
  }

  resolved(id: string, by: string, at: Date, note: string | null): void {
    const i = this.incidents.get(id);
    if (!i || i.status === 'resolved') return;
    i.status = 'resolved';
    i.resolvedBy = by;
    i.resolvedAt = at.toISOString();
    i.timeline.push({ at: i.resolvedAt, kind: 'resolved', actor: by, note });
  }

  /** Past incidents and maintenance windows, so history and detail pages have something to show. */
  seedHistory(seed: number): void {
    const r = rng(seed);
    const now = this.#now();
    const people = ['Budi S.', 'Rina M.', 'Andi P.', 'Dedi K.'];
    const notes = ['Restart layanan web', 'Disk penuh, log dibersihkan', 'Sertifikat TLS diperbarui', null, 'Gangguan jaringan dari penyedia'];
    for (let n = 0; n < 14; n++) {
      const s = this.#deps.services[Math.floor(r() * this.#deps.services.length)];
      const opened = now - Math.floor((0.3 + r() * 70) * 3600_000);
      const lasted = Math.floor((2 + r() * 50) * 60_000);
      const id = `I-${s.code}-${opened}`;
      const acked = r() < 0.7;
      const by = people[Math.floor(r() * people.length)];
      const ackAt = opened + Math.min(lasted - 30_000, Math.floor((1 + r() * 8) * 60_000));
      const resolvedBySystem = r() < 0.6;
      const note = notes[Math.floor(r() * notes.length)];
      const timeline: IncidentView['timeline'] = [{ at: new Date(opened).toISOString(), kind: 'opened', actor: 'system', note: null }];
      if (acked && ackAt > opened) timeline.push({ at: new Date(ackAt).toISOString(), kind: 'acknowledged', actor: by, note: r() < 0.5 ? 'Sedang dicek' : null });
      timeline.push({ at: new Date(opened + lasted).toISOString(), kind: 'resolved', actor: resolvedBySystem ? 'system' : by, note: resolvedBySystem ? null : note });
      this.incidents.set(id, {
        id,
        monitor: this.#monitorRef(s.code),
        status: 'resolved',
        openedAt: new Date(opened).toISOString(),
        acknowledgedAt: acked && ackAt > opened ? new Date(ackAt).toISOString() : null,
        acknowledgedBy: acked && ackAt > opened ? by : null,
        ackNote: null,
        resolvedAt: new Date(opened + lasted).toISOString(),
        resolvedBy: resolvedBySystem ? 'system' : by,
        escalatedAt: null,
        timeline,
      });
    }
    const first = this.#deps.services[0];
    this.#addWindow(first.code, null, { kind: 'weekly', weekday: 7, startTime: '01:00', durationMinutes: 120 }, 'Pembaruan server mingguan', 'Budi S.');
    this.#addWindow(null, first.opd, { kind: 'daily', startTime: '23:30', durationMinutes: 45 }, 'Cadangan (backup) basis data harian', 'admin');
  }

  /** A once-window in force now, for a monitor the simulation shows in maintenance. */
  seedActiveWindow(code: string): void {
    const now = this.#now();
    this.#addWindow(
      code,
      null,
      { kind: 'once', start: new Date(now - 40 * 60_000).toISOString(), end: new Date(now + 80 * 60_000).toISOString() },
      'Migrasi ke server baru di pusat data Kominfo',
      'Andi P.',
    );
  }

  #addWindow(monitorCode: string | null, opdCode: string | null, window: MaintenanceWindowSpec, note: string | null, by: string): MaintenanceWindowView {
    const id = `MW-${++this.#windowSeq}`;
    const view: MaintenanceWindowView = { id, monitorCode, opdCode, window, note, createdBy: by, createdAt: new Date(this.#now() - 3 * DAY).toISOString(), activeNow: false };
    this.windows.set(id, view);
    return view;
  }

  // ---------- the HTTP contract ----------

  router(): Router {
    const r = express.Router();
    r.use(express.json({ limit: '16kb' }));
    r.use((req, res, next) => {
      if (['GET', 'HEAD', 'OPTIONS'].includes(req.method) || sameSite(req)) return next();
      res.status(403).json({ error: 'csrf', message: 'Permintaan ditolak: tidak berasal dari halaman Pantau. (Cross-site request refused: missing or foreign Origin.)' });
    });

    r.get('/api/v1/auth/me', (_req, res) => {
      res.json({ kind: 'user', username: USER, roles: ['teknisi'], opd: null, expiresAt: new Date(this.#now() + 8 * 3600_000).toISOString() });
    });
    r.post('/api/v1/auth/logout', (_req, res) => void res.status(204).end());

    r.get('/api/v1/incidents', (req, res) => {
      const state = req.query.state === 'resolved' ? 'resolved' : 'active';
      const limit = Math.min(200, Math.max(1, Number(req.query.limit) || 50));
      const all = [...this.incidents.values()];
      const incidents =
        state === 'active'
          ? all
              .filter((i) => i.status !== 'resolved')
              .sort((a, b) => Number(a.status === 'acknowledged') - Number(b.status === 'acknowledged') || a.openedAt.localeCompare(b.openedAt))
          : all.filter((i) => i.status === 'resolved').sort((a, b) => (b.resolvedAt ?? '').localeCompare(a.resolvedAt ?? ''));
      res.json({ incidents: incidents.slice(0, limit).map((i) => this.#fresh(i)) });
    });

    r.post('/api/v1/incidents/:id/:action', (req, res) => {
      const action = req.params.action;
      if (action !== 'acknowledge' && action !== 'resolve') return void res.status(404).json({ error: 'not_found', message: 'Alamat API tidak ada. (No such API endpoint.)' });
      const i = this.incidents.get(req.params.id);
      if (!i) return void res.status(404).json({ error: 'not_found', message: { id: 'Insiden tidak ditemukan.', en: 'Incident not found.' } });
      const body = (req.body ?? {}) as { note?: unknown };
      if (body.note !== undefined && (typeof body.note !== 'string' || body.note.length > 1000)) {
        return void res.status(400).json({ error: 'invalid', message: 'Isian tidak valid. (Invalid input.)', errors: [{ field: 'note', message: 'note must be a string of at most 1000 characters' }] });
      }
      const note = typeof body.note === 'string' && body.note.trim() ? body.note.trim() : null;
      if (i.status === 'resolved') return void refuse(res, 'already_resolved', i);
      if (action === 'acknowledge' && i.status === 'acknowledged') return void refuse(res, 'already_acknowledged', i);
      const at = new Date(this.#now());
      if (action === 'acknowledge') this.acknowledged(i.id, USER, at, note);
      else this.resolved(i.id, USER, at, note);
      const live = Object.values(this.#deps.monitors()).find((m) => m.incident?.id === i.id);
      if (live?.incident) {
        this.#deps.pushMonitor(
          action === 'acknowledge'
            ? { ...live, incident: { ...live.incident, acknowledgedBy: USER, acknowledgedAt: at.toISOString(), note } }
            : { ...live, incident: null },
        );
      }
      res.json({ incident: this.#fresh(i) });
    });

    r.get('/api/v1/monitors', (_req, res) => {
      res.json({ monitors: Object.values(this.#deps.monitors()).map((m) => this.#summary(m)) });
    });

    r.get('/api/v1/monitors/:code', (req, res) => {
      const live = this.#deps.monitors()[req.params.code];
      if (!live) return void res.status(404).json({ error: 'not_found', message: { id: 'Layanan tidak ditemukan.', en: 'Monitor not found.' } });
      res.json(this.#detail(live));
    });

    r.post('/api/v1/monitors/:code/maintenance', (req, res) => {
      if (!this.#deps.monitors()[req.params.code]) return void res.status(404).json({ error: 'not_found', message: { id: 'Layanan tidak ditemukan.', en: 'Monitor not found.' } });
      const input = parseWindowRequest(req.body);
      if (!input.ok) return void res.status(400).json(input.error);
      const view = this.#addWindow(req.params.code, null, input.window, input.note, USER);
      view.createdAt = new Date(this.#now()).toISOString();
      res.status(201).json({ maintenance: this.#freshWindow(view) });
    });

    r.put('/api/v1/maintenance/:id', (req, res) => {
      const view = this.windows.get(req.params.id);
      if (!view) return void res.status(404).json({ error: 'not_found', message: { id: 'Jadwal pemeliharaan tidak ditemukan.', en: 'Maintenance window not found.' } });
      const input = parseWindowRequest(req.body);
      if (!input.ok) return void res.status(400).json(input.error);
      view.window = input.window;
      view.note = input.note;
      res.json({ maintenance: this.#freshWindow(view) });
    });

    r.delete('/api/v1/maintenance/:id', (req, res) => {
      if (!this.windows.delete(req.params.id)) return void res.status(404).json({ error: 'not_found', message: { id: 'Jadwal pemeliharaan tidak ditemukan.', en: 'Maintenance window not found.' } });
      res.status(204).end();
    });
    return r;
  }

  // ---------- synthesis ----------

  #monitorRef(code: string): IncidentView['monitor'] {
    const s = this.#deps.services.find((x) => x.code === code);
    const opd = s?.opd ?? '?';
    return { code, name: s?.name ?? code, opd: { code: opd, name: this.#deps.opdName(opd) }, target: targetOf(s) };
  }

  #fresh(i: IncidentView): IncidentView {
    return structuredClone(i);
  }

  #freshWindow(w: MaintenanceWindowView): MaintenanceWindowView {
    return { ...structuredClone(w), activeNow: windowActive(w.window, this.#now()) };
  }

  #summary(m: MonitorLive): MonitorSummary {
    const s = this.#deps.services.find((x) => x.code === m.code);
    return {
      code: m.code,
      name: m.name,
      opd: { code: m.opd, name: this.#deps.opdName(m.opd) },
      kind: s?.kind ?? 'http',
      target: targetOf(s),
      state: m.state,
      since: m.since,
      lastCheckAt: m.lastCheckAt,
      latencyMs: m.latencyMs,
      availability24h: this.#availability(m.code, DAY).percent,
    };
  }

  /** [start, end) of every outage of a monitor, open ones running to now. */
  #outages(code: string): [number, number][] {
    const now = this.#now();
    return [...this.incidents.values()]
      .filter((i) => i.monitor.code === code)
      .map((i) => [Date.parse(i.openedAt), i.resolvedAt ? Date.parse(i.resolvedAt) : now] as [number, number]);
  }

  #windowsFor(code: string): MaintenanceWindowView[] {
    const opd = this.#deps.services.find((s) => s.code === code)?.opd;
    return [...this.windows.values()].filter((w) => w.monitorCode === code || (w.monitorCode === null && w.opdCode === opd));
  }

  #availability(code: string, periodMs: number): AvailabilityView {
    const now = this.#now();
    const from = now - periodMs;
    const downMs = this.#outages(code).reduce((sum, [s, e]) => sum + Math.max(0, Math.min(e, now) - Math.max(s, from)), 0);
    let maintenanceMs = 0;
    for (const w of this.#windowsFor(code)) {
      const spec = w.window;
      if (spec.kind === 'once') maintenanceMs += Math.max(0, Math.min(Date.parse(spec.end), now) - Math.max(Date.parse(spec.start), from));
      else maintenanceMs += spec.durationMinutes * 60_000 * Math.floor(periodMs / (spec.kind === 'daily' ? DAY : 7 * DAY));
    }
    maintenanceMs = Math.min(maintenanceMs, periodMs);
    const counted = periodMs - maintenanceMs;
    const upMs = Math.max(0, counted - downMs);
    return { percent: counted > 0 ? (upMs / counted) * 100 : null, upMs, downMs, maintenanceMs };
  }

  #detail(m: MonitorLive): MonitorDetailResponse {
    const now = this.#now();
    const s = this.#deps.services.find((x) => x.code === m.code);
    const r = rng(hash(m.code));
    const base = 60 + r() * 260;
    const outages = this.#outages(m.code);
    const isDown = (t: number) => outages.some(([a, b]) => t >= a && t < b);
    const interval = (s?.intervalSeconds ?? 30) * 1000;
    const latencyAt = (t: number) => {
      const daily = 1 + 0.35 * Math.sin(((t / DAY) % 1) * 2 * Math.PI);
      const jitter = rng(hash(`${m.code}:${Math.floor(t / interval)}`))();
      return Math.round(base * daily * (0.75 + jitter * 0.5) + (jitter > 0.97 ? base * 3 : 0));
    };
    const lastCheck = m.lastCheckAt ? Date.parse(m.lastCheckAt) : now;
    const checks: MonitorDetailResponse['checks'] = [];
    for (let k = 0; k < 100; k++) {
      const t = Math.min(now, lastCheck) - k * interval;
      const down = isDown(t) || (k === 0 && m.state === 'down');
      checks.push({
        at: new Date(t).toISOString(),
        status: down ? 'down' : 'up',
        latencyMs: down ? null : latencyAt(t),
        statusCode: down ? (hash(`${m.code}${Math.floor(t / 600_000)}`) % 2 ? 503 : null) : s?.kind === 'http' ? 200 : null,
        message: down ? (hash(`${m.code}${Math.floor(t / 600_000)}`) % 2 ? 'HTTP 503 Service Unavailable' : 'Batas waktu habis setelah 10 dtk (timeout)') : null,
      });
    }
    const responseTimes: MonitorDetailResponse['responseTimes'] = [];
    const start = Math.floor((now - DAY) / FIVE_MIN) * FIVE_MIN + FIVE_MIN;
    for (let t = start; t <= now; t += FIVE_MIN) {
      const failed = outages.some(([a, b]) => a < t + FIVE_MIN && b > t);
      const wholly = outages.some(([a, b]) => a <= t && b >= t + FIVE_MIN);
      responseTimes.push({ t: new Date(t).toISOString(), latencyMs: wholly ? null : latencyAt(t), down: failed ? Math.max(1, Math.round(FIVE_MIN / interval / (wholly ? 1 : 3))) : 0 });
    }
    const samples = responseTimes.map((b) => b.latencyMs).filter((x): x is number => x !== null).sort((a, b) => a - b);
    const pct = (p: number) => (samples.length ? samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))] : null);
    const incidents = [...this.incidents.values()]
      .filter((i) => i.monitor.code === m.code)
      .sort((a, b) => b.openedAt.localeCompare(a.openedAt))
      .slice(0, 20)
      .map((i) => this.#fresh(i));
    return {
      monitor: {
        ...this.#summary(m),
        intervalSeconds: s?.intervalSeconds ?? 30,
        timeoutMs: 10_000,
        failuresToDown: 3,
        successesToUp: 2,
        tags: s?.kind === 'push' ? ['push'] : ['publik'],
      },
      availability: { h24: this.#availability(m.code, DAY), d7: this.#availability(m.code, 7 * DAY), d30: this.#availability(m.code, 30 * DAY) },
      latency: { count: samples.length * Math.round(FIVE_MIN / interval), p50: pct(50), p95: pct(95), p99: pct(99) },
      checks,
      responseTimes,
      incidents,
      maintenance: this.#windowsFor(m.code).map((w) => this.#freshWindow(w)),
    };
  }
}

function targetOf(s: FakeService | undefined): string | null {
  if (!s) return null;
  if (s.kind === 'push') return null;
  if (s.kind === 'tcp') return `10.71.0.${(hash(s.code) % 200) + 10}:5432`;
  return `https://${s.code}.pemkomedan.go.id/`;
}

function sameSite(req: Request): boolean {
  const claimed = req.get('origin') && req.get('origin') !== 'null' ? req.get('origin') : req.get('referer');
  if (!claimed) return false;
  try {
    return new URL(claimed).host.toLowerCase() === (req.get('host') ?? '').toLowerCase();
  } catch {
    return false;
  }
}

function refuse(res: Response, code: 'already_acknowledged' | 'already_resolved', i: IncidentView): void {
  const body: ActionRefusal =
    code === 'already_acknowledged'
      ? {
          error: code,
          message: {
            id: `Insiden ini sudah ditangani oleh ${i.acknowledgedBy ?? '-'} sejak ${wibStamp(Date.parse(i.acknowledgedAt ?? i.openedAt))}.`,
            en: `This incident was already acknowledged by ${i.acknowledgedBy ?? '-'} at ${wibStamp(Date.parse(i.acknowledgedAt ?? i.openedAt))}.`,
          },
        }
      : {
          error: code,
          message: {
            id: `Insiden ini sudah selesai sejak ${wibStamp(Date.parse(i.resolvedAt ?? i.openedAt))}; tidak dapat diubah lagi.`,
            en: `This incident was already resolved at ${wibStamp(Date.parse(i.resolvedAt ?? i.openedAt))}; it can no longer be changed.`,
          },
        };
  res.status(409).json(body);
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** The same rules as the server's maintenanceWindowSchema (zod), by hand. */
function parseWindowRequest(body: unknown): { ok: true; window: MaintenanceWindowSpec; note: string | null } | { ok: false; error: unknown } {
  const bad = (field: string, message: string) => ({ ok: false as const, error: { error: 'invalid', message: 'Isian tidak valid. (Invalid input.)', errors: [{ field, message }] } });
  const b = (body ?? {}) as { window?: Record<string, unknown>; note?: unknown };
  const w = b.window;
  if (!w || typeof w !== 'object') return bad('window', 'required');
  if (b.note !== undefined && (typeof b.note !== 'string' || b.note.length > 500)) return bad('note', 'at most 500 characters');
  const note = typeof b.note === 'string' && b.note.trim() ? b.note.trim() : null;
  const limits = (): { activeFrom?: string | null; activeUntil?: string | null } | null => {
    for (const k of ['activeFrom', 'activeUntil'] as const) if (w[k] != null && (typeof w[k] !== 'string' || !ISO_WITH_OFFSET.test(w[k] as string))) return null;
    return { activeFrom: (w.activeFrom as string | null | undefined) ?? null, activeUntil: (w.activeUntil as string | null | undefined) ?? null };
  };
  if (w.kind === 'once') {
    if (typeof w.start !== 'string' || !ISO_WITH_OFFSET.test(w.start)) return bad('window.start', 'ISO date-time with offset');
    if (typeof w.end !== 'string' || !ISO_WITH_OFFSET.test(w.end)) return bad('window.end', 'ISO date-time with offset');
    if (!(Date.parse(w.start) < Date.parse(w.end))) return bad('window.end', 'end must be after start');
    return { ok: true, window: { kind: 'once', start: w.start, end: w.end }, note };
  }
  if (w.kind === 'daily' || w.kind === 'weekly') {
    if (typeof w.startTime !== 'string' || !HHMM.test(w.startTime)) return bad('window.startTime', 'time must be HH:mm (WIB)');
    const max = w.kind === 'daily' ? 1440 : 7 * 1440;
    if (!Number.isInteger(w.durationMinutes) || (w.durationMinutes as number) < 1 || (w.durationMinutes as number) > max) return bad('window.durationMinutes', `1..${max}`);
    const l = limits();
    if (!l) return bad('window.activeFrom', 'ISO date-time with offset');
    if (w.kind === 'daily') return { ok: true, window: { kind: 'daily', startTime: w.startTime, durationMinutes: w.durationMinutes as number, ...l }, note };
    if (!Number.isInteger(w.weekday) || (w.weekday as number) < 1 || (w.weekday as number) > 7) return bad('window.weekday', '1..7');
    return { ok: true, window: { kind: 'weekly', weekday: w.weekday as number, startTime: w.startTime, durationMinutes: w.durationMinutes as number, ...l }, note };
  }
  return bad('window.kind', 'once | daily | weekly');
}

/** Whether a window is in force at `now` (WIB is UTC+7 all year). */
export function windowActive(spec: MaintenanceWindowSpec, now: number): boolean {
  if (spec.kind === 'once') return Date.parse(spec.start) <= now && now < Date.parse(spec.end);
  if (spec.activeFrom && now < Date.parse(spec.activeFrom)) return false;
  if (spec.activeUntil && now >= Date.parse(spec.activeUntil)) return false;
  const [h, m] = spec.startTime.split(':').map(Number);
  const local = now + WIB_MS;
  const dayStart = Math.floor(local / DAY) * DAY;
  // Occurrences starting today or on one of the previous 7 days may still be running.
  for (let back = 0; back <= 7; back++) {
    const day = dayStart - back * DAY;
    const weekday = ((new Date(day).getUTCDay() + 6) % 7) + 1;
    if (spec.kind === 'weekly' && weekday !== spec.weekday) continue;
    const s = day + (h * 60 + m) * 60_000;
    if (s <= local && local < s + spec.durationMinutes * 60_000) return true;
  }
  return false;
}
