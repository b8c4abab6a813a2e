/**
 * The inspect readouts: the velocity under the pointer, and the last probe particle (where it was
 * dropped, when, and the model's velocity there). Re-renders only when the worker answers (a few
 * times a second at most), never per animation frame.
 */
import { useProbes } from '../state/probeStore';
import { useEdit } from '../state/editStore';

const num = (v: number, d = 2) => (Number.isFinite(v) ? v.toFixed(d).replace('-', '−') : '–');
const vec = (a: number, b: number, d = 2) => `(${num(a, d)}, ${num(b, d)})`;

/** Touch screens have no hover: there the probe is the way to read the field. */
const canHover = typeof matchMedia === 'undefined' || !matchMedia('(hover: none)').matches;
const hint = (inspecting: boolean): string =>
  canHover
    ? `Hover the stage to read the velocity there${inspecting ? '; click to drop a probe' : ''}.`
    : inspecting
      ? 'Tap the stage to drop a probe and read the velocity there.'
      : 'Choose ⊕ Probe, then tap the stage to read the velocity there.';

export function ProbePanel() {
  const hover = useProbes((s) => s.hover);
  const probe = useProbes((s) => (s.probes.length > 0 ? s.probes[s.probes.length - 1] : null));
  const count = useProbes((s) => s.probes.length);
  const clear = useProbes((s) => s.clearProbes);
  const inspecting = useEdit((s) => s.tool === 'inspect');
  return (
    <section className="inspect" aria-label="inspect">
      <p className="hover-velocity" data-testid="hover-velocity" data-x={hover?.x} data-y={hover?.y} data-t={hover?.t} data-u={hover?.u} data-v={hover?.v}>
        {hover ? (
          <>
            <span className="k">pointer</span> {vec(hover.x, hover.y)} <span className="k">t</span> {num(hover.t)} <span className="k">v</span>{' '}
            <b>{vec(hover.u, hover.v)}</b>
          </>
        ) : (
          <span className="k">{hint(inspecting)}</span>
        )}
      </p>
      {probe && (
        <div
          className="probe-readout"
          data-testid="probe-readout"
          data-x={probe.x}
          data-y={probe.y}
          data-t={probe.t}
          data-u={probe.velocity[0]}
          data-v={probe.velocity[1]}
        >
          <i className="dot probe" aria-hidden="true" />
          <span>
            <span className="k">probe</span> {vec(probe.x, probe.y)} <span className="k">at t</span> {num(probe.t)} <span className="k">v</span>{' '}
            <b>{vec(probe.velocity[0], probe.velocity[1])}</b>
            {count > 1 && <span className="k"> · {count} probes</span>}
          </span>
          <button type="button" data-testid="clear-probes" onClick={clear} title="Remove every probe from the stage">
            Clear
          </button>
        </div>
      )}
    </section>
  );
}
