// The one place that knows how the bench (and the reliability drills) get in: the server under
// test registers an ingest key and a wall display token from its environment
// (PANTAU_DEMO_API_KEY -> source `demo`, PANTAU_DEMO_WALL_TOKEN), load processes send the key
// as a Bearer header, socket clients pass the token as `auth: { token }`, and a browser opens
// /wall?token=<token>, which pairs it (device cookie). If access control changes, change it here.
import { randomBytes } from 'node:crypto';

export interface Access {
  /** Events must name this source: the API key belongs to it. */
  source: string;
  apiKey: string;
  wallToken: string;
}

export function newAccess(): Access {
  return {
    source: 'demo',
    apiKey: `bench-key-${randomBytes(12).toString('hex')}`,
    wallToken: `bench-wall-${randomBytes(12).toString('hex')}`,
  };
}

/** Environment for the server process that registers these credentials at start-up. */
export function accessEnv(access: Access): Record<string, string> {
  return { PANTAU_DEMO_API_KEY: access.apiKey, PANTAU_DEMO_WALL_TOKEN: access.wallToken };
}

export function ingestHeaders(access: Access): Record<string, string> {
  return { authorization: `Bearer ${access.apiKey}` };
}

/** Socket.IO client `auth` option of a wall screen. */
export function socketAuth(access: Access): { token: string } {
  return { token: access.wallToken };
}

export function wallUrl(baseUrl: string, access: Access, query: Record<string, string> = {}): string {
  const params = new URLSearchParams({ ...query, token: access.wallToken });
  return `${baseUrl}/wall?${params}`;
}
