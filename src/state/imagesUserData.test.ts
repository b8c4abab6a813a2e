import { describe, expect, it } from 'vitest';
import { decodePixels, encodePixels } from './imagesUserData';

describe("the user's images in storage", () => {
  it('round-trip 256 pixels within one byte step, and refuse anything else', () => {
    const px = Float32Array.from({ length: 256 }, (_, i) => Math.sin(i) * 1.2);
    const back = decodePixels(encodePixels(px))!;
    expect(back.length).toBe(256);
    for (let i = 0; i < 256; i++) expect(Math.abs(back[i] - Math.max(-1, Math.min(1, px[i])))).toBeLessThanOrEqual(1 / 255 + 1e-6);
    expect(back[0]).toBeCloseTo(-1 + 2 * (128 / 255), 6);
    expect(decodePixels('abc')).toBeNull();
    expect(decodePixels('not base64 !!')).toBeNull();
  });
});
