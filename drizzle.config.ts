import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes SQL migrations from db/schema.ts into db/migrations. The server
// applies them at start-up (embedded PGlite or DATABASE_URL), so there is no separate migrate step.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './db/migrations',
});
