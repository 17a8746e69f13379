// `npm run admin:create`: creates the first administrator (or any user), or resets a password.
// There is never a default password: it is typed (hidden), read from stdin or the environment,
// or generated and printed once.
//
//   npm run admin:create                                   # asks for username and password
//   npm run admin:create -- --username budi --generate-password
//   printf '%s' "$PW" | npm run admin:create -- --username budi --password-stdin
//   PANTAU_ADMIN_USERNAME=budi PANTAU_ADMIN_PASSWORD=... npm run admin:create
//   npm run admin:create -- --username budi --reset --generate-password   # forgotten password
//
// With the embedded database, stop `npm start` first (PGlite allows one process at a time).
import { parseArgs } from 'node:util';
import readline from 'node:readline';
import { count } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { seedDatabase } from '../../db/seed.ts';
import { configFromEnv } from '../config.ts';
import { openDatabase } from '../infra/database.ts';
import { createLogger } from '../infra/logger.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { findUserByUsername, insertUser, revokeUserSessions, updateUser, userView } from '../repositories/user-repository.ts';
import { passwordProblems, PASSWORD_MAX, USERNAME_PATTERN, normalizeUsername } from './account-rules.ts';
import { isRole, type Role } from './roles.ts';
import { generatePassword, hashPassword } from './secrets.ts';

const USAGE = `npm run admin:create -- [--username <name>] [--password-stdin | --generate-password]
                           [--display-name <text>] [--roles admin,operator] [--opd <OPD code>] [--reset]`;

async function ask(question: string, hidden: boolean): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  if (hidden) {
    // Echo nothing while the password is typed.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (s.startsWith(question)) process.stdout.write(question);
    };
  }
  const answer = await new Promise<string>((resolve) => rl.question(question, resolve));
  rl.close();
  if (hidden) process.stdout.write('\n');
  return answer;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function main() {
  const { values } = parseArgs({
    options: {
      username: { type: 'string' },
      'display-name': { type: 'string' },
      roles: { type: 'string' },
      opd: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      'generate-password': { type: 'boolean' },
      reset: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const interactive = process.stdin.isTTY === true;

  let username = values.username ?? process.env.PANTAU_ADMIN_USERNAME ?? '';
  if (!username && interactive) username = await ask('Nama pengguna (username): ', false);
  username = normalizeUsername(username);
  if (!USERNAME_PATTERN.test(username)) fail(`Username must be 2-64 characters: a-z, 0-9, '.', '_' or '-'.\n${USAGE}`);

  const roles = (values.roles ?? 'admin').split(',').map((r) => r.trim());
  if (!roles.length || !roles.every(isRole)) fail(`Roles must be among wall, pimpinan, teknisi, operator, admin.`);

  let password: string;
  let generated = false;
  if (values['generate-password']) {
    password = generatePassword();
    generated = true;
  } else if (values['password-stdin']) {
    password = await readStdin();
  } else if (process.env.PANTAU_ADMIN_PASSWORD) {
    password = process.env.PANTAU_ADMIN_PASSWORD;
  } else if (interactive) {
    password = await ask('Kata sandi (password): ', true);
    const again = await ask('Ulangi kata sandi (repeat): ', true);
    if (again !== password) fail('The passwords differ.');
  } else {
    fail(`No password given: use --password-stdin, --generate-password or PANTAU_ADMIN_PASSWORD (there is no default).\n${USAGE}`);
  }
  if (password.length > PASSWORD_MAX) fail(`Password longer than ${PASSWORD_MAX} characters.`);
  const problems = passwordProblems(password, username);
  if (problems.length) fail(`Password refused: ${problems.map((p) => p.en).join('; ')}.`);

  const config = configFromEnv();
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const database = await openDatabase(config.databaseUrl, config.dataDir, log);
  try {
    const db = database.db;
    const [{ n }] = await db.select({ n: count() }).from(t.opd);
    if (n === 0) await seedDatabase(db);
    if (values.opd && !(await db.query.opd.findFirst({ where: (o, { eq }) => eq(o.code, values.opd!) }))) fail(`Unknown OPD ${values.opd}.`);
    const passwordHash = await hashPassword(password);
    const existing = await findUserByUsername(db, username);
    if (existing && !values.reset) fail(`User ${username} exists. Use --reset to set a new password.`);
    if (!existing && values.reset) fail(`User ${username} does not exist.`);
    if (existing) {
      await db.transaction(async (tx) => {
        const after = await updateUser(tx, existing.id, { passwordHash, active: true });
        const ended = await revokeUserSessions(tx, existing.id, new Date(), 'account_changed');
        await recordAudit(tx, {
          actor: 'cli',
          action: 'user.password_reset',
          target: `user:${existing.id}`,
          before: userView(existing),
          after: { ...(after ? userView(after) : {}), sessionsEnded: ended.length },
        });
      });
      process.stdout.write(`Kata sandi ${username} diganti. (Password of ${username} reset.)\n`);
    } else {
      await db.transaction(async (tx) => {
        const row = await insertUser(tx, {
          username,
          displayName: values['display-name'] ?? null,
          passwordHash,
          roles: roles as Role[],
          opdCode: values.opd ?? null,
        });
        if (!row) fail(`User ${username} exists.`);
        await recordAudit(tx, { actor: 'cli', action: 'user.create', target: `user:${row.id}`, after: userView(row) });
      });
      process.stdout.write(`Pengguna ${username} dibuat dengan peran ${roles.join(', ')}. (User created.)\n`);
    }
    if (generated) process.stdout.write(`Kata sandi (password, shown once): ${password}\n`);
  } finally {
    await database.close();
  }
}

await main();
