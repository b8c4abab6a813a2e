/**
 * Which built files the app's pages need: everything reachable from the given HTML pages by file
 * name (the build's hashed names are unique, so a name in a file's text is a reference to it: script
 * imports, worker URLs, the tfjs-backend-wasm .wasm files, CSS fonts). The offline precache lists
 * these and nothing else, so the benchmark page's code stays out of it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Files whose text can refer to other files. */
const TEXT = /\.(html|js|mjs|css)$/;

/**
 * Paths relative to `dist` (e.g. "assets/main-x.js") reachable from the entry pages, the pages included.
 * @param {string} dist
 * @param {readonly string[]} entries
 * @param {string} [assetsDir]
 * @returns {Set<string>}
 */
export function reachableAssets(dist, entries, assetsDir = 'assets') {
  const assets = readdirSync(join(dist, assetsDir)).map((name) => `${assetsDir}/${name}`);
  const seen = new Set(entries);
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop();
    if (!TEXT.test(file)) continue;
    const text = readFileSync(join(dist, file), 'utf8');
    for (const asset of assets) {
      if (seen.has(asset)) continue;
      if (text.includes(asset.slice(assetsDir.length + 1))) {
        seen.add(asset);
        queue.push(asset);
      }
    }
  }
  return seen;
}
