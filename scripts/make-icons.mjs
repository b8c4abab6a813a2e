// Renders the app icons (public/icons/*.png) from the favicon's drawing with the system Chromium:
// 192 and 512 px for the web app manifest, and a maskable 512 px whose drawing keeps to the centre
// (the safe zone) on a full-bleed background. Run once after changing the drawing: node scripts/make-icons.mjs
import { mkdirSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { chromiumPath, quietFlags } from './chromium.mjs';

const drawing = '<circle cx="8" cy="22" r="3" fill="#38bdf8"/><circle cx="24" cy="10" r="3" fill="#f472b6"/><path d="M8 22 C 14 22, 18 10, 24 10" stroke="#fde68a" stroke-width="2" fill="none"/>';
const plain = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0b1020"/>${drawing}</svg>`;
// Maskable: square background, drawing scaled to 70% about the centre.
const maskable = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="#0b1020"/><g transform="translate(16 16) scale(0.7) translate(-16 -16)">${drawing}</g></svg>`;

mkdirSync('public/icons', { recursive: true });
const browser = await chromium.launch({ executablePath: chromiumPath, args: quietFlags });
for (const [name, svg, size] of [
  ['icon-192.png', plain, 192],
  ['icon-512.png', plain, 512],
  ['icon-maskable-512.png', maskable, 512],
]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body>`);
  await page.screenshot({ path: `public/icons/${name}`, omitBackground: true });
  await page.close();
}
await browser.close();
