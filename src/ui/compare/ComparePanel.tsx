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
import { timeCaption } from './timeCaption';

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
    // The caption and the test attribute change only when t's two decimals or the counts do: no string per frame otherwise.
    let captionKey = -1;
    let drawn = -1;
    const draw = (t: number) => {
      renderer.drawFrame(t);
      // RealNVP's snapshot has K + 1 frames: its K is the trained one even while the setting changes.
      const s = useCompare.getState();
      const frames = s.models[objective]?.snapshot?.frames;
      const k = frames && frames > 1 ? frames - 1 : s.couplings;
      // Which coupling (whole, or between two) as timeCaption rounds it; 0 for the ODE models.
      const kk = Math.round(t * k * 1000) / 1000;
      const seg = objective === 'realnvp' ? (Number.isInteger(kk) ? 2 * kk : 2 * Math.floor(kk) + 1) : 0;
      const key = Math.round(t * 100) * 10000 + k * 100 + seg;
      if (key !== captionKey && captionRef.current) {
        captionKey = key;
        captionRef.current.textContent = timeCaption(objective, t, k);
      }
      if (panel && renderer.drawnParticles !== drawn) {
        drawn = renderer.drawnParticles;
        panel.dataset.particles = String(drawn);
      }
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
      // The square fits the box: its width, or less where the box's height is capped.
      const box = entries[0].contentRect;
      const side = Math.floor(Math.min(box.width, box.height || box.width));
      if (side < 40) return;
      renderer.resize(side);
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
      <div className="compare-canvas-wrap" ref={wrapRef}>
        {/* Over the picture, so the panels stay aligned. */}
        {diverged && (
          <p className="compare-diverged" role="alert" data-testid={`compare-diverged-${objective}`}>
            Diverged: {diverged.replace(/\.$/, '')}. Restart to train it again; the other models go on.
          </p>
        )}
        <canvas ref={canvasRef} data-testid={`compare-canvas-${objective}`} role="img" aria-label={`${label}: density, rubber sheet and particles at the current t`} />
        {!hasSnapshot && (
          <p className="compare-empty">
            {/* A loaded model is drawn within a second or two; a fresh one once it trains. */}
            <span className="empty-note">{step > 0 ? 'Drawing the trained model…' : 'Its picture appears as it trains.'}</span>
          </p>
        )}
      </div>
      <p className="compare-caption" ref={captionRef} data-testid={`compare-caption-${objective}`} />
    </section>
  );
}
