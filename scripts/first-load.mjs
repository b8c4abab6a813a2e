/**
 * The bench's first-load figures: the bytes of JS the app's first load fetches (scripts/load-size.mjs
 * on dist/) and the time from navigation until Train is enabled and the backend badge names a backend,
 * the median of `loads` cold loads (a fresh browser context each: empty cache).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export function firstLoadBytes() {
  const script = fileURLToPath(new URL('./load-size.mjs', import.meta.url));
  const out = spawnSync(process.execPath, [script, 'dist', '--json'], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`load-size.mjs failed: ${out.stderr}`);
  const r = JSON.parse(out.stdout);
  return [
    { metric: 'first_load_js', backend: 'browser', workload: 'page + worker, gzip (raw)', value: r.total.gzip / 1000, unit: 'kB gzip', raw: r.total.raw, files: r.firstLoad },
    { metric: 'first_load_js_wasm', backend: 'wasm', workload: 'page + worker + wasm backend, gzip', value: r.totalOnWasm.gzip / 1000, unit: 'kB gzip', raw: r.totalOnWasm.raw },
  ];
}

export async function timeToInteractive(browser, base, loads = 3) {
  const times = [];
  let backend = '';
  for (let i = 0; i < loads; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await ctx.newPage();
      page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
      await page.goto(`${base}/`);
      // performance.now() counts from the navigation's start.
      const handle = await page.waitForFunction(
        () => {
          const badge = document.querySelector('[data-testid=backend]');
          const train = document.querySelector('[data-testid=train-toggle]');
          return badge?.getAttribute('data-backend') && train && !train.disabled ? [performance.now(), badge.getAttribute('data-backend')] : false;
        },
        undefined,
        { timeout: 120_000, polling: 20 },
      );
      const [ms, name] = await handle.jsonValue();
      times.push(ms);
      backend = name;
    } finally {
      await ctx.close();
    }
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { metric: 'time_to_interactive', backend, workload: `/ until Train is enabled and the badge names a backend, median of ${loads} cold loads`, value: sorted[Math.floor(sorted.length / 2)], unit: 'ms', samples: times };
}
