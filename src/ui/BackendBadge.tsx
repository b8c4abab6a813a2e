/** Which tfjs backend trains the model, and why when it is not WebGPU. */
import { useTraining } from '../state/trainingStore';

export function BackendBadge() {
  const backend = useTraining((s) => s.backend);
  const label = backend
    ? `${backend.name}${backend.name === 'wasm' ? (backend.wasmThreads ? ' · threads' : ' · 1 thread') : ''}${backend.requested === backend.name ? ' (forced)' : ''}`
    : 'starting…';
  const title = backend ? [backend.adapter && `GPU: ${backend.adapter}`, backend.fallbackReason].filter(Boolean).join('\n') : 'Choosing a backend';
  return (
    <span className={`badge backend-${backend?.name ?? 'none'}`} data-testid="backend" data-backend={backend?.name ?? ''} title={title || undefined}>
      {label}
    </span>
  );
}
