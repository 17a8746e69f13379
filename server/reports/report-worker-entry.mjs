// Entry of a report worker thread. The server runs TypeScript through tsx: a worker inherits
// `--import tsx` from `npm start`, but not inside vitest (or any host without it), so the loader
// is registered here before the TypeScript worker is imported. Registering twice is harmless.
import { register } from 'tsx/esm/api';

register();
await import('./report-worker.ts');
