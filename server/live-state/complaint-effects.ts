// How one complaint's change moves the live counters. Pure: before/after in, effects out.
import { isOpenStatus, type ComplaintStatus, type Privacy } from '../../shared/domain-constants.ts';
import type { PublicComplaint } from '../../shared/protocol.ts';
import { epochMinute, wibDate } from '../../shared/wib-time.ts';
import { MINUTE_BUCKET_TTL_SECONDS } from './live-keys.ts';
import { addIncrement, putComplaint, type LiveEffects } from './live-effects.ts';

export interface ComplaintSnapshot {
  id: string;
  version: number;
  channel: string;
  category: string;
  kecamatan: string | null;
  opd: string | null;
  status: ComplaintStatus;
  privacy: Privacy;
  submittedAt: Date;
  title: string | null;
  text: string | null;
  lat: number | null;
  lon: number | null;
}

/** The fields of a stored complaint row that the live state uses. */
export interface ComplaintRowFields {
  id: string;
  version: number;
  channel: string;
  categoryCode: string;
  kecamatanCode: string | null;
  opdCode: string | null;
  status: string;
  privacy: string;
  submittedAt: Date;
  title: string | null;
  text: string;
  lat: number | null;
  lon: number | null;
}

export function complaintSnapshotOf(row: ComplaintRowFields): ComplaintSnapshot {
  return {
    id: row.id,
    version: row.version,
    channel: row.channel,
    category: row.categoryCode,
    kecamatan: row.kecamatanCode,
    opd: row.opdCode,
    status: row.status as ComplaintStatus,
    privacy: row.privacy as Privacy,
    submittedAt: row.submittedAt,
    title: row.title,
    text: row.text,
    lat: row.lat,
    lon: row.lon,
  };
}

/** What a live view may see: never the reporter; nothing but the category and area for secret ones. */
export function publicComplaint(c: ComplaintSnapshot): PublicComplaint {
  const secret = c.privacy === 'secret';
  return {
    id: c.id,
    channel: c.channel,
    category: c.category,
    kecamatan: c.kecamatan,
    opd: c.opd,
    status: c.status,
    privacy: c.privacy,
    submittedAt: c.submittedAt.toISOString(),
    title: secret ? null : c.title,
    text: secret ? null : c.text,
    location: secret || c.lat === null || c.lon === null ? null : { lat: c.lat, lon: c.lon },
  };
}

/**
 * A complaint merged into another (status `duplicate`) is the same citizen problem: it is counted
 * once, as the original, in every number (received today, per minute, open). So it leaves the
 * counts when it becomes a duplicate and comes back if it is reopened.
 */
const counted = (c: ComplaintSnapshot | null) => (c !== null && c.status !== 'duplicate' ? 1 : 0);

export function complaintEffects(effects: LiveEffects, before: ComplaintSnapshot | null, after: ComplaintSnapshot, now: Date): void {
  const arrivals = counted(after) - counted(before);
  if (arrivals !== 0) {
    addIncrement(effects, `day:${wibDate(after.submittedAt)}`, 'complaints', arrivals, 'kpi');
    const minute = epochMinute(after.submittedAt);
    if (now.getTime() - minute * 60_000 < MINUTE_BUCKET_TTL_SECONDS * 1000) {
      addIncrement(effects, `min:${minute}`, 'complaints', arrivals, `min:${minute}`);
    }
  }
  const wasOpen = before ? isOpenStatus(before.status) : false;
  const isOpen = isOpenStatus(after.status);
  addIncrement(effects, 'kpi', 'complaintsOpen', Number(isOpen) - Number(wasOpen), 'kpi');
  if (wasOpen && before?.kecamatan) addIncrement(effects, `kec:${before.kecamatan}`, 'open', -1, `kec:${before.kecamatan}`);
  if (isOpen && after.kecamatan) addIncrement(effects, `kec:${after.kecamatan}`, 'open', 1, `kec:${after.kecamatan}`);
  if (wasOpen && before?.opd) addIncrement(effects, `opd:${before.opd}`, 'open', -1, `opd:${before.opd}`);
  if (isOpen && after.opd) addIncrement(effects, `opd:${after.opd}`, 'open', 1, `opd:${after.opd}`);
  putComplaint(effects, after.version, before === null, publicComplaint(after));
}
