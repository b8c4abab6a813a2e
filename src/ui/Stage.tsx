/**
 * The stage: three canvas layers and d3 axes. React mounts it once; clouds, snapshots and the clock
 * reach the renderer through store subscriptions, so animation never re-renders React.
 */
import { useEffect, useRef, useState } from 'react';
import { axisBottom, axisLeft, select } from 'd3';
import { useScene } from '../state/sceneStore';
import { useTraining } from '../state/trainingStore';
import { useView } from '../state/viewStore';
import { clock } from '../view/clock';
import { StageRenderer } from '../view/stageRenderer';
import { stageGeometry } from '../view/stageGeometry';
import { installDebugHooks } from '../view/debugHooks';
import { bindLabLayers } from '../view/labLayers';
import { attachPointerTools, moveHandles } from '../view/pointerTools';
import { useEdit } from '../state/editStore';
import { COLORS } from '../view/palette';
import { bindTeachingLayer, createHoverReporter } from '../view/teachingLayer';
import { requestProbe } from '../state/session';

export function Stage() {
  const wrapRef = useRef<HTMLDivElement>(null);
  const cloudsRef = useRef<HTMLCanvasElement>(null);
  const trailsRef = useRef<HTMLCanvasElement>(null);
  const frameRef = useRef<HTMLCanvasElement>(null);
  const teachRef = useRef<HTMLCanvasElement>(null);
  const axesRef = useRef<SVGSVGElement>(null);
  const [size, setSize] = useState(0);
  const tool = useEdit((s) => s.tool);

  useEffect(() => {
    const renderer = new StageRenderer({ clouds: cloudsRef.current!, trails: trailsRef.current!, frame: frameRef.current! });
    const scene = useScene.getState();
    renderer.setClouds(scene.source, scene.target);
    renderer.setSnapshot(useTraining.getState().snapshot);
    renderer.setLayers(useView.getState().layers);
    const unsubs = [
      useScene.subscribe((s, p) => {
        if (s.source !== p.source || s.target !== p.target) {
          renderer.setClouds(s.source, s.target);
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
    const reportHover = createHoverReporter();
    let hover: [number, number] | null = null;
    const updateOverlay = () => {
      const edit = useEdit.getState();
      const scene = useScene.getState();
      const color = edit.side === 'source' ? COLORS.source : COLORS.target;
      const brushy = edit.tool === 'brush' || edit.tool === 'erase';
      renderer.overlay.cursor = hover && brushy ? { x: hover[0], y: hover[1], r: edit.radius, color: edit.tool === 'erase' ? '#f87171' : color } : null;
      // No handles on a hidden cloud: they would move something the user cannot see.
      const shown = useView.getState().layers.clouds;
      const h = edit.tool === 'move' && shown ? moveHandles(edit.side === 'source' ? scene.source : scene.target) : null;
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
    unsubs.push(
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
      unsubs.forEach((u) => u());
      observer.disconnect();
      removeDebug();
    };
  }, []);

  useEffect(() => {
    if (!size || !axesRef.current) return;
    const g = stageGeometry(size);
    const svg = select(axesRef.current);
    const ticks = size < 360 ? [-6, -3, 0, 3, 6] : [-6, -4, -2, 0, 2, 4, 6];
    svg.select<SVGGElement>('g.x').attr('transform', `translate(0,${size - g.margin})`).call(axisBottom(g.x).tickValues(ticks).tickSize(4));
    svg.select<SVGGElement>('g.y').attr('transform', `translate(${g.margin},0)`).call(axisLeft(g.y).tickValues(ticks).tickSize(4));
  }, [size]);

  return (
    <div className="stage-wrap" ref={wrapRef}>
      <div className="stage" data-testid="stage" data-tool={tool} style={{ width: size || undefined, height: size || undefined }}>
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

/** Names what is on the stage: only the layers that are shown. */
function StageLegend() {
  const clouds = useView((s) => s.layers.clouds);
  const particles = useView((s) => s.layers.particles);
  return (
    <div className="legend" aria-label="legend">
      {clouds && <span><i className="dot source" /> source (t = 0)</span>}
      {clouds && <span><i className="dot target" /> target (t = 1)</span>}
      {particles && <span><i className="dot particle" /> particles</span>}
    </div>
  );
}
