import { emptyLiveState, type Delta, type LiveState, type MonitorLive, type PublicComplaint, type ReferenceData, type Snapshot } from '../../../shared/protocol.ts';

export function complaint(id: string, submittedAt: string, extra: Partial<PublicComplaint> = {}): PublicComplaint {
  return {
    id,
    channel: 'MRK',
    category: 'jalan-rusak',
    kecamatan: '12.71.01',
    opd: 'SDABMBK',
    status: 'received',
    privacy: 'public',
    submittedAt,
    title: 'Jalan rusak',
    text: 'Lubang besar',
    location: { lat: 3.58, lon: 98.68 },
    ...extra,
  };
}

export function monitor(code: string, state: MonitorLive['state'], extra: Partial<MonitorLive> = {}): MonitorLive {
  return {
    code,
    name: `Service ${code}`,
    opd: 'DISKOMINFO',
    state,
    since: '2026-03-05T07:00:00.000Z',
    lastCheckAt: '2026-03-05T07:30:00.000Z',
    latencyMs: state === 'up' ? 100 : null,
    incident: state === 'down' ? { id: `I-${code}`, openedAt: '2026-03-05T07:00:00.000Z', acknowledgedBy: null, acknowledgedAt: null, note: null } : null,
    ...extra,
  };
}

export function liveState(): LiveState {
  const state = emptyLiveState('2026-03-05');
  state.kpi.complaintsToday = 10;
  state.kpi.servicesUp = 2;
  state.kpi.servicesTotal = 3;
  state.kpi.servicesDown = 1;
  state.complaints = [complaint('c2', '2026-03-05T07:02:00.000Z'), complaint('c1', '2026-03-05T07:01:00.000Z')];
  state.monitors = { a: monitor('a', 'up'), b: monitor('b', 'up'), c: monitor('c', 'down') };
  state.kecamatan = { '12.71.01': { code: '12.71.01', open: 5, overdue: 1 } };
  state.opd = {};
  return state;
}

export function snapshot(seq: number, epoch = 'e1', state: LiveState = liveState()): Snapshot {
  return { room: 'wall', seq, epoch, at: '2026-03-05T07:30:00.000Z', state };
}

export function delta(seq: number, parts: Omit<Delta, 'room' | 'seq' | 'epoch' | 'at'> = {}, epoch = 'e1'): Delta {
  return { room: 'wall', seq, epoch, at: '2026-03-05T07:30:01.000Z', ...parts };
}

export const reference: ReferenceData = {
  city: { name: 'Kota Medan', code: '12.71', timezone: 'Asia/Jakarta', bbox: [98.58, 3.5, 98.74, 3.8] },
  opd: [
    { code: 'DISKOMINFO', name: 'Dinas Komunikasi dan Informatika', shortName: 'Diskominfo', kind: 'dinas' },
    { code: 'DLH', name: 'Dinas Lingkungan Hidup', shortName: 'DLH', kind: 'dinas' },
    { code: 'DISHUB', name: 'Dinas Perhubungan', shortName: null, kind: 'dinas' },
  ],
  externalBodies: [],
  kecamatan: [
    { code: '12.71.01', name: 'Medan Kota', population: 50_000, areaKm2: 5 },
    { code: '12.71.02', name: 'Medan Sunggal', population: 100_000, areaKm2: 13 },
    { code: '12.71.03', name: 'Medan Helvetia', population: null, areaKm2: 13 },
  ],
  categories: [
    { code: 'jalan-rusak', name: 'Jalan rusak', nameEn: null, opd: 'SDABMBK', external: null, emergency: false, group: 'infrastruktur' },
    { code: 'kebakaran', name: 'Kebakaran', nameEn: 'Fire', opd: 'DAMKAR', external: null, emergency: true, group: 'darurat' },
  ],
  channels: [
    { code: 'MRK', name: 'Medan Rumah Kita', nameEn: null },
    { code: 'SOSMED', name: 'Media sosial', nameEn: 'Social media' },
  ],
  timelinessWindowDays: 30,
};
