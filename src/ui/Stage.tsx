/**
 * The stage: three canvas layers and d3 axes. React mounts it once; clouds, snapshots and the clock
 * reach the renderer through store subscriptions, so animation never re-renders React.
 */
import { useEffect, useRef, useState } from 'react';
import { axisBottom, axisLeft, select } from 'd3';
import { useScene } from '../state/sceneStore';
import { useTraining } from '../state/trainingStore';
import { useView } from '../state/viewStore';
import { clock } from '../state/clock';
import { StageRenderer, mountedStage } from '../view/stageRenderer';
import { stageGeometry, stageTicks } from '../view/stageGeometry';
import { installDebugHooks } from '../view/debugHooks';
import { bindLabLayers } from '../view/labLayers';
import { attachPointerTools, moveHandles } from '../view/pointerTools';
import { useEdit } from '../state/editStore';
import { CLASS_NAMES, COLORS, setPaletteTheme } from '../view/palette';
import { useLab } from '../state/labStore';
import { trueFieldPlan } from '../view/labLayers';
import { classCountOf } from '../core/cloudLabels';
import { densityBarGradient, lowestShownLogDensity, maxFinite } from '../view/densityScale';
import { useDisplay } from '../state/displayStore';
import { useLessons } from '../state/lessonStore';
import { bindTeachingLayer, createHoverReporter } from '../view/teachingLayer';
import { bindStepView } from '../view/stepView';
import { requestProbe } from '../state/session';
import { useProbes } from '../state/probeStore';
import { attachStageKeyboard } from '../view/stageKeyboard';

export function Stage() {
  const wrapRef = useRef<HTMLDivElement>(null);
  const cloudsRef = useRef<HTMLCanvasElement>(null);
  const trailsRef = useRef<HTMLCanvasElement>(null);
  const frameRef = useRef<HTMLCanvasElement>(null);
  const teachRef = useRef<HTMLCanvasElement>(null);
  const axesRef = useRef<SVGSVGElement>(null);
  const [size, setSize] = useState(0);
  const tool = useEdit((s) => s.tool);
  const presenter = useLessons((s) => s.presenter);
  const presenterFont = useDisplay((s) => s.presenterFont);
  // Presenter mode draws the stage's own text (ticks, stop labels) at the presenter type size.
  const textPx = presenter ? presenterFont : 0;
  const rendererRef = useRef<StageRenderer | null>(null);

  useEffect(() => {
    setPaletteTheme(useDisplay.getState().theme);
    const renderer = new StageRenderer({ clouds: cloudsRef.current!, trails: trailsRef.current!, frame: frameRef.current! });
    rendererRef.current = renderer;
    mountedStage.renderer = renderer;
    const scene = useScene.getState();
    renderer.setClouds(scene.source, scene.target, scene.sourceLabels, scene.targetLabels);
    renderer.setSnapshot(useTraining.getState().snapshot);
    renderer.setLayers(useView.getState().layers);
    const unsubs = [
      useScene.subscribe((s, p) => {
        if (s.source !== p.source || s.target !== p.target || s.sourceLabels !== p.sourceLabels || s.targetLabels !== p.targetLabels) {
          renderer.setClouds(s.source, s.target, s.sourceLabels, s.targetLabels);
          clock.invalidate();
        }
      }),
      useTraining.subscribe((s, p) => {
        if (s.snapshot !== p.snapshot) {
          renderer.setSnapshot(s.snapshot);
          clock.invalidate();
        }
      }),
      useView.subscribe((s, p) => {
        if (s.layers !== p.layers) {
          renderer.setLayers(s.layers);
          clock.invalidate();
        }
      }),
      useDisplay.subscribe((s, p) => {
        if (s.theme === p.theme) return;
        setPaletteTheme(s.theme);
        renderer.redraw();
        updateOverlay();
      }),
      clock.subscribe((t) => renderer.drawFrame(t)),
    ];
    const observer = new ResizeObserver((entries) => {
      const box = entries[0].contentRect;
      const next = Math.max(200, Math.floor(Math.min(box.width, box.height || box.width)));
      renderer.resize(next);
      setSize(next);
      clock.invalidate();
    });
    observer.observe(wrapRef.current!);
    const removeDebug = installDebugHooks(renderer);
    unsubs.push(bindLabLayers(renderer));
    unsubs.push(bindTeachingLayer(teachRef.current!, () => renderer.geometry));
    unsubs.push(bindStepView(renderer));
    const reportHover = createHoverReporter();
    let hover: [number, number] | null = null;
    /** The keyboard's probe cursor (data units), while the stage has focus. */
    let keyCursor: [number, number] | null = null;
    const updateOverlay = () => {
      const edit = useEdit.getState();
      const scene = useScene.getState();
      const color = edit.side === 'source' ? COLORS.source : COLORS.target;
      const brushy = edit.tool === 'brush' || edit.tool === 'erase';
      renderer.overlay.cursor = keyCursor
        ? { x: keyCursor[0], y: keyCursor[1], r: 0.2, color: COLORS.probe }
        : hover && brushy
          ? { x: hover[0], y: hover[1], r: edit.radius, color: edit.tool === 'erase' ? COLORS.erase : color }
          : null;
      // Handles only while the move tool is in use, and never on a hidden cloud: they would move
      // something the user cannot see.
      const shown = useView.getState().layers.clouds;
      const h = edit.tool === 'move' && edit.moveHandles && shown ? moveHandles(edit.side === 'source' ? scene.source : scene.target) : null;
      renderer.overlay.handles = h ? { ...h, color } : null;
      clock.invalidate();
    };
    updateOverlay();
    const detachPointer = attachPointerTools({
      element: frameRef.current!.parentElement!,
      geometry: () => renderer.geometry,
      onHover: (p) => {
        hover = p;
        updateOverlay();
        reportHover(p);
      },
      onInspect: (p) => requestProbe(p[0], p[1], clock.t),
    });
    const detachKeyboard = attachStageKeyboard({
      element: frameRef.current!.parentElement!,
      onCursor: (p) => {
        keyCursor = p;
        updateOverlay();
        // The velocity under the cursor reads out as under a hovering pointer.
        reportHover(p);
      },
      onDrop: (p) => requestProbe(p[0], p[1], clock.t),
      onClear: () => useProbes.getState().clearProbes(),
    });
    unsubs.push(
      detachKeyboard,
      useEdit.subscribe(updateOverlay),
      useScene.subscribe((s, p) => {
        if (s.source !== p.source || s.target !== p.target) updateOverlay();
      }),
      useView.subscribe((s, p) => {
        if (s.layers.clouds !== p.layers.clouds) updateOverlay();
      }),
      detachPointer,
    );
    clock.start();
    return () => {
      if (mountedStage.renderer === renderer) mountedStage.renderer = null;
      rendererRef.current = null;
      unsubs.forEach((u) => u());
      observer.disconnect();
      removeDebug();
    };
  }, []);

  useEffect(() => {
    const renderer = rendererRef.current;
    if (!renderer || renderer.textPx === textPx) return;
    renderer.textPx = textPx;
    if (size) renderer.resize(size);
    clock.invalidate();
  }, [textPx, size]);

  useEffect(() => {
    if (!size || !axesRef.current) return;
    const g = stageGeometry(size, textPx);
    const svg = select(axesRef.current);
    const ticks = stageTicks(size);
    svg.select<SVGGElement>('g.x').attr('transform', `translate(0,${size - g.margin})`).call(axisBottom(g.x).tickValues(ticks).tickSize(4));
    svg.select<SVGGElement>('g.y').attr('transform', `translate(${g.margin},0)`).call(axisLeft(g.y).tickValues(ticks).tickSize(4));
    svg.selectAll('text').style('font-size', () => (textPx ? `${textPx}px` : null));
  }, [size, textPx]);

  return (
    <div className="stage-wrap" ref={wrapRef}>
      <div
        className="stage"
        data-testid="stage"
        data-tool={tool}
        style={{ width: size || undefined, height: size || undefined }}
        tabIndex={0}
        role="group"
        aria-label="Stage: arrow keys move a probe cursor (Shift: bigger steps), Enter drops a probe there, Escape clears the probes"
        aria-keyshortcuts="ArrowLeft ArrowRight ArrowUp ArrowDown Enter Escape"
      >
        <canvas ref={cloudsRef} className="layer" aria-hidden="true" />
        <canvas ref={trailsRef} className="layer" aria-hidden="true" />
        <canvas ref={frameRef} className="layer" role="img" aria-label="Particles flowing from the source cloud to the target cloud" />
        <canvas ref={teachRef} className="layer" aria-hidden="true" data-testid="teaching-layer" />
        <svg ref={axesRef} className="layer axes" width={size} height={size} aria-hidden="true">
          <g className="x" />
          <g className="y" />
        </svg>
        <StageLegend />
      </div>
    </div>
  );
}

/**
 * Names what is on the stage: only the layers that are shown, the true field, and the density's colour
 * bar. A labelled cloud is drawn in its classes' colours, so its entry lists the class swatches.
 */
function StageLegend() {
  const clouds = useView((s) => s.layers.clouds);
  const particles = useView((s) => s.layers.particles);
  const trueField = useLab((s) => s.trueField);
  const sourceClasses = useScene((s) => classCountOf(s.sourceLabels));
  const targetClasses = useScene((s) => classCountOf(s.targetLabels));
  // Re-render when whatever decides the exact field changes.
  useScene((s) => `${s.sourceSpec}|${s.targetSpec}|${s.train.path}|${s.train.conditional}|${s.sample.sampleClass}|${s.sample.guidance}`);
  const exact = trueFieldPlan().spec !== null;
  const density = useLab((s) => (s.density ? s.densityResult : null));
  // Particles take their class's colour when the snapshot says which class each is.
  const byClass = useTraining((s) => s.snapshot?.classes != null);
  return (
    <div className="legend" aria-label="legend" data-testid="stage-legend">
      <div className="legend-row">
        {clouds && <CloudEntry side="source" label="source (t = 0)" classes={sourceClasses} />}
        {clouds && <CloudEntry side="target" label="target (t = 1)" classes={targetClasses} />}
        {particles && (
          <span>
            {/* Coloured by class, a particle takes the colour of its class's cloud, not the particle orange. */}
            {byClass ? 'particles by class colour' : (
              <>
                <i className="dot particle" /> particles
              </>
            )}
          </span>
        )}
        {trueField && exact && (
          <span data-testid="legend-true-field">
            <i className="true-arrow" aria-hidden="true">→</i> true field
          </span>
        )}
      </div>
      {density && <DensityBar logDensity={density.logDensity} t={density.t} />}
    </div>
  );
}

/** One cloud's legend entry: its dot, or the swatch of each class when the cloud carries labels. */
function CloudEntry({ side, label, classes }: { side: 'source' | 'target'; label: string; classes: number }) {
  if (classes === 0) {
    return (
      <span>
        <i className={`dot ${side}`} /> {label}
      </span>
    );
  }
  return (
    <span className="legend-classes" data-testid={`legend-${side}-classes`}>
      {label}:
      {CLASS_NAMES.slice(0, Math.min(classes, CLASS_NAMES.length)).map((name, k) => (
        <span key={name} className="legend-class" data-testid={`legend-${side}-class-${name}`}>
          <i className={`dot class-${k}`} />
          {name}
        </span>
      ))}
    </span>
  );
}

/** The heatmap's colour scale, labelled with the log densities at its ends. */
function DensityBar({ logDensity, t }: { logDensity: Float32Array; t: number }) {
  const max = maxFinite(logDensity);
  if (!Number.isFinite(max)) return null;
  const low = lowestShownLogDensity(max);
  return (
    <div className="legend-row density-bar" data-testid="density-colorbar" title={`The model's log density at t = ${t.toFixed(2)}; below ${low.toFixed(1)} it is nearly transparent`}>
      <span>log density</span>
      <span className="num" data-testid="density-low">≤ {low.toFixed(1)}</span>
      <i className="bar" style={{ background: densityBarGradient() }} />
      <span className="num" data-testid="density-high">{max.toFixed(1)}</span>
    </div>
  );
}
