// A stand-in for the Pantau server, for UI work and screenshots before (and besides) the real
// one: serves dist/client with the SPA fallback, the two reference GET endpoints from
// db/seed-data, and a protocol-correct Socket.IO feed (snapshot + sequence-numbered deltas at
// most 4/s) of a plausible, seeded, simulated Medan.
//
//   npx tsx client/dev/fake-live-server.ts [--port 8080] [--seed 7] [--rate 2]
//
// Test controls (plain HTTP, dev only):
//   POST /__fake/gap         skip one seq on the next delta (the client must resync)
//   POST /__fake/new-epoch   restart the sequence with a new epoch
//   POST /__fake/pause       stop sending deltas and keepalives (a stalled server);  POST /__fake/resume
//   POST /__fake/degrade     keepalives say the pipeline is down (Redis away);  POST /__fake/repair
//   POST /__fake/disconnect  drop every socket (clients reconnect by themselves)
//   POST /__fake/down[?code=] a service goes DOWN now (a random one without ?code=)
//   POST /__fake/recover?code=  it comes back UP
//
// /teknisi's HTTP contract (shared/teknisi-api.ts) is served by fake-teknisi.ts, logged in as a
// technician, on top of the same simulated monitors.
import express from 'express';
import { createServer, type Server as HttpServer } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';
import {
  KEEPALIVE_MS,
  PROTOCOL_VERSION,
  RECENT_COMPLAINTS_LIMIT,
  MINUTE_BUCKETS,
  applyDelta,
  emptyLiveState,
  type ClientToServerEvents,
  type Delta,
  type Keepalive,
  type LiveState,
  type MonitorLive,
  type OpdLive,
  type PublicComplaint,
  type RateWithCounts,
  type ReferenceData,
  type ServerToClientEvents,
  type Snapshot,
} from '../../shared/protocol.ts';
import type { CategoryGroup, Privacy } from '../../shared/domain-constants.ts';
import { FakeTeknisi, type FakeService } from './fake-teknisi.ts';

const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));

// ---------- reference data from the seed files ----------

interface SeedMedan {
  city: { name: string; code: string; timezone: string; bbox: [number, number, number, number] };
  opd: { code: string; name: string; short_name?: string; kind: string }[];
  external_bodies: { code: string; name: string }[];
  kecamatan: { name: string; area_km2: number; pop_2013: number | null; pop_2020?: number; pop_2023?: number }[];
  complaint_categories: { code: string; name: string; name_en?: string; opd?: string; external?: string; emergency?: boolean }[];
  channels: { code: string; name: string; name_en?: string }[];
}

interface Geo {
  type: 'FeatureCollection';
  features: { properties: { code: string; name: string }; geometry: { type: string; coordinates: unknown } }[];
}

/** The fake's own grouping; the real server owns this mapping. */
const CATEGORY_GROUP: Record<string, CategoryGroup> = {
  'jalan-rusak': 'infrastruktur',
  drainase: 'infrastruktur',
  'lampu-jalan': 'infrastruktur',
  'lampu-lalu-lintas': 'infrastruktur',
  'bangunan-tata-ruang': 'infrastruktur',
  'parkir-liar': 'ketertiban',
  ketertiban: 'ketertiban',
  sampah: 'lingkungan',
  perizinan: 'layanan',
  adminduk: 'layanan',
  kesehatan: 'layanan',
  pendidikan: 'layanan',
  'pajak-daerah': 'layanan',
  'layanan-aplikasi': 'layanan',
  bansos: 'sosial',
  'perempuan-anak': 'sosial',
  ketenagakerjaan: 'sosial',
  kebakaran: 'darurat',
  bencana: 'darurat',
  listrik: 'eksternal',
  'air-bersih': 'eksternal',
  'jalan-nasional': 'eksternal',
};

export function loadReference(): { reference: ReferenceData; geo: Geo } {
  const seed = JSON.parse(readFileSync(root('db/seed-data/medan.json'), 'utf8')) as SeedMedan;
  const geo = JSON.parse(readFileSync(root('db/seed-data/medan-kecamatan.geojson'), 'utf8')) as Geo;
  const codeByName = new Map(geo.features.map((f) => [f.properties.name, f.properties.code]));
  const reference: ReferenceData = {
    city: seed.city,
    opd: seed.opd.map((o) => ({ code: o.code, name: o.name, shortName: o.short_name ?? null, kind: o.kind })),
    externalBodies: seed.external_bodies,
    kecamatan: seed.kecamatan
      .map((k) => ({
        code: codeByName.get(k.name) ?? k.name,
        name: k.name,
        population: k.pop_2023 ?? k.pop_2020 ?? k.pop_2013 ?? null,
        areaKm2: k.area_km2,
      }))
      .sort((a, b) => a.code.localeCompare(b.code)),
    categories: seed.complaint_categories.map((c) => ({
      code: c.code,
      name: c.name,
      nameEn: c.name_en ?? null,
      opd: c.opd ?? null,
      external: c.external ?? null,
      emergency: c.emergency ?? false,
      group: CATEGORY_GROUP[c.code] ?? 'layanan',
    })),
    channels: seed.channels.map((c) => ({ code: c.code, name: c.name, nameEn: c.name_en ?? null })),
    timelinessWindowDays: 30,
  };
  return { reference, geo };
}

// ---------- simulation ----------

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Ring = [number, number][];
function inRing([x, y]: [number, number], ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
function polygonsOf(g: { type: string; coordinates: unknown }): Ring[][] {
  return g.type === 'Polygon' ? [g.coordinates as Ring[]] : (g.coordinates as Ring[][]);
}

const REPORTERS = ['Budi S.', 'Rina M.', 'Andi P.', 'Siti N.', 'Dedi K.', 'Yusuf H.'];

export interface FakeOptions {
  port?: number;
  seed?: number;
  /** Complaint arrivals per second on average. */
  rate?: number;
  distDir?: string;
  /** Milliseconds between ticks (deltas at most every tick). */
  tickMs?: number;
}

export interface FakeLiveServer {
  url: string;
  port: number;
  close(): Promise<void>;
  control: { gap(): void; newEpoch(): void; pause(): void; resume(): void; disconnectAll(): void };
  /** What clients asked for, to check the client's side of the protocol. */
  stats: { subscribes: number; resyncs: number; deltas: number };
}

export async function startFakeLiveServer(options: FakeOptions = {}): Promise<FakeLiveServer> {
  const rnd = mulberry32(options.seed ?? 7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const { reference, geo } = loadReference();
  const services = (JSON.parse(readFileSync(root('db/seed-data/medan-services.json'), 'utf8')) as {
    services: FakeService[];
  }).services;
  const distDir = options.distDir ?? root('dist/client');
  const tickMs = options.tickMs ?? 250;
  const ratePerSecond = options.rate ?? 0.4;

  // Kecamatan weights: more people, more complaints.
  const kecWeights = reference.kecamatan.map((k) => k.population ?? 80_000);
  const kecTotal = kecWeights.reduce((a, b) => a + b, 0);
  const pickKecamatan = () => {
    let r = rnd() * kecTotal;
    for (let i = 0; i < kecWeights.length; i++) if ((r -= kecWeights[i]) <= 0) return reference.kecamatan[i];
    return reference.kecamatan[0];
  };
  const pointIn = (code: string): { lat: number; lon: number } | null => {
    const f = geo.features.find((x) => x.properties.code === code);
    if (!f) return null;
    const polys = polygonsOf(f.geometry);
    const outer = polys.flatMap((p) => p[0]);
    const xs = outer.map((c) => c[0]);
    const ys = outer.map((c) => c[1]);
    for (let i = 0; i < 50; i++) {
      const p: [number, number] = [Math.min(...xs) + rnd() * (Math.max(...xs) - Math.min(...xs)), Math.min(...ys) + rnd() * (Math.max(...ys) - Math.min(...ys))];
      if (polys.some((poly) => inRing(p, poly[0]) && !poly.slice(1).some((hole) => inRing(p, hole)))) {
        return { lat: Math.round(p[1] * 1e6) / 1e6, lon: Math.round(p[0] * 1e6) / 1e6 };
      }
    }
    return null;
  };

  const now = () => new Date();
  const wibDay = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(d);
  const rate = (numerator: number, denominator: number): RateWithCounts => ({ numerator, denominator, rate: denominator < 5 ? null : numerator / denominator });

  // Initial state.
  let state: LiveState = emptyLiveState(wibDay(now()));
  let idCounter = 0;
  const newComplaint = (at: Date): PublicComplaint => {
    // Everyday categories are common; emergencies are rare.
    const category = rnd() < 0.03 ? pick(reference.categories.filter((c) => c.emergency)) : pick(reference.categories.filter((c) => !c.emergency));
    const kec = pickKecamatan();
    const privacy: Privacy = rnd() < 0.06 ? 'secret' : rnd() < 0.2 ? 'anonymous' : 'public';
    idCounter++;
    return {
      id: `C${String(idCounter).padStart(7, '0')}`,
      channel: pick(reference.channels).code,
      category: category.code,
      kecamatan: kec.code,
      opd: category.opd,
      status: 'received',
      privacy,
      submittedAt: at.toISOString(),
      title: privacy === 'secret' ? null : category.name,
      text: privacy === 'secret' ? null : `Laporan warga: ${category.name.toLowerCase()}`,
      location: privacy === 'secret' ? null : pointIn(kec.code),
    };
  };
  const t0 = Date.now();
  for (let i = 40; i > 0; i--) state.complaints.push(newComplaint(new Date(t0 - i * 45_000 - rnd() * 30_000)));
  state.complaints.sort((a, b) => (a.submittedAt < b.submittedAt ? 1 : -1));
  for (const k of reference.kecamatan) {
    const open = Math.round(((k.population ?? 80_000) / 10_000) * (2 + rnd() * 9));
    state.kecamatan[k.code] = { code: k.code, open, overdue: Math.round(open * rnd() * 0.3) };
  }
  const opdMonitors = (code: string) => services.filter((s) => s.opd === code);
  for (const o of reference.opd) {
    const upDen = Math.floor(rnd() * 40);
    const cDen = Math.floor(rnd() * 60);
    state.opd[o.code] = {
      code: o.code,
      complaintsOpen: Math.floor(rnd() * 80),
      complaintsOverdue: Math.floor(rnd() * 20),
      complaintsOnTime: rate(Math.floor(cDen * (0.35 + rnd() * 0.65)), cDen),
      uploadsOnTime: rate(Math.floor(upDen * (0.3 + rnd() * 0.7)), upDen),
      servicesDown: 0,
      servicesTotal: opdMonitors(o.code).length,
    };
  }
  const startedAt = new Date(t0 - 3 * 3600_000).toISOString();
  for (const s of services) {
    state.monitors[s.code] = {
      code: s.code,
      name: s.name,
      opd: s.opd,
      state: 'up',
      since: startedAt,
      lastCheckAt: new Date(t0).toISOString(),
      latencyMs: Math.round(40 + rnd() * 200),
      incident: null,
    };
  }
  const opdNames = new Map(reference.opd.map((o) => [o.code, o.name]));
  const teknisi = new FakeTeknisi({
    services,
    opdName: (code) => opdNames.get(code) ?? code,
    monitors: () => state.monitors,
    // `touch` is defined below; this runs only on a request, long after.
    pushMonitor: (m) => touch({ monitors: { [m.code]: m } }),
  });
  const goDown = (code: string, at: Date, ack: { by: string; at: Date; note: string | null } | null) => {
    const m = state.monitors[code];
    state.monitors[code] = {
      ...m,
      state: 'down',
      since: at.toISOString(),
      latencyMs: null,
      incident: {
        id: `I-${code}-${at.getTime()}`,
        openedAt: at.toISOString(),
        acknowledgedBy: ack?.by ?? null,
        acknowledgedAt: ack ? ack.at.toISOString() : null,
        note: ack?.note ?? null,
      },
    };
    teknisi.opened(state.monitors[code]);
  };
  goDown(services[4].code, new Date(t0 - 47 * 60_000), { by: 'Budi S.', at: new Date(t0 - 43 * 60_000), note: 'Sedang dicek di ruang server' });
  goDown(services[10].code, new Date(t0 - 26 * 60_000 - 12_000), null);
  goDown(services[23].code, new Date(t0 - 95_000), null);
  // One service in planned maintenance and one rechecking, so every state shows somewhere.
  state.monitors[services[30].code] = { ...state.monitors[services[30].code], state: 'maintenance', since: new Date(t0 - 40 * 60_000).toISOString() };
  teknisi.seedActiveWindow(services[30].code);
  state.monitors[services[40].code] = { ...state.monitors[services[40].code], state: 'pending', since: new Date(t0 - 50_000).toISOString(), latencyMs: null };
  teknisi.seedHistory(options.seed ?? 7);
  for (let i = MINUTE_BUCKETS; i > 0; i--) {
    const t = new Date(Math.floor((t0 - i * 60_000) / 60_000) * 60_000).toISOString();
    state.minutes.push({ t, complaints: Math.round(rnd() * 6), uploads: Math.round(rnd() * 3), heartbeats: 60 + Math.round(rnd() * 10) });
  }
  const recount = (): Partial<LiveState['kpi']> => {
    const ms = Object.values(state.monitors);
    const down = ms.filter((m) => m.state === 'down').length;
    const open = Object.values(state.kecamatan).reduce((a, k) => a + k.open, 0);
    const overdue = Object.values(state.kecamatan).reduce((a, k) => a + k.overdue, 0);
    return { complaintsOpen: open, complaintsOverdue: overdue, servicesUp: ms.filter((m) => m.state === 'up').length, servicesDown: down, servicesTotal: ms.length };
  };
  Object.assign(state.kpi, recount(), { complaintsToday: 212, uploadsToday: 64, uploadsOnTimeToday: 51 });

  let epoch = `fake-${t0.toString(36)}`;
  let seq = 1;
  let paused = false;
  let degraded = false;
  let skipNext = false;

  // The fake changes `state` directly and records the changed parts' current values in
  // `pending`; each tick sends what is pending as one delta (current values, not increments).
  let pending: Omit<Delta, 'room' | 'seq' | 'epoch' | 'at'> = {};
  const touch = (part: Omit<Delta, 'room' | 'seq' | 'epoch' | 'at'>) => {
    if (part.complaints) {
      state.complaints = [...part.complaints, ...state.complaints].slice(0, RECENT_COMPLAINTS_LIMIT);
      pending.complaints = [...part.complaints, ...(pending.complaints ?? [])];
    }
    if (part.monitors) {
      for (const [code, m] of Object.entries(part.monitors)) if (m) state.monitors[code] = m;
      pending.monitors = { ...pending.monitors, ...part.monitors };
    }
    if (part.kecamatan) {
      Object.assign(state.kecamatan, part.kecamatan);
      pending.kecamatan = { ...pending.kecamatan, ...part.kecamatan };
    }
    if (part.opd) {
      Object.assign(state.opd, part.opd);
      pending.opd = { ...pending.opd, ...part.opd };
    }
    if (part.minutes) {
      state = applyDelta(state, { room: 'wall', seq: 0, epoch, at: '', minutes: part.minutes });
      const byT = new Map((pending.minutes ?? []).map((m) => [m.t, m]));
      for (const m of part.minutes) byT.set(m.t, m);
      pending.minutes = [...byT.values()];
    }
    Object.assign(state.kpi, part.kpi ?? {}, recount());
    pending.kpi = { ...state.kpi };
  };

  const simulateStep = (dtMs: number) => {
    const at = now();
    const expected = (ratePerSecond * dtMs) / 1000;
    const arrivals = Math.floor(expected) + (Math.random() < expected % 1 ? 1 : 0);
    for (let n = 0; n < arrivals; n++) {
      const c = newComplaint(at);
      const k = state.kecamatan[c.kecamatan as string];
      const minuteT = new Date(Math.floor(at.getTime() / 60_000) * 60_000).toISOString();
      const last = state.minutes[state.minutes.length - 1];
      const bucket = last && last.t === minuteT ? { ...last, complaints: last.complaints + 1 } : { t: minuteT, complaints: 1, uploads: 0, heartbeats: 60 };
      touch({
        complaints: [c],
        kecamatan: { [k.code]: { ...k, open: k.open + 1 } },
        kpi: { complaintsToday: state.kpi.complaintsToday + 1 },
        minutes: [bucket],
      });
    }
    if (Math.random() < dtMs / 4000) {
      // An upload arrives; mostly on time.
      const onTime = Math.random() < 0.8;
      const o = pick(reference.opd);
      const cur = state.opd[o.code];
      const next: OpdLive = { ...cur, uploadsOnTime: rate(cur.uploadsOnTime.numerator + (onTime ? 1 : 0), cur.uploadsOnTime.denominator + 1) };
      touch({ opd: { [o.code]: next }, kpi: { uploadsToday: state.kpi.uploadsToday + 1, uploadsOnTimeToday: state.kpi.uploadsOnTimeToday + (onTime ? 1 : 0) } });
    }
    if (Math.random() < dtMs / 9000) {
      // A complaint is closed somewhere; the open count falls.
      const k = state.kecamatan[pickKecamatan().code];
      if (k.open > 0) touch({ kecamatan: { [k.code]: { ...k, open: k.open - 1 } } });
    }
    if (Math.random() < dtMs / 20000) {
      // Monitor churn: a service goes down, gets acknowledged, or recovers.
      const downs = Object.values(state.monitors).filter((m) => m.state === 'down');
      const r = Math.random();
      let changed: MonitorLive | null = null;
      if (r < 0.35 && downs.length < 6) {
        const m = pick(Object.values(state.monitors).filter((x) => x.state === 'up'));
        goDown(m.code, at, null);
        changed = state.monitors[m.code];
      } else if (r < 0.7 && downs.some((d) => d.incident && !d.incident.acknowledgedBy)) {
        // Only an open incident can be acknowledged (one resolved by hand leaves the service down without one).
        const m = pick(downs.filter((d) => d.incident && !d.incident.acknowledgedBy));
        const by = pick(REPORTERS);
        changed = { ...m, incident: { ...(m.incident as NonNullable<MonitorLive['incident']>), acknowledgedBy: by, acknowledgedAt: at.toISOString() } };
        teknisi.acknowledged(m.incident?.id ?? '', by, at, null);
      } else if (downs.length > 1) {
        const m = pick(downs);
        changed = { ...m, state: 'up', since: at.toISOString(), latencyMs: 120, incident: null };
        if (m.incident) teknisi.resolved(m.incident.id, 'system', at, null);
      }
      if (changed) touch({ monitors: { [changed.code]: changed } });
    }
  };

  const app = express();
  // The same CSP as the real server, so a violation shows up here during UI work.
  app.use((_req, res, next) => {
    res.set(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self' ws: wss:; worker-src 'self' blob:; child-src blob:; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    );
    next();
  });
  app.get('/api/v1/reference', (_req, res) => void res.json(reference));
  app.get('/api/v1/geo/kecamatan.geojson', (_req, res) => void res.type('application/geo+json').send(JSON.stringify(geo)));
  app.post('/__fake/gap', (_req, res) => void ((skipNext = true), res.json({ ok: true })));
  app.post('/__fake/new-epoch', (_req, res) => void (control.newEpoch(), res.json({ ok: true, epoch })));
  app.post('/__fake/pause', (_req, res) => void ((paused = true), res.json({ ok: true })));
  app.post('/__fake/resume', (_req, res) => void ((paused = false), res.json({ ok: true })));
  app.post('/__fake/degrade', (_req, res) => void ((degraded = true), res.json({ ok: true })));
  app.post('/__fake/repair', (_req, res) => void ((degraded = false), res.json({ ok: true })));
  app.post('/__fake/disconnect', (_req, res) => void (control.disconnectAll(), res.json({ ok: true })));
  app.post('/__fake/down', (req, res) => {
    const code = typeof req.query.code === 'string' ? req.query.code : pick(Object.values(state.monitors).filter((m) => m.state === 'up')).code;
    if (!state.monitors[code]) return void res.status(404).json({ ok: false });
    goDown(code, now(), null);
    touch({ monitors: { [code]: state.monitors[code] } });
    res.json({ ok: true, code });
  });
  app.post('/__fake/recover', (req, res) => {
    const m = state.monitors[String(req.query.code)];
    if (!m) return void res.status(404).json({ ok: false });
    if (m.incident) teknisi.resolved(m.incident.id, 'system', now(), null);
    touch({ monitors: { [m.code]: { ...m, state: 'up', since: now().toISOString(), latencyMs: 110, incident: null } } });
    res.json({ ok: true });
  });
  app.use(teknisi.router());
  if (existsSync(distDir)) app.use(express.static(distDir, { index: false }));
  app.get(['/', '/wall', '/teknisi', /^\/teknisi\/.+/, '/pimpinan', '/admin', '/login'], (_req, res) => {
    if (existsSync(`${distDir}/index.html`)) res.sendFile(`${distDir}/index.html`);
    else res.status(503).send('build the client first: npx vite build');
  });

  const stats = { subscribes: 0, resyncs: 0, deltas: 0 };
  const http: HttpServer = createServer(app);
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http);
  const snapshot = (): Snapshot => ({ room: 'wall', seq, epoch, at: now().toISOString(), state: structuredClone(state) });
  const keepalive = (): Keepalive => ({ at: now().toISOString(), ok: !degraded, problem: degraded ? 'redis' : null, dataAt: now().toISOString() });
  io.on('connection', (socket) => {
    socket.emit('hello', { protocol: PROTOCOL_VERSION, serverTime: now().toISOString(), city: reference.city.name });
    if (!paused) socket.emit('keepalive', keepalive());
    socket.on('subscribe', (request, ack) => {
      stats.subscribes++;
      if (request.protocol !== PROTOCOL_VERSION) return ack({ ok: false, error: 'protocol', message: `server speaks ${PROTOCOL_VERSION}` });
      if (request.room !== 'wall') return ack({ ok: false, error: 'room', message: 'unknown room' });
      void socket.join('wall');
      ack({ ok: true });
      socket.emit('snapshot', snapshot());
    });
    socket.on('resync', (request) => {
      stats.resyncs++;
      if (request.room === 'wall') socket.emit('snapshot', snapshot());
    });
  });

  let lastStep = Date.now();
  const timer = setInterval(() => {
    const t = Date.now();
    simulateStep(t - lastStep);
    lastStep = t;
    if (paused || degraded) return;
    if (Object.keys(pending).length === 0) return;
    if (pending.complaints) pending.complaints.sort((a, b) => (a.submittedAt < b.submittedAt ? 1 : -1));
    if (skipNext) {
      seq += 2;
      skipNext = false;
    } else seq += 1;
    const delta: Delta = { room: 'wall', seq, epoch, at: now().toISOString(), ...pending };
    pending = {};
    stats.deltas++;
    io.to('wall').emit('delta', delta);
  }, tickMs);
  // As the real server: say how the pipeline is, so screens stay LIVE in a quiet moment.
  const keepaliveTimer = setInterval(() => {
    if (!paused) io.emit('keepalive', keepalive());
  }, KEEPALIVE_MS);

  const control = {
    gap: () => void (skipNext = true),
    newEpoch: () => {
      epoch = `fake-${Date.now().toString(36)}`;
      seq = 1;
    },
    pause: () => void (paused = true),
    resume: () => void (paused = false),
    disconnectAll: () => void io.disconnectSockets(true),
  };

  const port = await new Promise<number>((resolve) => {
    http.listen(options.port ?? 0, '127.0.0.1', () => resolve((http.address() as { port: number }).port));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    control,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        clearInterval(keepaliveTimer);
        void io.close();
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const server = await startFakeLiveServer({
    port: Number(arg('port') ?? process.env.PORT ?? 8080),
    seed: Number(arg('seed') ?? 7),
    rate: Number(arg('rate') ?? 0.4),
  });
  console.log(`fake live server on ${server.url}/wall`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
