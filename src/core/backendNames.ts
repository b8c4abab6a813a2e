/**
 * The tfjs backends by name, in the order the app prefers them (the fallback chain). Links, the
 * command line, the engine and the page all read this list.
 */
export const BACKEND_NAMES = ['webgpu', 'wasm', 'webgl', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
