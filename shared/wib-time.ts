// Calendar dates and clock times in the city's zone (WIB, Asia/Jakarta), via the runtime's
// time-zone database (Intl). Formatters are cached: these run for every ingested event.
import { CITY_TIME_ZONE } from './domain-constants.ts';

const dateFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: CITY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The local (WIB) calendar date of an instant, as YYYY-MM-DD. */
export function wibDate(instant: Date | number | string): string {
  const d = instant instanceof Date ? instant : new Date(instant);
  return dateFormatter.format(d);
}

/** Epoch minute of an instant (fixed one-minute buckets; a zone does not change minute edges). */
export function epochMinute(instant: Date | number | string): number {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  return Math.floor(ms / 60_000);
}
