/**
 * What the user made for the Images view: drawings from the 16 x 16 pad (each with an optional digit
 * label) and imported pictures. Kept in localStorage so nothing is lost on reload: each image is
 * stored as 256 bytes (base64), which keeps a few hundred images well within the storage quota.
 */
import { create } from 'zustand';
import { IMAGE_DIM } from '../core/images/imageSet';
import { isEmbedded } from './embedStore';

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

function storage(): Storage | null {
  // An embed in a course page never touches the visitor's own data.
  if (isEmbedded()) return null;
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function load(): UserImagesState {
  const empty: UserImagesState = { drawings: [], imported: [] };
  try {
    const text = storage()?.getItem(IMAGES_USER_KEY);
    if (!text) return empty;
    const doc = JSON.parse(text) as { drawings?: { p: string; label: number | null }[]; imported?: { p: string; name: string }[] };
    const drawings: Drawing[] = [];
    for (const d of doc.drawings ?? []) {
      const pixels = decodePixels(d.p);
      const label = typeof d.label === 'number' && d.label >= 0 && d.label <= 9 ? d.label : null;
      if (pixels) drawings.push({ pixels, label });
    }
    const imported: ImportedImage[] = [];
    for (const d of doc.imported ?? []) {
      const pixels = decodePixels(d.p);
      if (pixels) imported.push({ pixels, name: String(d.name ?? '') });
    }
    return { drawings, imported };
  } catch {
    return empty;
  }
}

/** Write both lists; false when storage refused (full or disabled): the data still lives for this visit. */
function save(s: UserImagesState): boolean {
  const st = storage();
  if (!st) return false;
  try {
    st.setItem(
      IMAGES_USER_KEY,
      JSON.stringify({ drawings: s.drawings.map((d) => ({ p: encodePixels(d.pixels), label: d.label })), imported: s.imported.map((d) => ({ p: encodePixels(d.pixels), name: d.name })) }),
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
