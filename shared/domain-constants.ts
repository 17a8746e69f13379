// Domain vocabulary shared by server and client. Values are wire values: never rename one
// without a protocol version bump.

export const CITY_TIME_ZONE = 'Asia/Jakarta';

export const COMPLAINT_STATUSES = [
  'received',
  'verified',
  'dispatched',
  'in_progress',
  'resolved',
  'closed',
  'rejected',
  'duplicate',
  'reopened',
] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

/** Statuses in which someone still owes the citizen work; they count in the open backlog. */
export const OPEN_COMPLAINT_STATUSES: readonly ComplaintStatus[] = [
  'received',
  'verified',
  'dispatched',
  'in_progress',
  'reopened',
];
export function isOpenStatus(status: ComplaintStatus): boolean {
  return OPEN_COMPLAINT_STATUSES.includes(status);
}

export const PRIVACY_LEVELS = ['public', 'anonymous', 'secret'] as const;
export type Privacy = (typeof PRIVACY_LEVELS)[number];

/** What a complaint's media link points at (channels may leave it out). */
export const MEDIA_KINDS = ['image', 'video', 'audio', 'document'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export const MONITOR_STATES = ['up', 'down', 'pending', 'maintenance', 'unknown'] as const;
export type MonitorState = (typeof MONITOR_STATES)[number];

export const CHECK_STATUSES = ['up', 'down'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/** Broad colour/icon groups for complaint categories on the wall (map points, ticker). */
export const CATEGORY_GROUPS = ['infrastruktur', 'lingkungan', 'ketertiban', 'layanan', 'sosial', 'darurat', 'eksternal'] as const;
export type CategoryGroup = (typeof CATEGORY_GROUPS)[number];

export const INGEST_LIMITS = {
  maxEventsPerBatch: 1000,
  maxBodyBytes: 1024 * 1024,
  /**
   * How far an event time may lie ahead of Pantau's clock. Senders' clocks (office PCs and
   * servers without NTP, phones) drift by seconds to a few minutes, so a little is allowed; a
   * time in the wrong zone (WIB written as `Z`, WITA or WIT for WIB) is off by whole hours and
   * is always refused, and a future time would otherwise head the wall's lists for good.
   * Five minutes is also the tolerance Kerberos and most signed-request schemes use.
   */
  maxClockSkewMs: 5 * 60_000,
  /**
   * A complaint's location may lie this far (km) outside the city's boundary: it is accepted and
   * shown as outside the city. Citizens report from just across the border (Medan's neighbours
   * Binjai and Deli Serdang start within 5-15 km of its edge). Further out, a point is refused:
   * it is a wrong point, not a place (an app's default position such as Jakarta, 1,400 km away,
   * or 0,0; a flipped sign, about 800 km; latitude and longitude swapped).
   */
  maxKmOutsideCity: 25,
} as const;
