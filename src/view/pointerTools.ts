/**
 * Pointer gestures on the stage (mouse, pen and touch alike, through pointer events): spray with
 * the brush, add single points, erase, and move / rotate / scale a whole cloud. A gesture edits the
 * clouds live and becomes one undo step when it ends.
 */
import { boundingBox, brushPoints, addPoints, erasePoints, translateCloud, rotateCloud, scaleCloud } from '../core/cloudEdits';
import { appendLabels, eraseLabels } from '../core/cloudLabels';
import { centroid } from '../core/points';
import { createRng } from '../core/rng';
import { useEdit } from '../state/editStore';
import { notify } from '../state/noticeStore';
import { useScene, type Side } from '../state/sceneStore';
import { useView } from '../state/viewStore';
import { toData, type StageGeometry } from './stageGeometry';
import { transformSpec } from '../core/presetTransform';

export type MoveMode = 'translate' | 'rotate' | 'scale';

/** Where the move tool's handles sit for a cloud, in data units. */
export interface MoveHandles {
  box: { minX: number; minY: number; maxX: number; maxY: number };
  /** Null for a cloud with no extent (a point mass): turning or scaling it changes nothing. */
  rotate: [number, number] | null;
  scale: [number, number] | null;
  pivot: [number, number];
}

export function moveHandles(cloud: Float32Array): MoveHandles | null {
  const b = boundingBox(cloud);
  if (!b) return null;
  const pad = 0.25;
  const box = { minX: b.minX - pad, minY: b.minY - pad, maxX: b.maxX + pad, maxY: b.maxY + pad };
  const [cx, cy] = centroid(cloud);
  if (Math.max(b.maxX - b.minX, b.maxY - b.minY) < 1e-6) return { box, rotate: null, scale: null, pivot: [cx, cy] };
  return { box, rotate: [(box.minX + box.maxX) / 2, box.maxY + 0.6], scale: [box.maxX, box.minY], pivot: [cx, cy] };
}

/** Distance from (x, y) to the nearest point of a cloud (Infinity when empty). */
function nearest(cloud: Float32Array, x: number, y: number): number {
  let best = Infinity;
  for (let i = 0; i < cloud.length; i += 2) {
    const d = (cloud[i] - x) ** 2 + (cloud[i + 1] - y) ** 2;
    if (d < best) best = d;
  }
  return Math.sqrt(best);
}

interface Gesture {
  tool: 'brush' | 'point' | 'erase' | 'move';
  side: Side;
  mode: MoveMode;
  start: [number, number];
  original: Float32Array;
  pivot: [number, number];
  lastDab: number;
  /** The cloud's preset when the gesture began (a moved Gaussian stays a Gaussian). */
  spec: string | null;
}

export interface PointerToolsOptions {
  element: HTMLElement;
  geometry: () => StageGeometry;
  /** The pointer moved over the stage (data units), or left it (null). */
  onHover(p: [number, number] | null, shift: boolean): void;
  /** A click with the inspect tool (data units). */
  onInspect(p: [number, number]): void;
}

const HANDLE_HIT = 0.35;

export function attachPointerTools(opts: PointerToolsOptions): () => void {
  const { element } = opts;
  const rng = createRng(Date.now() >>> 0);
  let gesture: Gesture | null = null;

  // Read once per gesture: the stage does not move under a stroke, and reading it on every move
  // forced a layout after each edit (the panels' counts change).
  let gestureRect: DOMRect | null = null;
  const dataAt = (e: PointerEvent | WheelEvent): [number, number] => {
    const r = gestureRect ?? element.getBoundingClientRect();
    return toData(opts.geometry(), e.clientX - r.left, e.clientY - r.top);
  };

  const cloudOf = (side: Side) => (side === 'source' ? useScene.getState().source : useScene.getState().target);
  const labelsOf = (side: Side) => (side === 'source' ? useScene.getState().sourceLabels : useScene.getState().targetLabels);
  /** The cloud with `pts` added in the brush's class (labels.ts; see cloudLabels.ts). */
  const add = (side: Side, cloud: Float32Array, pts: Float32Array) =>
    useScene.getState().editCloud(side, addPoints(cloud, pts), null, appendLabels(labelsOf(side), cloud.length >> 1, pts.length >> 1, useEdit.getState().brushClass));

  const dab = (g: Gesture, p: [number, number]) => {
    const { radius, density } = useEdit.getState();
    const scene = useScene.getState();
    const cloud = cloudOf(g.side);
    if (g.tool === 'brush') add(g.side, cloud, brushPoints(p[0], p[1], radius, density, rng));
    else if (g.tool === 'erase') {
      const next = erasePoints(cloud, p[0], p[1], radius);
      if (next.length !== cloud.length) scene.editCloud(g.side, next, null, eraseLabels(cloud, labelsOf(g.side), p[0], p[1], radius));
    }
  };

  const onDown = (e: PointerEvent) => {
    if (e.button !== 0 && e.pointerType === 'mouse') return;
    const edit = useEdit.getState();
    const p = dataAt(e);
    if (edit.tool === 'inspect') {
      opts.onInspect(p);
      return;
    }
    e.preventDefault();
    if (!useView.getState().layers.clouds) {
      notify('info', 'The clouds are hidden: turn the clouds layer on to see what you edit.', {
        label: 'Show clouds',
        run: () => useView.getState().toggleLayer('clouds'),
      });
      return;
    }
    try {
      element.setPointerCapture(e.pointerId);
    } catch {
      // Synthetic or already-released pointers cannot be captured; the gesture still works.
    }
    let side = edit.side;
    let mode: MoveMode = e.shiftKey ? 'rotate' : e.altKey ? 'scale' : 'translate';
    if (edit.tool === 'move') {
      edit.showMoveHandles(); // the tool is in use: its box and handles show from now on
      const h = moveHandles(cloudOf(side));
      const near = (q: [number, number]) => Math.hypot(q[0] - p[0], q[1] - p[1]) < HANDLE_HIT;
      if (h?.rotate && near(h.rotate)) mode = 'rotate';
      else if (h?.scale && near(h.scale)) mode = 'scale';
      else {
        // Grab whichever cloud is under the pointer, so a drag never moves the wrong one.
        const other: Side = side === 'source' ? 'target' : 'source';
        if (nearest(cloudOf(other), p[0], p[1]) < Math.min(0.5, nearest(cloudOf(side), p[0], p[1]))) {
          side = other;
          edit.setSide(other);
        }
      }
    }
    const original = cloudOf(side);
    const c = original.length > 0 ? centroid(original) : [0, 0];
    const spec = side === 'source' ? useScene.getState().sourceSpec : useScene.getState().targetSpec;
    gesture = { tool: edit.tool, side, mode, start: p, original, pivot: [c[0], c[1]], lastDab: 0, spec };
    gestureRect = element.getBoundingClientRect();
    if (edit.tool === 'point') {
      add(side, original, new Float32Array(p));
    } else if (edit.tool !== 'move') {
      gesture.lastDab = performance.now();
      dab(gesture, p);
    }
  };

  const onMove = (e: PointerEvent) => {
    const p = dataAt(e);
    opts.onHover(p, e.shiftKey);
    const g = gesture;
    if (!g) return;
    if (g.tool === 'brush' || g.tool === 'erase') {
      // One dab per frame at most, so fast mice do not flood the cloud.
      const now = performance.now();
      if (now - g.lastDab < 14) return;
      g.lastDab = now;
      dab(g, p);
    } else if (g.tool === 'move') {
      const scene = useScene.getState();
      const [px, py] = g.pivot;
      if (g.mode === 'translate') {
        const dx = p[0] - g.start[0];
        const dy = p[1] - g.start[1];
        scene.editCloud(g.side, translateCloud(g.original, dx, dy), transformSpec(g.spec, { kind: 'translate', dx, dy }));
      } else if (g.mode === 'rotate') {
        const angle = Math.atan2(p[1] - py, p[0] - px) - Math.atan2(g.start[1] - py, g.start[0] - px);
        scene.editCloud(g.side, rotateCloud(g.original, angle, px, py), transformSpec(g.spec, { kind: 'rotate', angle, cx: px, cy: py }));
      } else {
        const d0 = Math.hypot(g.start[0] - px, g.start[1] - py);
        const d1 = Math.hypot(p[0] - px, p[1] - py);
        const factor = Math.min(Math.max(d1 / Math.max(d0, 1e-3), 0.05), 20);
        scene.editCloud(g.side, scaleCloud(g.original, factor, px, py), transformSpec(g.spec, { kind: 'scale', factor, cx: px, cy: py }));
      }
    }
  };

  const onUp = (e: PointerEvent) => {
    if (!gesture) return;
    if (element.hasPointerCapture(e.pointerId)) element.releasePointerCapture(e.pointerId);
    if (e.type === 'pointerup' && gesture.tool !== 'move' && gesture.tool !== 'point') onMove(e);
    gesture = null;
    gestureRect = null;
    if (useScene.getState().editing) useScene.getState().commitEdit();
  };

  const onLeave = () => {
    if (!gesture) opts.onHover(null, false);
  };

  // Wheel with the move tool: scale the cloud (Shift: rotate), one undo step per wheel burst.
  let wheelTimer = 0;
  const onWheel = (e: WheelEvent) => {
    const edit = useEdit.getState();
    if (edit.tool !== 'move') return;
    const cloud = cloudOf(edit.side);
    if (cloud.length === 0) return;
    e.preventDefault();
    edit.showMoveHandles();
    const [cx, cy] = centroid(cloud);
    const scene = useScene.getState();
    const delta = Math.max(-1, Math.min(1, e.deltaY / 100));
    const spec = edit.side === 'source' ? scene.sourceSpec : scene.targetSpec;
    if (e.shiftKey) {
      const angle = -delta * 0.08;
      scene.editCloud(edit.side, rotateCloud(cloud, angle, cx, cy), transformSpec(spec, { kind: 'rotate', angle, cx, cy }));
    } else {
      const factor = Math.exp(-delta * 0.06);
      scene.editCloud(edit.side, scaleCloud(cloud, factor, cx, cy), transformSpec(spec, { kind: 'scale', factor, cx, cy }));
    }
    clearTimeout(wheelTimer);
    wheelTimer = window.setTimeout(() => useScene.getState().commitEdit(), 250);
  };

  element.addEventListener('pointerdown', onDown);
  element.addEventListener('pointermove', onMove);
  element.addEventListener('pointerup', onUp);
  element.addEventListener('pointercancel', onUp);
  element.addEventListener('pointerleave', onLeave);
  element.addEventListener('wheel', onWheel, { passive: false });
  return () => {
    element.removeEventListener('pointerdown', onDown);
    element.removeEventListener('pointermove', onMove);
    element.removeEventListener('pointerup', onUp);
    element.removeEventListener('pointercancel', onUp);
    element.removeEventListener('pointerleave', onLeave);
    element.removeEventListener('wheel', onWheel);
    clearTimeout(wheelTimer);
  };
}
