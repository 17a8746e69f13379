// Builds the wall (Vite) when dist/client is missing or older than the client's sources, so
// `npm start` and the browser tests always serve what the code says.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../config.ts';

function newestMtime(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Returns true when it built. */
export async function buildClientIfNeeded(clientDir: string, onBuild?: () => void): Promise<boolean> {
  const index = path.join(clientDir, 'index.html');
  const builtAt = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  const sources = [path.join(repoRoot, 'client'), path.join(repoRoot, 'shared'), path.join(repoRoot, 'vite.config.ts')];
  const newest = Math.max(...sources.map((s) => (fs.existsSync(s) && fs.statSync(s).isFile() ? fs.statSync(s).mtimeMs : newestMtime(s))));
  if (builtAt >= newest) return false;
  onBuild?.();
  const { build } = await import('vite');
  await build({ configFile: path.join(repoRoot, 'vite.config.ts'), logLevel: 'warn' });
  return true;
}
