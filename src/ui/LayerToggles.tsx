/** Show or hide each stage layer. */
import { useView, type Layers } from '../state/viewStore';

const NAMES: Record<keyof Layers, string> = { clouds: 'clouds', particles: 'particles', trails: 'trails', field: 'field', pairs: 'pairs' };

export function LayerToggles() {
  const layers = useView((s) => s.layers);
  const toggle = useView((s) => s.toggleLayer);
  return (
    <div className="layer-toggles" role="group" aria-label="layers">
      {(Object.keys(NAMES) as (keyof Layers)[]).map((k) => (
        <label key={k} className="chip">
          <input type="checkbox" checked={!!layers[k]} onChange={() => toggle(k)} data-testid={`layer-${k}`} />
          {NAMES[k]}
        </label>
      ))}
    </div>
  );
}
