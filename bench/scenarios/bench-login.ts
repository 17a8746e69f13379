// A person's account made in the deployment's database and logged in through the real login
// endpoint: the session cookie a browser or a load process then carries (mobile: a technician,
// reports: leadership).
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { hashPassword } from '../../server/auth/secrets.ts';
import { insertUser } from '../../server/repositories/user-repository.ts';
import type { Role } from '../../server/auth/roles.ts';
import * as schema from '../../db/schema.ts';
import { runTag } from './scenario-kit.ts';

export async function sessionCookieFor(role: Role, databaseUrl: string, baseUrl: string): Promise<{ name: string; value: string }> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const username = `bench-${role}-${runTag()}`;
  const password = `pw-${runTag()}${runTag()}`;
  try {
    await insertUser(drizzle(sql, { schema }), { username, passwordHash: await hashPassword(password), roles: [role], opdCode: null });
  } finally {
    await sql.end();
  }
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`${role} login: ${res.status} ${await res.text()}`);
  const pair = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('pantau_session='))
    ?.split(';')[0];
  if (!pair) throw new Error(`${role} login set no session cookie`);
  return { name: 'pantau_session', value: pair.slice('pantau_session='.length) };
}
