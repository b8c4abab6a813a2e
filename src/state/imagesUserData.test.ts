import { describe, expect, it } from 'vitest';
import { decodePixels, encodePixels, replaceUserImages, restoreAsideImages, useUserImages } from './imagesUserData';

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

describe('a scene file replacing the user\'s images', () => {
  it('keeps the replaced drawings aside and brings them back', () => {
    const mine = [{ pixels: new Float32Array(256).fill(0.5), label: 3 }];
    useUserImages.setState({ drawings: mine, imported: [] });
    const theirs = [{ pixels: new Float32Array(256).fill(-0.5), label: null }];
    expect(replaceUserImages({ drawings: theirs })).toBe('1 drawing');
    expect(useUserImages.getState().drawings[0].pixels[0]).toBe(-0.5);
    // The same drawings again replace nothing of the user's.
    expect(replaceUserImages({ drawings: theirs })).toBe('');
    expect(restoreAsideImages()).toBe(true);
    expect(useUserImages.getState().drawings).toEqual(mine);
    expect(restoreAsideImages()).toBe(false);
  });
});
