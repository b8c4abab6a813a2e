/**
 * PNG in and out without the DOM (the command line, Node tests, and the worker all use it):
 * 8-bit grayscale encoding, and decoding of the common non-interlaced forms. zlib via fflate.
 */
import { unzlibSync, zlibSync } from 'fflate';
import { IMAGE_DIM, IMAGE_SIDE, toByte } from './imageSet';

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

let crcTable: Uint32Array | null = null;
function crc32(bytes: Uint8Array, start: number, end: number): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A chunk: length, type, data, CRC over type + data. */
export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

/** A whole PNG from its chunks (signature prepended). */
export function pngFromChunks(chunks: Uint8Array[]): Uint8Array {
  const total = SIGNATURE.length + chunks.reduce((s, c) => s + c.length, 0);
  const out = new Uint8Array(total);
  out.set(SIGNATURE, 0);
  let o = SIGNATURE.length;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** IHDR data: width, height, bit depth, colour type, then compression / filter / interlace 0. */
export function ihdr(width: number, height: number, bitDepth: number, colorType: number, interlace = 0): Uint8Array {
  const d = new Uint8Array(13);
  const v = new DataView(d.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  d[8] = bitDepth;
  d[9] = colorType;
  d[12] = interlace;
  return d;
}

/** An 8-bit grayscale PNG of width x height bytes (row-major, 0 = black). */
export function encodeGrayPng(width: number, height: number, gray: Uint8Array): Uint8Array {
  if (gray.length !== width * height) throw new Error(`${gray.length} bytes for a ${width} x ${height} image`);
  const raw = new Uint8Array(height * (width + 1));
  for (let y = 0; y < height; y++) raw.set(gray.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  return pngFromChunks([pngChunk('IHDR', ihdr(width, height, 8, 0)), pngChunk('IDAT', zlibSync(raw)), pngChunk('IEND', new Uint8Array(0))]);
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Decode a PNG to RGBA: grayscale, gray + alpha, RGB, RGBA, palette (with tRNS), bit depths 1-16
 * (16-bit keeps the high byte), non-interlaced. Throws on anything else.
 */
export function decodePng(bytes: Uint8Array): { width: number; height: number; rgba: Uint8ClampedArray } {
  for (let i = 0; i < 8; i++) if (bytes[i] !== SIGNATURE[i]) throw new Error('not a PNG file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let width = 0;
  let height = 0;
  let depth = 0;
  let type = -1;
  let palette: Uint8Array | null = null;
  let trns: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  let o = 8;
  while (o + 8 <= bytes.length) {
    const len = view.getUint32(o);
    const kind = String.fromCharCode(bytes[o + 4], bytes[o + 5], bytes[o + 6], bytes[o + 7]);
    const data = bytes.subarray(o + 8, o + 8 + len);
    if (kind === 'IHDR') {
      width = view.getUint32(o + 8);
      height = view.getUint32(o + 12);
      depth = data[8];
      type = data[9];
      if (data[12] !== 0) throw new Error('interlaced PNG files are not supported');
    } else if (kind === 'PLTE') palette = data;
    else if (kind === 'tRNS') trns = data;
    else if (kind === 'IDAT') idat.push(data);
    else if (kind === 'IEND') break;
    o += 12 + len;
  }
  const channels = CHANNELS[type];
  if (!channels || width === 0 || height === 0) throw new Error(`unsupported PNG (colour type ${type})`);
  if (type === 3 && !palette) throw new Error('palette PNG without a palette');
  const joined = new Uint8Array(idat.reduce((s, c) => s + c.length, 0));
  let p = 0;
  for (const c of idat) {
    joined.set(c, p);
    p += c.length;
  }
  const raw = unzlibSync(joined);
  const bitsPerPixel = channels * depth;
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  const bpp = Math.max(1, bitsPerPixel >> 3);
  if (raw.length < height * (stride + 1)) throw new Error('truncated PNG data');
  // Undo the per-row filters in place into `lines`.
  const lines = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const prev = row - stride;
    for (let i = 0; i < stride; i++) {
      const x = raw[src + i];
      const a = i >= bpp ? lines[row + i - bpp] : 0;
      const b = y > 0 ? lines[prev + i] : 0;
      const c = y > 0 && i >= bpp ? lines[prev + i - bpp] : 0;
      const v = f === 0 ? x : f === 1 ? x + a : f === 2 ? x + b : f === 3 ? x + ((a + b) >> 1) : f === 4 ? x + paeth(a, b, c) : NaN;
      if (Number.isNaN(v)) throw new Error(`bad PNG filter ${f}`);
      lines[row + i] = v & 0xff;
    }
  }
  // Sample k of a row, scaled to 8 bits.
  const maxv = (1 << Math.min(depth, 8)) - 1;
  const sample = (row: number, k: number, scale: boolean): number => {
    if (depth === 8) return lines[row + k];
    if (depth === 16) return lines[row + 2 * k];
    const bit = k * depth;
    const v = (lines[row + (bit >> 3)] >> (8 - depth - (bit & 7))) & maxv;
    return scale ? Math.round((v * 255) / maxv) : v;
  };
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    for (let x = 0; x < width; x++) {
      const q = 4 * (y * width + x);
      const k = x * channels;
      let r: number;
      let g: number;
      let b: number;
      let al = 255;
      if (type === 3) {
        const idx = sample(row, k, false);
        r = palette![3 * idx];
        g = palette![3 * idx + 1];
        b = palette![3 * idx + 2];
        if (trns && idx < trns.length) al = trns[idx];
      } else if (type === 0 || type === 4) {
        r = g = b = sample(row, k, true);
        if (type === 4) al = sample(row, k + 1, true);
      } else {
        r = sample(row, k, true);
        g = sample(row, k + 1, true);
        b = sample(row, k + 2, true);
        if (type === 6) al = sample(row, k + 3, true);
      }
      rgba[q] = r;
      rgba[q + 1] = g;
      rgba[q + 2] = b;
      rgba[q + 3] = al;
    }
  }
  return { width, height, rgba };
}

/**
 * A grid of [-1, 1] images (IMAGE_SIDE square each), `columns` wide, each pixel drawn scale x scale,
 * with a one-cell-pixel gray gap between images, as an 8-bit grayscale PNG.
 */
export function imageGridPng(pixels: Float32Array, count: number, columns: number, scale: number): Uint8Array {
  const cols = Math.max(1, Math.min(columns, count));
  const rows = Math.max(1, Math.ceil(count / cols));
  const cell = IMAGE_SIDE * scale;
  const gap = scale;
  const w = cols * cell + (cols + 1) * gap;
  const h = rows * cell + (rows + 1) * gap;
  const gray = new Uint8Array(w * h).fill(96);
  for (let i = 0; i < count; i++) {
    const ox = gap + (i % cols) * (cell + gap);
    const oy = gap + Math.floor(i / cols) * (cell + gap);
    for (let y = 0; y < cell; y++) {
      for (let x = 0; x < cell; x++) {
        const v = pixels[i * IMAGE_DIM + Math.floor(y / scale) * IMAGE_SIDE + Math.floor(x / scale)];
        gray[(oy + y) * w + ox + x] = toByte(v);
      }
    }
  }
  return encodeGrayPng(w, h, gray);
}
