#!/usr/bin/env node
/**
 * npm run scenes: regenerate the pretrained lesson scenes in public/scenes/ with the command line
 * (src/cli/fm.ts, tfjs wasm backend in Node), and their index public/scenes/index.json.
 * Small networks (width <= 64) and modest step counts keep it to a few minutes and each file < 1 MB.
 *
 *   npm run scenes                 # all of them
 *   npm run scenes -- moons        # only the scenes whose file name contains "moons"
 */
import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'public', 'scenes');

/** file, title, what it teaches, and the fm train options. */
export const SCENES = [
  {
    file: 'gaussian-to-moons.json',
    title: 'Gaussian → two moons',
    about: 'The classic: a standard normal flows onto two interleaved moons.',
    args: ['--source', 'gaussian', '--target', 'moons', '--steps', '6000', '--width', '64', '--batch', '256', '--lr', '0.002'],
  },
  {
    file: 'eight-gaussians-to-moons-ot.json',
    title: 'Eight Gaussians → moons (minibatch OT)',
    about: 'Optimal-transport pairs inside each batch give straighter, less tangled paths.',
    args: ['--source', 'eight-gaussians', '--target', 'moons', '--coupling', 'ot', '--steps', '6000', '--width', '64', '--batch', '256', '--lr', '0.002'],
  },
  {
    file: 'point-masses.json',
    title: 'Point mass (0, −5) → (5, 0)',
    about: 'The worked example: every point moves with the constant velocity (5, 5).',
    args: ['--source', 'gaussian:0,-5,0', '--target', 'gaussian:5,0,0', '--steps', '800', '--width', '32', '--batch', '128', '--lr', '0.002'],
  },
  {
    file: 'gaussian-to-checkerboard.json',
    title: 'Gaussian → checkerboard',
    about: 'Sharp edges: the field must split the mass into eight squares.',
    args: ['--source', 'gaussian', '--target', 'checkerboard', '--steps', '6000', '--width', '64', '--batch', '256', '--lr', '0.002'],
  },
  {
    file: 'gaussian-to-moons-race.json',
    title: 'Flow matching vs CNF vs RealNVP (20 s each)',
    about: 'The same moons learned three ways, each for 20 s of training, with the race of their held-out likelihoods.',
    // Not the fm command: the compare view's own loop (scripts/race-scene.ts), 20 s of training per model.
    script: ['scripts/race-scene.mjs', '--seconds', '20', '--seed', '1'],
  },
];

const only = process.argv[2];
for (const s of SCENES) {
  if (only && !s.file.includes(only)) continue;
  const path = join(out, s.file);
  const t0 = Date.now();
<<<<<<< HEAD
  const r = s.script
    ? spawnSync(process.execPath, [...s.script, '--out', path], { cwd: root, stdio: 'inherit' })
    : spawnSync('npx', ['tsx', 'src/cli/fm.ts', 'train', ...s.args, '--seed', '1', '--quiet', '--out', path], { cwd: root, stdio: 'inherit' });
=======
  const r = spawnSync(process.execPath, ['scripts/fm.mjs', 'train', ...s.args, '--seed', '1', '--quiet', '--out', path], { cwd: root, stdio: 'inherit' });
>>>>>>> wt6-flowcli
  if (r.status !== 0) {
    console.error(`scenes: ${s.file} failed (status ${r.status})`);
    process.exit(1);
  }
  const size = statSync(path).size;
  console.log(`scenes: ${s.file} ${(size / 1024).toFixed(0)} KB in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  if (size > 1_000_000) {
    console.error(`scenes: ${s.file} is over 1 MB`);
    process.exit(1);
  }
}
const index = { version: 1, scenes: SCENES.map(({ file, title, about }) => ({ file, title, about })) };
writeFileSync(join(out, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
console.log('scenes: wrote public/scenes/index.json');
