// The one-command demo stays one command: on a fresh embedded setup `npm start` creates an
// administrator with a random password and a display token for the wall, and prints both with
// a ready wall URL. They are kept in the data directory (mode 600, next to the embedded database
// they unlock), so every later start prints them again. Never with DATABASE_URL: a real
// deployment creates its first admin with `npm run admin:create`.
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../infra/database.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { countUsers, insertUser, userView } from '../repositories/user-repository.ts';
import { generateDisplayToken, generatePassword, hashPassword } from './secrets.ts';

export interface DemoCredentials {
  adminUsername: string;
  adminPassword: string;
}

const WALL_TOKEN_FILE = 'demo-wall-token';
const ADMIN_FILE = 'demo-admin.json';

function writeSecret(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

/** The demo display token (created once), registered at start like PANTAU_DEMO_WALL_TOKEN. */
export function demoWallToken(dataDir: string): string {
  const file = path.join(dataDir, WALL_TOKEN_FILE);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const token = generateDisplayToken();
  writeSecret(file, token);
  return token;
}

/**
 * Creates the demo admin when the database has no user at all; returns the credentials kept in
 * the data directory (also when created at an earlier start), or null when there are none.
 */
export async function ensureDemoAdmin(db: Database, dataDir: string): Promise<{ credentials: DemoCredentials; createdNow: boolean } | null> {
  const file = path.join(dataDir, ADMIN_FILE);
  if ((await countUsers(db)) === 0) {
    const credentials: DemoCredentials = { adminUsername: 'admin', adminPassword: generatePassword() };
    await db.transaction(async (tx) => {
      const row = await insertUser(tx, { username: credentials.adminUsername, displayName: 'Admin demo', passwordHash: await hashPassword(credentials.adminPassword), roles: ['admin'] });
      if (row) await recordAudit(tx, { actor: 'system', action: 'user.create', target: `user:${row.id}`, after: { ...userView(row), demo: true } });
    });
    writeSecret(file, JSON.stringify(credentials));
    return { credentials, createdNow: true };
  }
  if (!fs.existsSync(file)) return null;
  try {
    return { credentials: JSON.parse(fs.readFileSync(file, 'utf8')) as DemoCredentials, createdNow: false };
  } catch {
    return null;
  }
}
