/** Which tfjs backend trains the model, and why when it is not WebGPU. */
import { useTraining } from '../state/trainingStore';

export function BackendBadge() {
  const backend = useTraining((s) => s.backend);
  const label = backend
    ? `${backend.name}${backend.name === 'wasm' ? (backend.wasmThreads ? ' · threads' : ' · 1 thread') : ''}${backend.requested === backend.name ? ' (forced)' : ''}`
    : 'starting…';
  // A host without the isolation headers (GitHub Pages, an iframe) runs wasm on one thread: say why.
  const oneThread =
    backend?.name === 'wasm' && !backend.wasmThreads && !globalThis.crossOriginIsolated
      ? 'One thread: this page is not cross-origin isolated (the host sends no COOP/COEP headers), so wasm cannot use threads.'
      : null;
  const title = backend ? [backend.adapter && `GPU: ${backend.adapter}`, backend.fallbackReason, oneThread].filter(Boolean).join('\n') : 'Choosing a backend';
  return (
    <span className={`badge backend-${backend?.name ?? 'none'}`} data-testid="backend" data-backend={backend?.name ?? ''} title={title || undefined}>
      {label}
    </span>
  );
}
