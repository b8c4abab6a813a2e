import { chromium } from '@playwright/test';
import { chromiumPath, quietFlags } from './chromium.mjs';
const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--enable-unsafe-webgpu', ...quietFlags] });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.goto('http://127.0.0.1:4300/?particles=2000');
await page.waitForFunction(() => document.querySelector('[data-testid=backend]')?.textContent?.match(/wasm|webgl|cpu|webgpu/));
await page.getByTestId('edit-target').click();
await page.getByTestId('tool-brush').click();
await page.getByTestId('brush-density').fill('60');
await page.getByTestId('brush-size').fill('2.5');
const box = await page.getByTestId('stage').boundingBox();
const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
await page.mouse.move(cx - 150, cy);
await page.mouse.down();
for (let round = 0; round < 8; round++) {
  const t0 = Date.now();
  let maxm = 0;
  for (let i = 0; i < 60; i++) {
    const m0 = Date.now();
    await page.mouse.move(cx - 150 + ((i * 37) % 300), cy + ((i * 53) % 200) - 100);
    maxm = Math.max(maxm, Date.now() - m0);
    await page.waitForTimeout(16);
  }
  console.log('round', round, 'ms', Date.now() - t0, 'max move', maxm, await page.getByTestId('count-target').textContent().catch(() => '?'));
}
await page.mouse.up();
await browser.close();
