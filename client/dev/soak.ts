// A quick soak of /wall against the fake server at a high event rate: samples the JS heap
// (after a forced GC) and the main thread's busy share, to catch memory growth and render cost.
// Not a bench: the real bar is `npm run bench` against the real server.
//
//   npx tsx client/dev/soak.ts [--minutes 3] [--rate 30] [--url http://127.0.0.1:8080/wall]
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { startFakeLiveServer } from './fake-live-server.ts';
import { CHROMIUM_ARGS } from './screenshot.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const minutes = Number(arg('minutes') ?? 3);
  const rate = Number(arg('rate') ?? 30);
  const server = arg('url') ? null : await startFakeLiveServer({ rate, seed: 3 });
  const url = arg('url') ?? `${server!.url}/wall`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? process.env.PANTAU_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  page.on('pageerror', (e) => console.log(`pageerror ${e.message}`));
  await page.goto(url);
  await page.waitForSelector('[data-testid="connection"][data-state="live"]', { timeout: 30_000 });
  // Experiments: --no-anim stops CSS animations, --hide <testid> hides a panel.
  if (process.argv.includes('--no-anim')) await page.addStyleTag({ content: '*, *::before, *::after { animation: none !important; transition: none !important; }' });
  for (const id of (arg('hide') ?? '').split(',').filter(Boolean)) await page.addStyleTag({ content: `[data-testid="${id}"] { display: none !important; }` });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const sample = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
    return { t: Date.now(), heapMb: m.JSHeapUsedSize / 1e6, task: m.TaskDuration, nodes: m.Nodes, listeners: m.JSEventListeners };
  };
  let prev = await sample();
  const first = prev;
  console.log(`soak: ${minutes} min at ${rate} complaints/s (fake feed), sampling every 15 s`);
  const end = Date.now() + minutes * 60_000;
  while (Date.now() < end) {
    await page.waitForTimeout(15_000);
    const s = await sample();
    const busy = ((s.task - prev.task) / ((s.t - prev.t) / 1000)) * 100;
    console.log(`${((s.t - first.t) / 1000).toFixed(0).padStart(4)} s  heap ${s.heapMb.toFixed(1)} MB  nodes ${s.nodes}  listeners ${s.listeners}  main thread busy ${busy.toFixed(1)}%`);
    prev = s;
  }
  if (process.argv.includes('--profile')) {
    // Where the main thread's time goes: self time by function, top 25.
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
    await page.waitForTimeout(20_000);
    const { profile } = await cdp.send('Profiler.stop');
    const self = new Map<string, number>();
    const dt = profile.timeDeltas ?? [];
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    (profile.samples ?? []).forEach((id, i) => {
      const n = byId.get(id)!;
      const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
      self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0));
    });
    const total = [...self.values()].reduce((a, b) => a + b, 0);
    for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
  }
  const seq = await page.evaluate(() => document.querySelector('[data-testid="kpi-complaints-today"]')?.getAttribute('data-value'));
  console.log(`complaints today on the wall: ${seq}; heap change ${(prev.heapMb - first.heapMb).toFixed(1)} MB`);
  await browser.close();
  await server?.close();
}
