// Passwords and random secrets. Passwords use argon2id (memory-hard, OWASP parameters); session
// cookies, display tokens and device secrets are 32 random bytes, so a plain SHA-256 is enough
// to store them (a slow hash adds nothing against 256 bits of entropy).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id` (a const enum, which isolated modules cannot import). */
const ARGON2ID = 2;
const ARGON2 = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

/** A real hash of a password nobody knows: unknown usernames cost the same time as known ones. */
let dummyHash: Promise<string> | null = null;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  const target = passwordHash ?? (await dummyHash);
  try {
    const ok = await verify(target, password);
    return ok && passwordHash !== null;
  } catch {
    return false;
  }
}

export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** `<prefix>_<43 base64url chars>`: 256 random bits. */
export function generateSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export const generateSessionToken = () => generateSecret('pss');
export const generateDisplayToken = () => generateSecret('pdt');
export const generateDeviceSecret = () => generateSecret('pdv');

/** Readable random password for the demo admin and `admin:create --generate`. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
