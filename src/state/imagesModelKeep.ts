/**
 * The Images view's model across reloads: each checkpoint the page keeps (imagesStore.ts) is also
 * written to IndexedDB (float arrays as they are: 3 x 512 is 3.2 MB, too much for localStorage), with
 * the settings and data it was trained on. After a reload the view goes on from it when the settings
 * and the user's data still match; a fresh start (Reset, new settings) clears it.
 */
import type { ImageWeights } from '../worker/imageProtocol';
import { imagesCheckpoint, onImagesCheckpoint, setImagesCheckpoint, useImages } from './imagesStore';
import { restartImages } from './imagesSession';
import { useUserImages } from './imagesUserData';
import { notify } from './noticeStore';

const DB = 'fm-images';
const STORE = 'model';
const KEY = 'checkpoint';

interface Kept {
  signature: string;
  step: number;
  shape: ImageWeights['weights']['shape'];
  arrays: Float32Array[];
}

/** What a checkpoint belongs to: the settings that shape the model and its data, and the user's data. */
export function modelSignature(): string {
  const { data, source, hiddenLayers, width, conditional, seed, digitsSeed, digitsPerClass, heldOut } = useImages.getState().settings;
  const { drawings, imported } = useUserImages.getState();
  const uses = (k: string) => data === k || source === k;
  const sum = (list: { pixels: Float32Array }[]) => list.reduce((a, im) => a + im.pixels.reduce((b, v) => b + v, 0), 0).toFixed(2);
  return JSON.stringify({
    data,
    source,
    hiddenLayers,
    width,
    conditional,
    seed,
    digitsSeed,
    digitsPerClass,
    heldOut,
    drawings: uses('drawings') ? [drawings.length, sum(drawings), drawings.map((d) => d.label).join()] : null,
    imported: uses('imported') ? [imported.length, sum(imported)] : null,
  });
}

function open(): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    try {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
}

async function write(value: Kept | null): Promise<void> {
  const db = await open();
  if (!db) return;
  await new Promise<void>((resolve) => {
    const tx = db.transaction(STORE, 'readwrite');
    if (value) tx.objectStore(STORE).put(value, KEY);
    else tx.objectStore(STORE).delete(KEY);
    tx.oncomplete = tx.onerror = tx.onabort = () => resolve();
  });
  db.close();
}

async function read(): Promise<Kept | null> {
  const db = await open();
  if (!db) return null;
  const value = await new Promise<Kept | null>((resolve) => {
    const req = db.transaction(STORE, 'readonly').objectStore(STORE).get(KEY);
    req.onsuccess = () => resolve((req.result as Kept | undefined) ?? null);
    req.onerror = () => resolve(null);
  });
  db.close();
  return value;
}

/** Writes wait for the one before (the newest wins; none is lost to a race). */
let chain: Promise<void> = Promise.resolve();
let pending: Kept | null | undefined;

function keep(c: ImageWeights | null): void {
  pending = c ? { signature: modelSignature(), step: c.step, shape: c.weights.shape, arrays: c.weights.arrays } : null;
  chain = chain.then(() => {
    if (pending === undefined) return;
    const v = pending;
    pending = undefined;
    return write(v);
  });
}

/** Read the kept model once, then keep each new checkpoint. Resolves when the kept model (if any) is in place. */
export async function installImagesModelKeep(): Promise<void> {
  if (typeof indexedDB === 'undefined') return;
  const kept = await read().catch(() => null);
  // Checkpoints that came while reading are newer than the kept one.
  if (kept && !imagesCheckpoint() && kept.signature === modelSignature() && kept.arrays?.length > 0) {
    const from: ImageWeights = { weights: { shape: kept.shape, arrays: kept.arrays }, step: kept.step };
    const s = useImages.getState();
    // The view opened before the read finished (a reload in the view): it starts again from the kept model, unless it has trained meanwhile.
    if (s.open && s.step === 0 && !s.running) {
      restartImages(from);
      notify('info', `The image model goes on from step ${from.step.toLocaleString('en-US')}, kept from your last visit (Reset model starts afresh).`);
    } else if (!s.open) setImagesCheckpoint(from);
  }
  onImagesCheckpoint(keep);
}
