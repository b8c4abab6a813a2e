/**
 * Pure editing operations behind the drawing tools. Every operation returns a new cloud and never
 * touches its input, so old clouds can sit in the undo history by reference, without copies.
 */
import { pointCount, type Points } from './points';
import type { Rng } from './rng';

function requireCloud(cloud: Points): void {
  if (cloud.length % 2 !== 0) throw new Error(`a cloud holds x,y pairs, got ${cloud.length} numbers`);
}

function requireFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new Error(`${name} must be a finite number, got ${value}`);
}

function requireDisc(cx: number, cy: number, radius: number): void {
  requireFinite('disc centre x', cx);
  requireFinite('disc centre y', cy);
  requireFinite('disc radius', radius);
  // A negative radius would square to a positive one and silently act on points.
  if (radius < 0) throw new Error(`disc radius must be >= 0, got ${radius}`);
}

/** Spray `count` points uniformly over the disc of `radius` around (cx, cy): the brush tool. */
export function brushPoints(cx: number, cy: number, radius: number, count: number, rng: Pick<Rng, 'uniform'>): Points {
  requireDisc(cx, cy, radius);
  const n = Math.max(0, Math.floor(count));
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    // sqrt of a uniform radius fraction gives equal density per unit area (plain u would crowd the centre).
    const r = radius * Math.sqrt(rng.uniform());
    const t = 2 * Math.PI * rng.uniform();
    out[2 * i] = cx + r * Math.cos(t);
    out[2 * i + 1] = cy + r * Math.sin(t);
  }
  return out;
}

/** The points of `cloud` followed by those of `pts`. */
export function addPoints(cloud: Points, pts: Points): Points {
  requireCloud(cloud);
  requireCloud(pts);
  const out = new Float32Array(cloud.length + pts.length);
  out.set(cloud, 0);
  out.set(pts, cloud.length);
  return out;
}

/** The cloud without the points at distance <= radius from (cx, cy): the eraser tool. */
export function erasePoints(cloud: Points, cx: number, cy: number, radius: number): Points {
  requireCloud(cloud);
  requireDisc(cx, cy, radius);
  const n = pointCount(cloud);
  const keep = new Float32Array(cloud.length);
  const r2 = radius * radius;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const x = cloud[2 * i];
    const y = cloud[2 * i + 1];
    const dx = x - cx;
    const dy = y - cy;
    if (dx * dx + dy * dy <= r2) continue;
    keep[2 * m] = x;
    keep[2 * m + 1] = y;
    m++;
  }
  return keep.slice(0, 2 * m);
}

/** Every point moved by (dx, dy). */
export function translateCloud(cloud: Points, dx: number, dy: number): Points {
  requireCloud(cloud);
  requireFinite('dx', dx);
  requireFinite('dy', dy);
  const out = new Float32Array(cloud.length);
  for (let i = 0; i < cloud.length; i += 2) {
    out[i] = cloud[i] + dx;
    out[i + 1] = cloud[i + 1] + dy;
  }
  return out;
}

/** The cloud rotated counterclockwise by `angle` radians about the pivot (cx, cy). */
export function rotateCloud(cloud: Points, angle: number, cx: number, cy: number): Points {
  requireCloud(cloud);
  requireFinite('angle', angle);
  requireFinite('pivot x', cx);
  requireFinite('pivot y', cy);
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const out = new Float32Array(cloud.length);
  for (let i = 0; i < cloud.length; i += 2) {
    const x = cloud[i] - cx;
    const y = cloud[i + 1] - cy;
    out[i] = cx + c * x - s * y;
    out[i + 1] = cy + s * x + c * y;
  }
  return out;
}

/** The cloud scaled by `factor` about the pivot (cx, cy); the pivot stays put. */
export function scaleCloud(cloud: Points, factor: number, cx: number, cy: number): Points {
  requireCloud(cloud);
  requireFinite('scale factor', factor);
  requireFinite('pivot x', cx);
  requireFinite('pivot y', cy);
  const out = new Float32Array(cloud.length);
  for (let i = 0; i < cloud.length; i += 2) {
    out[i] = cx + factor * (cloud[i] - cx);
    out[i + 1] = cy + factor * (cloud[i + 1] - cy);
  }
  return out;
}

/** At most the first `max` points, so a cloud stays within the point budget (e.g. MAX_CLOUD_POINTS). */
export function clampCount(cloud: Points, max: number): Points {
  requireCloud(cloud);
  const keep = Math.max(0, Math.min(pointCount(cloud), Math.floor(max)));
  return cloud.slice(0, 2 * keep);
}

export interface BoundingBox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Smallest axis-aligned box holding every point; null for an empty cloud. */
export function boundingBox(cloud: Points): BoundingBox | null {
  requireCloud(cloud);
  const n = pointCount(cloud);
  if (n === 0) return null;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = cloud[2 * i];
    const y = cloud[2 * i + 1];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return { minX, minY, maxX, maxY };
}

/** How many points lie at distance <= r from (cx, cy); the same rule erasePoints removes by. */
export function pointsInDisc(cloud: Points, cx: number, cy: number, r: number): number {
  requireCloud(cloud);
  requireDisc(cx, cy, r);
  const n = pointCount(cloud);
  const r2 = r * r;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const dx = cloud[2 * i] - cx;
    const dy = cloud[2 * i + 1] - cy;
    if (dx * dx + dy * dy <= r2) count++;
  }
  return count;
}

/**
 * Immutable undo history: every operation returns a new History and leaves this one valid, so it can
 * live in a store as plain state. Snapshots are held by reference; callers must not mutate them.
 */
export interface History<T> {
  /** Older states, oldest first. */
  readonly past: readonly T[];
  readonly present: T;
  /** States undone and not yet redone, the next redo first. */
  readonly future: readonly T[];
  /** Most past states kept; past plus future never exceed it. */
  readonly limit: number;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  /** Make `next` the present; drops the redo branch and, past the limit, the oldest state. */
  push(next: T): History<T>;
  /** Step back one state (this history itself when there is nothing to undo). */
  undo(): History<T>;
  /** Step forward one undone state (this history itself when there is nothing to redo). */
  redo(): History<T>;
}

/** Start an undo history at `initial`, keeping at most `limit` states to go back to. */
export function createHistory<T>(initial: T, limit = 200): History<T> {
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`history limit must be a non-negative integer, got ${limit}`);
  return makeHistory<T>([], initial, [], limit);
}

function makeHistory<T>(past: readonly T[], present: T, future: readonly T[], limit: number): History<T> {
  const self: History<T> = {
    past,
    present,
    future,
    limit,
    canUndo: past.length > 0,
    canRedo: future.length > 0,
    push(next) {
      // Re-pushing the present (same reference) would only add an undo step that changes nothing.
      if (next === present) return self;
      const kept = past.length >= limit ? past.slice(past.length - limit + 1) : past.slice();
      if (limit > 0) kept.push(present);
      return makeHistory(kept, next, [], limit);
    },
    undo() {
      if (past.length === 0) return self;
      return makeHistory(past.slice(0, -1), past[past.length - 1], [present, ...future], limit);
    },
    redo() {
      if (future.length === 0) return self;
      return makeHistory([...past, present], future[0], future.slice(1), limit);
    },
  };
  return self;
}
