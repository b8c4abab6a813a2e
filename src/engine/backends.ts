/**
 * The tfjs backends the app can run on and the report of which one runs (engine facts: the worker's
 * protocol re-exports them for the page).
 */
import type { BackendName } from '../core/backendNames';

export { BACKEND_NAMES, type BackendName } from '../core/backendNames';

export interface BackendReport {
  /** The backend tfjs runs on. */
  name: BackendName;
  /** What the URL asked for, if anything. */
  requested: BackendName | null;
  /** Why a better or the requested backend was not used (shown to the user). */
  fallbackReason: string | null;
  /** wasm: threads in use (cross-origin isolated) and SIMD. */
  wasmThreads: boolean;
  /** WebGPU adapter description, when WebGPU was probed. */
  adapter: string | null;
}
