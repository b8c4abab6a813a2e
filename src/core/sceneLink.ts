/**
 * Share links: a whole scene except its weights, as one URL-safe string.
 *
 * Coordinates are quantized to int16 over [-LINK_EXTENT, LINK_EXTENT] = [-8, 8]: 65,536 levels with the
 * end points included, so the resolution is QUANT_STEP = 16 / 65535 ≈ 0.000244 data units (the stage
 * spans 12 units, so a few thousandths of a pixel) and a decoded coordinate is within QUANT_STEP / 2 of
 * the original. Coordinates outside [-8, 8] are clamped to it (the stage shows ±6). Point order is kept,
 * so the app draws the same particles from a decoded cloud. Settings travel exactly, as JSON.
 *
 * Binary layout (little endian), before compression, format 3 (written now):
 *
 *   u8   LINK_FORMAT (3)
 *   u32  byte length L of the settings JSON
 *   L    settings JSON (UTF-8): the scene document without points, weights and compare models;
 *        objective, train, flow, sample and view fields equal to the defaults are left out (parseScene
 *        fills them in). Its version is the scene schema's (3 now; links with versions 1 and 2 still open).
 *        A labelled cloud carries its labels here as one string of digits ("0110..."), one per point
 *        in point order (an unlabelled cloud has none, so older links read exactly as before).
 *   u8   which clouds carry points: bit 0 the source, bit 1 the target. A cloud without points is an
 *        unedited preset: its origin (spec and seed) regenerates exactly the same points, so the
 *        default scene's link is about 150 characters instead of ~21,000.
 *   for each cloud that carries points, source first:
 *   u32  point count n, then 2n u16: the cloud's quantized coordinates, delta-coded
 *
 * Format 2 (still read): the same layout, written while the default recipe was 3 x 128, batch 512,
 * lr 2e-3; the train fields it leaves out take those values (FORMAT_TRAIN_DEFAULTS), so an old link
 * opens with the settings its sender had, not today's defaults.
 * Format 1 (still read): the settings JSON in full, then both clouds' points, with no flags byte.
 *
 * Delta coding: each coordinate is stored as the zigzag-coded int16 difference from the same coordinate
 * of the previous point (the first from 0), wrapping modulo 2^16. Drawn strokes keep neighbours close,
 * so the high bytes are mostly small and deflate well. The buffer is deflated (fflate, raw DEFLATE,
 * level 9) and written as base64url without padding.
 *
 * Size: the cost is the scatter of the points. Each point that the brush sprays uniformly over a disc
 * of radius 0.6 carries about 24 bits of information at this resolution, whatever the coding, so a
 * 2 x 3,000-point brush-drawn scene takes 26-30 KB of text; clouds sampled along strokes (a pen)
 * or clustered ones take much less (see sceneLink.test.ts).
 */
import { deflateSync, Inflate } from 'fflate';
import { DEFAULT_SAMPLE, DEFAULT_TRAIN, MAX_CLOUD_POINTS } from './config';
import { DEFAULT_FLOW, DEFAULT_OBJECTIVE } from './objectives';
import { DEFAULT_VIEW, presetCloud, sceneFlow, SceneError, type Scene } from './scene';
import { parseScene } from './sceneParse';
import { sceneFields } from './sceneWrite';

/** Version of the link's binary layout (its first byte). Formats 1 and 2 are still read. */
export const LINK_FORMAT = 3;
/** Format 2's layout is format 3's; only the defaults its omitted train fields stand for differ. */
export const LINK_FORMAT_OLD_DEFAULTS = 2;
/**
 * The train fields whose default changed since a format was written, with the value they had then.
 * A new default recipe means a new format number and an entry here.
 */
const FORMAT_TRAIN_DEFAULTS: Record<number, Partial<typeof DEFAULT_TRAIN>> = {
  [LINK_FORMAT_OLD_DEFAULTS]: { width: 128, learningRate: 2e-3, batchSize: 512 },
};
/** The layout before preset clouds travelled as names: every cloud as points, full settings. */
export const LINK_FORMAT_POINTS = 1;
/** Quantization covers [-LINK_EXTENT, LINK_EXTENT] on both axes. */
export const LINK_EXTENT = 8;
/** Distance between neighbouring quantized values: a decoded coordinate is within QUANT_STEP / 2 of its original. */
export const QUANT_STEP = (2 * LINK_EXTENT) / 65535;
/** decodeSceneLink refuses longer strings (a full 2 x 20,000-point link is about 200 KB). */
export const MAX_LINK_LENGTH = 2_000_000;
/** Longest settings JSON a link may carry. */
const MAX_SETTINGS_BYTES = 65536;
/** Largest inflated payload: header, settings, two full clouds. */
const MAX_PAYLOAD = 1 + 4 + MAX_SETTINGS_BYTES + 1 + 2 * (4 + 4 * MAX_CLOUD_POINTS);

// ---------------------------------------------------------------------------------------------
// Quantization

/** Quantized int16 of a coordinate (clamped to the range). */
export function quantize(x: number): number {
  const q = Math.round(((x + LINK_EXTENT) / (2 * LINK_EXTENT)) * 65535) - 32768;
  return q < -32768 ? -32768 : q > 32767 ? 32767 : q;
}

/** The coordinate of an int16 level. */
export function dequantize(q: number): number {
  return ((q + 32768) * (2 * LINK_EXTENT)) / 65535 - LINK_EXTENT;
}

const zigzag = (d: number): number => ((d << 1) ^ (d >> 15)) & 0xffff;
const unzigzag = (z: number): number => (z >>> 1) ^ -(z & 1);
/** Wrap to int16. */
const int16 = (v: number): number => (v << 16) >> 16;

// ---------------------------------------------------------------------------------------------
// base64url

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

export function base64urlEncode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[v >> 18] + ALPHABET[(v >> 12) & 63] + ALPHABET[(v >> 6) & 63] + ALPHABET[v & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const v = bytes[i] << 16;
    out += ALPHABET[v >> 18] + ALPHABET[(v >> 12) & 63];
  } else if (rest === 2) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += ALPHABET[v >> 18] + ALPHABET[(v >> 12) & 63] + ALPHABET[(v >> 6) & 63];
  }
  return out;
}

export function base64urlDecode(s: string): Uint8Array {
  if (s.length % 4 === 1) throw new SceneError('the link is cut short (its length is not possible for base64url)');
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? DECODE[c] : -1;
    if (v < 0) throw new SceneError(`the link has a character that base64url does not use at position ${i}: ${JSON.stringify(s[i])}`);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

// ---------------------------------------------------------------------------------------------
// Encoding

function cloudBytes(points: Float32Array): Uint8Array {
  const n = points.length >> 1;
  const out = new Uint8Array(4 + 4 * n);
  const view = new DataView(out.buffer);
  view.setUint32(0, n, true);
  let px = 0;
  let py = 0;
  for (let i = 0; i < n; i++) {
    const qx = quantize(points[2 * i]);
    const qy = quantize(points[2 * i + 1]);
    view.setUint16(4 + 4 * i, zigzag(int16(qx - px)), true);
    view.setUint16(6 + 4 * i, zigzag(int16(qy - py)), true);
    px = qx;
    py = qy;
  }
  return out;
}

/** Whether a cloud is exactly its preset origin's points (then its name and seed regenerate it). */
export function isUneditedPreset(side: 'source' | 'target', cloud: Scene['source']): boolean {
  const o = cloud.origin;
  if (o.kind !== 'preset') return false;
  let fresh: Float32Array;
  try {
    fresh = presetCloud(side, o.spec, o.seed);
  } catch {
    return false;
  }
  const p = cloud.points;
  if (fresh.length !== p.length) return false;
  for (let i = 0; i < p.length; i++) if (!Object.is(fresh[i], p[i])) return false;
  return true;
}

/** The fields of `value` that differ from `defaults` (the decoder's parseScene fills in the rest). */
function changed<T extends object>(value: T, defaults: T): Partial<T> {
  const out: Partial<T> = {};
  for (const k of Object.keys(value) as (keyof T)[]) if (!Object.is(value[k], defaults[k])) out[k] = value[k];
  return out;
}

/** The scene's settings for a link: only what differs from the defaults. */
function linkSettings(scene: Scene): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  if (!Object.is(scene.view.t, DEFAULT_VIEW.t)) view.t = scene.view.t;
  const layers = changed(scene.view.layers, DEFAULT_VIEW.layers);
  if (Object.keys(layers).length > 0) view.layers = layers;
  const settings: Record<string, unknown> = Object.fromEntries(sceneFields(scene, (a) => a, { points: false, weights: false }));
  // Labels as digits: a tenth of the size of a JSON list before deflate.
  for (const side of ['source', 'target'] as const) {
    const labels = scene[side].labels;
    if (labels) settings[side] = { ...(settings[side] as object), labels: Array.from(labels).join('') };
  }
  settings.train = changed(scene.train, DEFAULT_TRAIN);
  settings.sample = changed(scene.sample, DEFAULT_SAMPLE);
  // The objective and flow settings as the rest: left out where they are the defaults.
  if (settings.objective === DEFAULT_OBJECTIVE) delete settings.objective;
  const flow = changed(sceneFlow(scene), DEFAULT_FLOW);
  if (Object.keys(flow).length > 0) settings.flow = flow;
  else delete settings.flow;
  if (Object.keys(view).length > 0) settings.view = view;
  else delete settings.view;
  return settings;
}

/**
 * The scene without its weights as a URL-safe string (base64url of deflated binary). Unedited preset
 * clouds travel as their origin only; drawn or edited ones as quantized points.
 */
export function encodeSceneLink(scene: Scene): string {
  const json = new TextEncoder().encode(JSON.stringify(linkSettings(scene)));
  if (json.length > MAX_SETTINGS_BYTES) throw new SceneError('the scene settings are too large for a link');
  const sendSource = !isUneditedPreset('source', scene.source);
  const sendTarget = !isUneditedPreset('target', scene.target);
  const src = sendSource ? cloudBytes(scene.source.points) : new Uint8Array(0);
  const tgt = sendTarget ? cloudBytes(scene.target.points) : new Uint8Array(0);
  const buf = new Uint8Array(6 + json.length + src.length + tgt.length);
  buf[0] = LINK_FORMAT;
  new DataView(buf.buffer).setUint32(1, json.length, true);
  buf.set(json, 5);
  buf[5 + json.length] = (sendSource ? 1 : 0) | (sendTarget ? 2 : 0);
  buf.set(src, 6 + json.length);
  buf.set(tgt, 6 + json.length + src.length);
  return base64urlEncode(deflateSync(buf, { level: 9 }));
}

// ---------------------------------------------------------------------------------------------
// Decoding

/** Inflate with a cap on the output, in small input slices so a deflate bomb stops early. */
function inflateCapped(data: Uint8Array, cap: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  const inflater = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > cap) throw new SceneError('the link unpacks to more data than a scene can hold');
    chunks.push(chunk);
    if (final) ended = true;
  });
  try {
    const SLICE = 4096;
    for (let i = 0; i < data.length; i += SLICE) {
      const end = Math.min(i + SLICE, data.length);
      inflater.push(data.subarray(i, end), end === data.length);
    }
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (e) {
    if (e instanceof SceneError) throw e;
    throw new SceneError(`the link is damaged (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!ended) throw new SceneError('the link is damaged (its data ends early)');
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

class Reader {
  private pos = 0;
  private readonly view: DataView;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n: number, what: string): void {
    if (this.pos + n > this.bytes.length) throw new SceneError(`the link is truncated: ${what} is cut short`);
  }
  u8(what: string): number {
    this.need(1, what);
    return this.bytes[this.pos++];
  }
  u32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  u16(): number {
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }
  take(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  get remaining(): number {
    return this.bytes.length - this.pos;
  }
}

function readCloud(r: Reader, side: string): number[] {
  const n = r.u32(`the ${side} point count`);
  if (n > MAX_CLOUD_POINTS) throw new SceneError(`the link's ${side} cloud has ${n} points; a cloud holds at most ${MAX_CLOUD_POINTS}`);
  r.need(4 * n, `the ${side} cloud`);
  const out = new Array<number>(2 * n);
  let qx = 0;
  let qy = 0;
  for (let i = 0; i < n; i++) {
    qx = int16(qx + unzigzag(r.u16()));
    qy = int16(qy + unzigzag(r.u16()));
    out[2 * i] = dequantize(qx);
    out[2 * i + 1] = dequantize(qy);
  }
  return out;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** A link's digit string of labels as the scene's list (anything else is left for parseScene to refuse). */
const labelList = (v: unknown): unknown => (typeof v === 'string' && /^[0-9]*$/.test(v) ? Array.from(v, Number) : v);

/**
 * The cloud for parseScene: its binary points and its labels as a list. A cloud sent as a preset name
 * gets its points only after parsing, so its labels wait in `held` until then.
 */
function withPoints(cloud: unknown, points: number[] | null, side: string, held: Map<string, unknown>): unknown {
  if (!isPlainObject(cloud)) return cloud; // parseScene names the problem
  if (Object.prototype.hasOwnProperty.call(cloud, 'points')) throw new SceneError(`the link's settings carry ${side}.points; points travel as binary`);
  const { labels, ...rest } = cloud;
  if (labels === undefined) return { ...rest, points: points ?? [] };
  if (points) return { ...rest, points, labels: labelList(labels) };
  held.set(side, labelList(labels));
  return { ...rest, points: [] };
}

/** Decode a share link's string back into a scene (no weights). Throws only SceneError. */
export function decodeSceneLink(s: string): Scene {
  try {
    if (typeof s !== 'string') throw new SceneError('a scene link must be text');
    const text = s.trim();
    if (text === '') throw new SceneError('the scene link is empty');
    if (text.length > MAX_LINK_LENGTH) throw new SceneError(`the scene link is too long (${text.length} characters; at most ${MAX_LINK_LENGTH})`);
    const bytes = inflateCapped(base64urlDecode(text), MAX_PAYLOAD);
    const r = new Reader(bytes);
    const format = r.u8('the format byte');
    if (format !== LINK_FORMAT && format !== LINK_FORMAT_OLD_DEFAULTS && format !== LINK_FORMAT_POINTS) {
      throw new SceneError(`the link uses format ${format}; this app reads formats ${LINK_FORMAT_POINTS} to ${LINK_FORMAT}`);
    }
    const len = r.u32('the settings length');
    if (len > MAX_SETTINGS_BYTES) throw new SceneError(`the link's settings are too large (${len} bytes)`);
    const jsonBytes = r.take(len, 'the settings text');
    let settingsText: string;
    try {
      settingsText = new TextDecoder('utf-8', { fatal: true }).decode(jsonBytes);
    } catch {
      throw new SceneError("the link's settings are not valid UTF-8 text");
    }
    let settings: unknown;
    try {
      settings = JSON.parse(settingsText);
    } catch (e) {
      throw new SceneError(`the link's settings are not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    let flags = 3;
    if (format !== LINK_FORMAT_POINTS) {
      flags = r.u8('the clouds byte');
      if (flags > 3) throw new SceneError(`the link's clouds byte is ${flags}; it must be 0 to 3`);
    }
    const source = flags & 1 ? readCloud(r, 'source') : null;
    const target = flags & 2 ? readCloud(r, 'target') : null;
    if (r.remaining !== 0) throw new SceneError(`the link has ${r.remaining} unexpected bytes at its end`);
    if (!isPlainObject(settings)) throw new SceneError("the link's settings must be a JSON object");
    if (Object.prototype.hasOwnProperty.call(settings, 'weights')) throw new SceneError('a scene link carries no weights');
    if (Object.prototype.hasOwnProperty.call(settings, 'compare')) throw new SceneError('a scene link carries no trained models');
    const doc: Record<string, unknown> = { ...settings };
    const own = (k: string) => Object.prototype.hasOwnProperty.call(settings, k);
    const then = FORMAT_TRAIN_DEFAULTS[format];
    if (then && (!own('train') || isPlainObject(settings.train))) doc.train = { ...then, ...(settings.train as object | undefined) };
    const held = new Map<string, unknown>();
    if (own('source')) doc.source = withPoints(settings.source, source, 'source', held);
    if (own('target')) doc.target = withPoints(settings.target, target, 'target', held);
    const scene = parseScene(doc);
    // Clouds sent as names: regenerate them from their preset origin, exactly as the sender had them.
    for (const [side, sent] of [['source', source], ['target', target]] as const) {
      if (sent) continue;
      const o = scene[side].origin;
      if (o.kind !== 'preset') throw new SceneError(`the link's ${side} cloud is drawn but carries no points`);
      scene[side] = { origin: o, points: presetCloud(side, o.spec, o.seed) };
      const labels = held.get(side);
      if (labels !== undefined) {
        // Checked by the scene schema now that the points are there.
        const cloud = parseScene({ ...doc, [side]: { origin: o, points: Array.from(scene[side].points), labels } })[side];
        scene[side] = { ...scene[side], labels: cloud.labels };
      }
    }
    return scene;
  } catch (e) {
    if (e instanceof SceneError) throw e;
    throw new SceneError(`the scene link could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
}
