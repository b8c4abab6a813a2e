/**
 * Zod building blocks shared by the scene schemas (2D in sceneParse.ts, images in sceneImages.ts):
 * numbers in a range and float32 lists, with messages that say what was expected and what came.
 */
import { z } from 'zod';
import type { Range } from './config';

export const describe = (v: unknown): string => {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
};

/** A number in a range; out-of-range or fractional values are refused, not clamped. */
export function rangedNumber(range: Range, what = 'a number') {
  return z.unknown().transform((v, ctx): number => {
    if (v === undefined) {
      ctx.issues.push({ code: 'custom', input: v, message: 'is missing' });
      return z.NEVER;
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      ctx.issues.push({ code: 'custom', input: v, message: `must be ${what} (got ${describe(v)})` });
      return z.NEVER;
    }
    if (range.integer && !Number.isInteger(v)) {
      ctx.issues.push({ code: 'custom', input: v, message: `must be a whole number (got ${v})` });
      return z.NEVER;
    }
    if (v < range.min || v > range.max) {
      ctx.issues.push({ code: 'custom', input: v, message: `must be between ${range.min} and ${range.max} (got ${v})` });
      return z.NEVER;
    }
    return v;
  });
}


/** A list of finite numbers as a Float32Array, checked in one pass (clouds hold up to 40,000 numbers). */
export function float32List(opts: { maxLength: number; bound: number; boundMessage: string; pairs?: boolean }) {
  return z.unknown().transform((v, ctx): Float32Array => {
    if (v === undefined) {
      ctx.issues.push({ code: 'custom', input: v, message: 'is missing' });
      return z.NEVER;
    }
    if (!Array.isArray(v)) {
      ctx.issues.push({ code: 'custom', input: v, message: `must be a list of numbers (got ${describe(v)})` });
      return z.NEVER;
    }
    if (v.length > opts.maxLength) {
      const what = opts.pairs ? `${opts.maxLength / 2} points` : `${opts.maxLength} numbers`;
      const got = opts.pairs ? `${Math.ceil(v.length / 2)} points` : `${v.length} numbers`;
      ctx.issues.push({ code: 'custom', input: v, message: `holds more than ${what} (got ${got})` });
      return z.NEVER;
    }
    if (opts.pairs && v.length % 2 !== 0) {
      ctx.issues.push({ code: 'custom', input: v, message: `must hold x, y pairs: an even count of numbers (got ${v.length})` });
      return z.NEVER;
    }
    const out = new Float32Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x !== 'number' || !Number.isFinite(x)) {
        ctx.issues.push({ code: 'custom', input: x, path: [i], message: `is not a finite number (got ${describe(x)})` });
        return z.NEVER;
      }
      // Past the bound, or so large that the 32-bit float would be Infinity.
      if (Math.abs(x) > opts.bound || !Number.isFinite(Math.fround(x))) {
        ctx.issues.push({ code: 'custom', input: x, path: [i], message: `${opts.boundMessage} (got ${x})` });
        return z.NEVER;
      }
      out[i] = x;
    }
    return out;
  });
}

