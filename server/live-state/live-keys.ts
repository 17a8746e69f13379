// Layout of the live state in Redis. Everything here can be rebuilt from Postgres.
//   live:ready                 marker: the live state is built (absent after Redis lost its data)
//   live:kpi                   hash   complaintsOpen, complaintsOverdue, servicesUp, servicesDown, servicesTotal
//   live:day:<YYYY-MM-DD>      hash   complaints, uploads, uploadsOnTime       (fixed day buckets, WIB)
//   live:min:<epoch minute>    hash   complaints, uploads, heartbeats          (fixed minute buckets)
//   live:kec:<code>            hash   open, overdue
//   live:opd:<code>            hash   per-OPD counters
//   live:monitors              hash   code -> MonitorLive JSON  (+ live:monitors:v versions)
//   live:recent                zset   complaint id by submittedAt (+ live:recent:data JSON, :v versions)
//   live:rebuilt-batches       set    batches already counted by the last rebuild
export const DAY_BUCKET_TTL_SECONDS = 4 * 24 * 3600;
export const MINUTE_BUCKET_TTL_SECONDS = 2 * 3600;

export function liveKeys(prefix: string) {
  const base = `${prefix}live:`;
  return {
    base,
    ready: `${base}ready`,
    rebuildLock: `${base}rebuild-lock`,
    rebuiltBatches: `${base}rebuilt-batches`,
    kpi: `${base}kpi`,
    day: (day: string) => `${base}day:${day}`,
    minute: (epochMinute: number) => `${base}min:${epochMinute}`,
    kecamatan: (code: string) => `${base}kec:${code}`,
    opd: (code: string) => `${base}opd:${code}`,
    monitors: `${base}monitors`,
    recent: `${base}recent`,
    recentData: `${base}recent:data`,
    /** Pub/sub channel on which every change to the live state is announced. */
    changedChannel: `${base}changed`,
  };
}
export type LiveKeys = ReturnType<typeof liveKeys>;
