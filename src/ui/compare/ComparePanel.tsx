/**
 * One model's panel: header (colour, name, step, state, pause/resume), a canvas drawn by
 * CompareRenderer from store subscriptions and the clock (no React render per frame), and a caption
 * saying what t means for this model.
 */
import { useEffect, useRef } from 'react';
import { OBJECTIVE_COLORS, OBJECTIVE_LABELS, type Objective } from '../../core/objectives';
import { clock } from '../../state/clock';
import { useCompare } from '../../state/compareStore';
import { trainCompare } from '../../state/compareSession';
import { useDisplay } from '../../state/displayStore';
import { useScene } from '../../state/sceneStore';
import { CompareRenderer } from '../../view/compareRenderer';

/** What t is for this model, at this t (RealNVP: which coupling layers have been applied). */
export function timeCaption(objective: Objective, t: number, couplings: number): string {
  if (objective === 'realnvp') {
    const k = Math.round(t * couplings * 1000) / 1000;
    const whole = Number.isInteger(k);
    return whole
      ? `t = ${t.toFixed(2)}: after ${k} of ${couplings} couplings (invertible layers)`
      : `t = ${t.toFixed(2)}: between couplings ${Math.floor(k)} and ${Math.floor(k) + 1} of ${couplings}`;
  }
  return `t = ${t.toFixed(2)}: ODE time, from the source (0) to the target (1)`;
}

export function ComparePanel({ objective, blocked }: { objective: Objective; blocked: boolean }) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const captionRef = useRef<HTMLParagraphElement>(null);
  const step = useCompare((s) => s.models[objective]?.step ?? 0);
  const running = useCompare((s) => s.models[objective]?.running ?? false);
  const diverged = useCompare((s) => s.models[objective]?.diverged ?? null);
  const hasSnapshot = useCompare((s) => !!s.models[objective]?.snapshot);
  const scores = useCompare((s) => s.models[objective]?.heldOut.length ?? 0);
  const color = OBJECTIVE_COLORS[objective];
  const label = OBJECTIVE_LABELS[objective];

  useEffect(() => {
    const renderer = new CompareRenderer(canvasRef.current!, color);
    const panel = wrapRef.current!.closest<HTMLElement>('[data-testid^="compare-panel-"]');
    renderer.setSnapshot(useCompare.getState().models[objective]?.snapshot ?? null);
    renderer.setTarget(useScene.getState().target);
    renderer.setLayers(useCompare.getState().layers);
    let caption = '';
    const draw = (t: number) => {
      renderer.drawFrame(t);
      // Text only when it changes: the caption's t has two decimals.
      // RealNVP's snapshot has K + 1 frames: its K is the trained one even while the setting changes.
      const s = useCompare.getState();
      const frames = s.models[objective]?.snapshot?.frames;
      const next = timeCaption(objective, t, frames && frames > 1 ? frames - 1 : s.couplings);
      if (next !== caption && captionRef.current) {
        caption = next;
        captionRef.current.textContent = next;
      }
      if (panel) panel.dataset.particles = String(renderer.drawnParticles);
    };
    const unsubs = [
      useCompare.subscribe((s, p) => {
        const snap = s.models[objective]?.snapshot ?? null;
        if (snap !== (p.models[objective]?.snapshot ?? null)) {
          renderer.setSnapshot(snap);
          clock.invalidate();
        }
        if (s.layers !== p.layers) {
          renderer.setLayers(s.layers);
          clock.invalidate();
        }
        if (s.couplings !== p.couplings) clock.invalidate();
      }),
      useScene.subscribe((s, p) => {
        if (s.target !== p.target) {
          renderer.setTarget(s.target);
          clock.invalidate();
        }
      }),
      useDisplay.subscribe((s, p) => {
        if (s.theme !== p.theme) {
          renderer.redraw();
          clock.invalidate();
        }
      }),
      clock.subscribe(draw),
    ];
    const observer = new ResizeObserver((entries) => {
      const w = Math.floor(entries[0].contentRect.width);
      if (w < 40) return;
      renderer.resize(w);
      clock.invalidate();
    });
    observer.observe(wrapRef.current!);
    clock.start();
    return () => {
      unsubs.forEach((u) => u());
      observer.disconnect();
    };
  }, [objective, color]);

  const state = diverged ? 'diverged' : running ? 'training' : 'paused';
  return (
    <section className="card compare-panel" data-testid={`compare-panel-${objective}`} data-state={state} data-scores={scores} data-snapshot={hasSnapshot} aria-label={`${label} panel`}>
      <header className="compare-panel-head">
        <h2>
          <i className="model-dot" style={{ background: color }} aria-hidden="true" />
          {label}
        </h2>
        <div className="compare-panel-meta">
          <span>
            <span className="compare-step" data-testid={`compare-step-${objective}`}>
              {step.toLocaleString('en-US')}
            </span>{' '}
            steps
          </span>
          <span className={`compare-state ${state}`} data-testid={`compare-state-${objective}`}>
            {state}
          </span>
          <button
            type="button"
            className="ghost"
            data-testid={`compare-toggle-${objective}`}
            aria-pressed={running}
            disabled={!!diverged || (blocked && !running)}
            onClick={() => trainCompare(objective, !running)}
            aria-label={`${running ? 'Pause' : 'Train'} ${label}`}
          >
            {running ? '❚❚ Pause' : '▶ Train'}
          </button>
        </div>
      </header>
      {diverged && (
        <p className="compare-diverged" role="alert" data-testid={`compare-diverged-${objective}`}>
          Diverged: {diverged}. Restart to train it again; the other models go on.
        </p>
      )}
      <div className="compare-canvas-wrap" ref={wrapRef}>
        <canvas ref={canvasRef} data-testid={`compare-canvas-${objective}`} role="img" aria-label={`${label}: density, rubber sheet and particles at the current t`} />
        {!hasSnapshot && <p className="compare-empty">Train to see this model’s map.</p>}
      </div>
      <p className="compare-caption" ref={captionRef} data-testid={`compare-caption-${objective}`} />
    </section>
  );
}
