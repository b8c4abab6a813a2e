/**
 * What the user made for the Images view: drawings from the 16 x 16 pad (each with an optional digit
 * label) and imported pictures. Kept in localStorage so nothing is lost on reload: each image is
 * stored as 256 bytes (base64), which keeps a few hundred images well within the storage quota.
 */
import { create } from 'zustand';
import { IMAGE_DIM } from '../core/images/imageSet';
import { userStorage } from './userStorage';

export const IMAGES_USER_KEY = 'fm-images-user-v1';
/** Most images of each kind kept (the oldest go first). */
export const MAX_USER_IMAGES = 200;

export interface Drawing {
  pixels: Float32Array;
  label: number | null;
}

export interface ImportedImage {
  pixels: Float32Array;
  name: string;
  /** A digit (from a scene file's labelled images); absent for pictures imported here. */
  label?: number | null;
}

interface UserImagesState {
  drawings: Drawing[];
  imported: ImportedImage[];
}

/** [-1, 1] pixels to bytes and back (1/255 steps: finer than the eye or the model needs). */
export function encodePixels(pixels: Float32Array): string {
  let s = '';
  for (let i = 0; i < IMAGE_DIM; i++) s += String.fromCharCode(Math.round(((Math.max(-1, Math.min(1, pixels[i])) + 1) / 2) * 255));
  return btoa(s);
}

export function decodePixels(text: string): Float32Array | null {
  let raw: string;
  try {
    raw = atob(text);
  } catch {
    return null;
  }
  if (raw.length !== IMAGE_DIM) return null;
  const out = new Float32Array(IMAGE_DIM);
  for (let i = 0; i < IMAGE_DIM; i++) out[i] = (raw.charCodeAt(i) / 255) * 2 - 1;
  return out;
}


function load(key = IMAGES_USER_KEY): UserImagesState {
  const empty: UserImagesState = { drawings: [], imported: [] };
  try {
    const text = userStorage()?.getItem(key);
    if (!text) return empty;
    const doc = JSON.parse(text) as { drawings?: { p: string; label: number | null }[]; imported?: { p: string; name: string; label?: number | null }[] };
    const drawings: Drawing[] = [];
    for (const d of doc.drawings ?? []) {
      const pixels = decodePixels(d.p);
      const label = typeof d.label === 'number' && d.label >= 0 && d.label <= 9 ? d.label : null;
      if (pixels) drawings.push({ pixels, label });
    }
    const imported: ImportedImage[] = [];
    for (const d of doc.imported ?? []) {
      const pixels = decodePixels(d.p);
      const label = typeof d.label === 'number' && Number.isInteger(d.label) && d.label >= 0 && d.label <= 9 ? d.label : null;
      if (pixels) imported.push({ pixels, name: String(d.name ?? ''), ...(label !== null ? { label } : {}) });
    }
    return { drawings, imported };
  } catch {
    return empty;
  }
}

/** Write both lists; false when storage refused (full or disabled): the data still lives for this visit. */
function save(s: UserImagesState, key = IMAGES_USER_KEY): boolean {
  const st = userStorage();
  if (!st) return false;
  try {
    st.setItem(
      key,
      JSON.stringify({ drawings: s.drawings.map((d) => ({ p: encodePixels(d.pixels), label: d.label })), imported: s.imported.map((d) => ({ p: encodePixels(d.pixels), name: d.name, ...(d.label != null ? { label: d.label } : {}) })) }),
    );
    return true;
  } catch {
    return false;
  }
}

export const useUserImages = create<UserImagesState>(() => load());

useUserImages.subscribe((s, p) => {
  if (s.drawings !== p.drawings || s.imported !== p.imported) save(s);
});

export function addDrawing(pixels: Float32Array, label: number | null): void {
  const s = useUserImages.getState();
  useUserImages.setState({ drawings: [...s.drawings, { pixels: pixels.slice(), label }].slice(-MAX_USER_IMAGES) });
}

export function removeDrawing(index: number): void {
  useUserImages.setState((s) => ({ drawings: s.drawings.filter((_, i) => i !== index) }));
}

export function addImported(images: ImportedImage[]): void {
  const s = useUserImages.getState();
  useUserImages.setState({ imported: [...s.imported, ...images].slice(-MAX_USER_IMAGES) });
}

export function removeImported(index: number): void {
  useUserImages.setState((s) => ({ imported: s.imported.filter((_, i) => i !== index) }));
}

export function clearImported(): void {
  useUserImages.setState({ imported: [] });
}

/** Where drawings and pictures replaced by an opened scene file are kept (one slot, the newest). */
export const IMAGES_ASIDE_KEY = 'fm-images-user-aside-v1';
/** The same in memory, for when storage is refused (an embed, a full quota). */
let asideMemory: UserImagesState | null = null;

const samePixels = (a: Float32Array[], b: Float32Array[]): boolean =>
  a.length === b.length && a.every((p, i) => p.length === b[i].length && p.every((v, k) => Math.abs(v - b[i][k]) <= 1 / 255 + 1e-6));

/**
 * A scene file brings its own drawings or pictures: they replace the user's, and the user's go aside
 * (stored) so they can come back. Returns what was set aside ('' when nothing of the user's was replaced).
 */
export function replaceUserImages(next: { drawings?: Drawing[]; imported?: ImportedImage[] }): string {
  const s = useUserImages.getState();
  const aside: UserImagesState = { drawings: [], imported: [] };
  const parts: string[] = [];
  if (next.drawings && s.drawings.length > 0 && !samePixels(s.drawings.map((d) => d.pixels), next.drawings.map((d) => d.pixels))) {
    aside.drawings = s.drawings;
    parts.push(`${s.drawings.length} drawing${s.drawings.length === 1 ? '' : 's'}`);
  }
  if (next.imported && s.imported.length > 0 && !samePixels(s.imported.map((d) => d.pixels), next.imported.map((d) => d.pixels))) {
    aside.imported = s.imported;
    parts.push(`${s.imported.length} imported picture${s.imported.length === 1 ? '' : 's'}`);
  }
  if (parts.length > 0) {
    asideMemory = aside;
    save(aside, IMAGES_ASIDE_KEY);
  }
  useUserImages.setState({
    ...(next.drawings ? { drawings: next.drawings.slice(-MAX_USER_IMAGES) } : {}),
    ...(next.imported ? { imported: next.imported.slice(-MAX_USER_IMAGES) } : {}),
  });
  return parts.join(' and ');
}

/** Bring back what a scene file replaced (the kept lists replace the current ones of their kind); false when nothing is kept. */
export function restoreAsideImages(): boolean {
  const aside = asideMemory ?? load(IMAGES_ASIDE_KEY);
  asideMemory = null;
  if (aside.drawings.length === 0 && aside.imported.length === 0) return false;
  useUserImages.setState({
    ...(aside.drawings.length > 0 ? { drawings: aside.drawings } : {}),
    ...(aside.imported.length > 0 ? { imported: aside.imported } : {}),
  });
  try {
    userStorage()?.removeItem(IMAGES_ASIDE_KEY);
  } catch {
    // Nothing to undo: the lists are back in the store (and saved by the subscription).
  }
  return true;
}
