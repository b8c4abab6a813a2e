/**
 * The tfjs backend of the command line in Node: wasm (SIMD, one thread: tfjs-wasm has no threads in
 * Node) by default, as the app uses in a browser without a GPU, or the CPU backend where wasm cannot
 * start. The .wasm files are read from the package's dist folder, or from FM_WASM_DIR.
 */
import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export const NODE_BACKENDS = ['wasm', 'cpu'] as const;
export type NodeBackend = (typeof NODE_BACKENDS)[number];

/** What started: the backend and, for wasm, whether it runs the SIMD build. */
export interface NodeBackendInfo {
  name: NodeBackend;
  simd: boolean;
  /** "wasm (SIMD)", "wasm", "cpu": for the progress line. */
  label: string;
}

/** The folder of tfjs-backend-wasm's .wasm files (its dist folder), with a trailing separator. */
export function wasmFolder(): string {
  const fromEnv = process.env.FM_WASM_DIR;
  if (fromEnv) return fromEnv.endsWith(sep) ? fromEnv : fromEnv + sep;
  // The package's Node entry lives in dist/, beside the .wasm files.
  return dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm')) + sep;
}

/** The first line worth showing of what the wasm loader printed while it failed. */
function reasonOf(printed: string[]): string | null {
  for (const text of printed) {
    const line = text.split('\n')[0].trim();
    const m = /^Aborted\((?:Error: )?(.*?)\)?$/.exec(line);
    if (m) return m[1];
  }
  return printed.length > 0 ? printed[0].split('\n')[0].trim() : null;
}

/**
 * Start a backend. Failure to start wasm throws one clear line that names the way out (--backend
 * cpu); the loader's own console output (several lines of Emscripten and tfjs warnings) is held back
 * and only its reason is kept.
 */
export async function startNodeBackend(name: NodeBackend): Promise<NodeBackendInfo> {
  if (name === 'cpu') {
    await tf.setBackend('cpu');
    // The CPU backend's first write prints a "use tfjs-node" banner on Node; the user chose the CPU backend.
    (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
    return { name, simd: false, label: 'cpu' };
  }
  const folder = wasmFolder();
  const printed: string[] = [];
  const saved = { log: console.log, warn: console.warn, error: console.error };
  const hold = (...args: unknown[]): void => {
    printed.push(args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : (a as { message?: string })?.message ?? String(a))).join(' '));
  };
  let ok = false;
  let thrown: unknown = null;
  console.log = console.warn = console.error = hold;
  try {
    setWasmPaths(folder);
    ok = await tf.setBackend('wasm');
  } catch (e) {
    thrown = e;
  } finally {
    Object.assign(console, saved);
  }
  if (!ok || thrown !== null || tf.getBackend() !== 'wasm') {
    const why = thrown instanceof Error ? thrown.message : (reasonOf(printed) ?? 'unknown reason');
    throw new Error(`the wasm backend could not start (${why}; its .wasm files are read from ${folder}): run again with --backend cpu (about 20x slower)`);
  }
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  return { name, simd, label: simd ? 'wasm (SIMD)' : 'wasm' };
}
