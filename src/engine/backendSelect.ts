/**
 * Choose the tfjs backend in the browser: WebGPU on a real adapter, else wasm (SIMD, threads when
 * cross-origin isolated), else WebGL, else CPU. A software WebGPU adapter (SwiftShader) is ~20x
 * slower than wasm on this model, so it is skipped unless the user forces it.
 */
import * as tf from '@tensorflow/tfjs-core';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { BACKEND_NAMES, type BackendName, type BackendReport } from './backends';

/**
 * Each backend's code is fetched only when it is tried (a wasm machine never downloads WebGL or WebGPU).
 * The wasm backend sits in its own chunk, which the build leaves unminified: its threads start from
 * its factory's source text (see vite.config.ts).
 */
const loaders: Record<BackendName, () => Promise<unknown>> = {
  webgpu: () => import('@tensorflow/tfjs-backend-webgpu'),
  wasm: async () => {
    const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
    setWasmPaths({
      'tfjs-backend-wasm.wasm': wasmPlain,
      'tfjs-backend-wasm-simd.wasm': wasmSimd,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
    });
  },
  webgl: () => import('@tensorflow/tfjs-backend-webgl'),
  cpu: () => import('@tensorflow/tfjs-backend-cpu'),
};

async function loadBackend(name: BackendName): Promise<void> {
  if (tf.findBackendFactory(name)) return;
  await loaders[name]();
}

const AUTO_ORDER: readonly BackendName[] = BACKEND_NAMES;

interface GpuProbe {
  ok: boolean;
  software: boolean;
  description: string | null;
  reason: string | null;
}

interface AdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; description?: string };
}

async function probeWebGpu(): Promise<GpuProbe> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(o?: object): Promise<AdapterLike | null> } }).gpu;
  if (!gpu) return { ok: false, software: false, description: null, reason: 'this browser has no WebGPU' };
  let adapter: AdapterLike | null = null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    return { ok: false, software: false, description: null, reason: `WebGPU adapter request failed (${String(e)})` };
  }
  if (!adapter) return { ok: false, software: false, description: null, reason: 'no WebGPU adapter is available' };
  const info = adapter.info ?? {};
  const description = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unknown GPU';
  const software = adapter.isFallbackAdapter === true || /swiftshader/i.test(description);
  return { ok: true, software, description, reason: software ? `the WebGPU adapter is a software fallback (${description})` : null };
}

async function tryBackend(name: BackendName): Promise<string | null> {
  try {
    await loadBackend(name);
    const ok = await tf.setBackend(name);
    await tf.ready();
    if (!ok || tf.getBackend() !== name) return `${name} could not start`;
    return null;
  } catch (e) {
    return `${name} failed to start (${e instanceof Error ? e.message : String(e)})`;
  }
}

export async function wasmThreadsAvailable(): Promise<boolean> {
  try {
    return (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true;
  } catch {
    return false;
  }
}

/** Start the best backend (or the requested one) and say what happened. */
export async function selectBackend(requested: BackendName | null, exclude: BackendName[] = []): Promise<BackendReport> {
  const reasons: string[] = [];
  let adapter: string | null = null;
  const attempt = async (name: BackendName, forced: boolean): Promise<boolean> => {
    if (exclude.includes(name)) return false;
    if (name === 'webgpu') {
      const probe = await probeWebGpu();
      adapter = probe.description;
      if (!probe.ok) {
        reasons.push(probe.reason ?? 'WebGPU unavailable');
        return false;
      }
      if (probe.software && !forced) {
        reasons.push(`${probe.reason}; it is slower than wasm`);
        return false;
      }
    }
    const why = await tryBackend(name);
    if (why) reasons.push(why);
    return why === null;
  };

  let chosen: BackendName | null = null;
  if (requested && (await attempt(requested, true))) chosen = requested;
  if (!chosen) {
    for (const name of AUTO_ORDER) {
      if (name === requested) continue;
      if (await attempt(name, false)) {
        chosen = name;
        break;
      }
    }
  }
  if (!chosen) throw new Error(`no tfjs backend could start: ${reasons.join('; ')}`);
  const wasmThreads = chosen === 'wasm' ? await wasmThreadsAvailable() : false;
  let fallbackReason: string | null = null;
  if (requested && chosen !== requested) fallbackReason = `Asked for ${requested}, running on ${chosen}: ${reasons.join('; ')}.`;
  else if (!requested && chosen !== 'webgpu') fallbackReason = `Running on ${chosen}: ${reasons.join('; ')}.`;
  return { name: chosen, requested, fallbackReason, wasmThreads, adapter };
}
