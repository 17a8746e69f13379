// Screenshots of a page at the wall's two sizes, and a list of any request that left the
// page's own origin (the wall must need no other host).
//
//   npx tsx client/dev/screenshot.ts [url] [--name wall] [--wait 4000] [--sizes 1920x1080,3840x2160] [--panels]
//
// PNGs go to test-results/screenshots/<name>-<w>x<h>.png; with --panels also one per wall panel
// (<name>-<w>x<h>-<panel>.png, at full resolution) to look at details.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--enable-unsafe-swiftshader'];

export async function screenshot(url: string, options: { name?: string; waitMs?: number; sizes?: [number, number][]; outDir?: string; panels?: boolean } = {}) {
  const outDir = options.outDir ?? fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
  mkdirSync(outDir, { recursive: true });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? process.env.PANTAU_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const origin = new URL(url).origin;
  const foreign: string[] = [];
  const files: string[] = [];
  try {
    for (const [width, height] of options.sizes ?? [
      [1920, 1080],
      [3840, 2160],
    ]) {
      const page = await browser.newPage({ viewport: { width, height } });
      page.on('request', (r) => {
        const u = r.url();
        if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u);
      });
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') console.log(`[${width}x${height} console.${m.type()}] ${m.text()}`);
      });
      page.on('pageerror', (e) => console.log(`[${width}x${height} pageerror] ${e.message}`));
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForTimeout(options.waitMs ?? 4000);
      const overflow = await page.evaluate(() => ({
        scrollW: document.documentElement.scrollWidth,
        scrollH: document.documentElement.scrollHeight,
        w: innerWidth,
        h: innerHeight,
      }));
      if (overflow.scrollW > overflow.w || overflow.scrollH > overflow.h) console.log(`[${width}x${height}] OVERFLOW`, overflow);
      const file = `${outDir}${options.name ?? 'wall'}-${width}x${height}.png`;
      await page.screenshot({ path: file });
      files.push(file);
      if (options.panels) {
        for (const id of ['map', 'opd-gauges', 'alerts', 'ticker']) {
          const panel = page.locator(`[data-testid="${id}"]`);
          if (!(await panel.count())) continue;
          const panelFile = `${outDir}${options.name ?? 'wall'}-${width}x${height}-${id}.png`;
          await panel.screenshot({ path: panelFile });
          files.push(panelFile);
        }
      }
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return { files, foreign };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const url = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 'http://127.0.0.1:8080/wall';
  const sizes = arg('sizes')
    ?.split(',')
    .map((s) => s.split('x').map(Number) as [number, number]);
  const { files, foreign } = await screenshot(url, { name: arg('name'), waitMs: Number(arg('wait') ?? 4000), sizes, panels: process.argv.includes('--panels') });
  for (const f of files) console.log(`saved ${f}`);
  if (foreign.length) {
    console.log(`REQUESTS TO OTHER HOSTS (${foreign.length}):`);
    for (const u of new Set(foreign)) console.log(`  ${u}`);
    process.exitCode = 1;
  } else console.log('no requests to other hosts');
}
