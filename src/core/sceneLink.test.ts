import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deflateSync, inflateSync } from 'fflate';
import { brushPoints } from './cloudEdits';
import { DEFAULT_SAMPLE, DEFAULT_TRAIN, MAX_CLOUD_POINTS, PRESET_POINTS, SAMPLE_LIMITS, TRAIN_LIMITS } from './config';
import { samplePresetLabelled } from './labels';
import { DIFFUSION_PATH_NAMES } from './diffusionPaths';
import { TARGET_KINDS } from './predictionTargets';
import { parsePreset, PRESET_NAMES } from './presets';
import { createRng, deriveSeed } from './rng';
import { DEFAULT_FLOW, FLOW_LIMITS, OBJECTIVES } from './objectives';
import { COUPLING_NAMES, presetCloud, SCENE_VERSION, sceneFlow, sceneObjective, SceneError, weightLengths, type Scene } from './scene';
import {
  base64urlDecode,
  base64urlEncode,
  decodeSceneLink,
  dequantize,
  encodeSceneLink,
  isUneditedPreset,
  LINK_EXTENT,
  LINK_FORMAT,
  LINK_FORMAT_OLD_DEFAULTS,
  LINK_FORMAT_POINTS,
  QUANT_STEP,
  quantize,
} from './sceneLink';
import { SOLVER_NAMES } from './solvers';

/** Half a quantization step, plus the float32 rounding of the decoded value near ±8. */
const TOLERANCE = QUANT_STEP / 2 + 1e-6;

function baseScene(source: Float32Array, target: Float32Array): Scene {
  return {
    version: 2,
    objective: 'realnvp',
    seed: 42,
    source: { points: source, origin: { kind: 'drawn' } },
    target: { points: target, origin: { kind: 'preset', spec: 'moons', seed: 42 } },
    train: { ...DEFAULT_TRAIN, width: 64, coupling: 'ot', learningRate: 1.234e-3 },
    flow: { ...DEFAULT_FLOW, couplings: 4 },
    sample: { ...DEFAULT_SAMPLE, solver: 'rk4', steps: 17 },
    view: { t: 0.3125, layers: { clouds: true, particles: false, trails: true, field: false } },
  };
}

function expectClose(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const clamped = Math.min(Math.max(expected[i], -LINK_EXTENT), LINK_EXTENT);
    worst = Math.max(worst, Math.abs(actual[i] - clamped));
  }
  expect(worst).toBeLessThanOrEqual(TOLERANCE);
}

function expectSameSettings(back: Scene, scene: Scene): void {
  expect(back.version).toBe(SCENE_VERSION);
  expect(back.objective).toBe(sceneObjective(scene));
  expect(back.flow).toEqual(sceneFlow(scene));
  expect(back.seed).toBe(scene.seed);
  expect(back.train).toEqual(scene.train);
  expect(back.sample).toEqual(scene.sample);
  expect(back.view).toEqual(scene.view);
  expect(back.source.origin).toEqual(scene.source.origin);
  expect(back.target.origin).toEqual(scene.target.origin);
  expect(back.source.labels).toEqual(scene.source.labels);
  expect(back.target.labels).toEqual(scene.target.labels);
  expect(back.weights).toBeUndefined();
}

/** Points the app's brush sprays (cloudEdits.brushPoints): dabs of `density` points along wandering strokes. */
function brushDrawn(seed: number, n: number, radius: number, density: number): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(2 * n);
  let k = 0;
  let x = -3;
  let y = 0;
  let a = 0;
  while (k < 2 * n) {
    a += (rng.uniform() - 0.5) * 0.8;
    x += 0.15 * Math.cos(a);
    y += 0.15 * Math.sin(a);
    if (Math.abs(x) > 5 || Math.abs(y) > 5) {
      x = (rng.uniform() - 0.5) * 6;
      y = (rng.uniform() - 0.5) * 6;
    }
    const dab = brushPoints(x, y, radius, density, rng);
    for (let i = 0; i < dab.length && k < 2 * n; i++) out[k++] = dab[i];
  }
  return out;
}

/** Pointer samples along smooth pen strokes, `spacing` apart. */
function penDrawn(seed: number, n: number, spacing: number): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(2 * n);
  let x = 0;
  let y = 0;
  let a = 0;
  for (let i = 0; i < n; i++) {
    if (i % 300 === 0) {
      x = (rng.uniform() - 0.5) * 8;
      y = (rng.uniform() - 0.5) * 8;
      a = 2 * Math.PI * rng.uniform();
    }
    a += (rng.uniform() - 0.5) * 0.3;
    x += spacing * Math.cos(a);
    y += spacing * Math.sin(a);
    out[2 * i] = x;
    out[2 * i + 1] = y;
  }
  return out;
}

function errorOf(fn: () => unknown): SceneError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SceneError);
    return e as SceneError;
  }
  throw new Error('expected a SceneError, but nothing was thrown');
}

/** A raw link from a hand-made payload: format 1 (no clouds byte) unless `flags` is given (format 2). */
function rawLink(parts: { format?: number; flags?: number; settings?: unknown; settingsText?: string; clouds?: Uint8Array[]; tail?: Uint8Array }): string {
  const json = new TextEncoder().encode(parts.settingsText ?? JSON.stringify(parts.settings));
  const clouds = parts.clouds ?? [cloudPayload([]), cloudPayload([])];
  const tail = parts.tail ?? new Uint8Array(0);
  const head = parts.flags === undefined ? new Uint8Array(0) : new Uint8Array([parts.flags]);
  const size = 5 + json.length + head.length + clouds.reduce((s, c) => s + c.length, 0) + tail.length;
  const buf = new Uint8Array(size);
  buf[0] = parts.format ?? (parts.flags === undefined ? LINK_FORMAT_POINTS : LINK_FORMAT);
  new DataView(buf.buffer).setUint32(1, json.length, true);
  buf.set(json, 5);
  let o = 5 + json.length;
  for (const c of [head, ...clouds, tail]) {
    buf.set(c, o);
    o += c.length;
  }
  return base64urlEncode(deflateSync(buf));
}

function cloudPayload(zigzags: number[], count = zigzags.length / 2): Uint8Array {
  const out = new Uint8Array(4 + 2 * zigzags.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, count, true);
  zigzags.forEach((z, i) => v.setUint16(4 + 2 * i, z, true));
  return out;
}

function settingsOf(scene: Scene): Record<string, unknown> {
  return {
    version: 1,
    seed: scene.seed,
    source: { origin: scene.source.origin },
    target: { origin: scene.target.origin },
    train: scene.train,
    sample: scene.sample,
    view: scene.view,
  };
}

// ---------------------------------------------------------------------------------------------

describe('quantization', () => {
  it('covers [-8, 8] with 65,536 levels, 16/65535 apart', () => {
    expect(QUANT_STEP).toBe(16 / 65535);
    expect(quantize(-8)).toBe(-32768);
    expect(quantize(8)).toBe(32767);
    expect(dequantize(-32768)).toBe(-8);
    expect(dequantize(32767)).toBe(8);
    expect(quantize(-1000)).toBe(-32768);
    expect(quantize(1000)).toBe(32767);
  });

  it('every level reads back to itself, every coordinate within half a step', () => {
    for (let q = -32768; q <= 32767; q++) expect(quantize(dequantize(q))).toBe(q);
    fc.assert(
      fc.property(fc.double({ min: -8, max: 8, noNaN: true }), (x) => {
        expect(Math.abs(dequantize(quantize(x)) - x)).toBeLessThanOrEqual(QUANT_STEP / 2 + 1e-12);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('base64url', () => {
  it('round-trips bytes of every length without padding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const s = base64urlEncode(bytes);
        expect(s).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(base64urlDecode(s)).toEqual(bytes);
        expect(s).toBe(Buffer.from(bytes).toString('base64url'));
      }),
      { numRuns: 300 },
    );
  });
});

describe('scene links', () => {
  it('round-trip: points within QUANT_STEP / 2, settings exact, order kept, weights dropped', () => {
    const source = presetCloud('source', 'gaussian:0,-2,1.5', 3);
    const target = presetCloud('target', 'spiral', 3);
    const scene: Scene = {
      ...baseScene(source, target),
      weights: { shape: { hiddenLayers: 1, width: 8 }, arrays: weightLengths({ hiddenLayers: 1, width: 8 }).map((n) => new Float32Array(n)), step: 9 },
      train: { ...DEFAULT_TRAIN, hiddenLayers: 1, width: 8 },
    };
    const link = encodeSceneLink(scene);
    expect(link).toMatch(/^[A-Za-z0-9_-]+$/);
    const back = decodeSceneLink(link);
    expectSameSettings(back, scene);
    expectClose(back.source.points, source);
    expectClose(back.target.points, target);
  });

  it('clamps coordinates outside [-8, 8] and keeps empty clouds empty', () => {
    const scene = baseScene(new Float32Array([9, -50, 7.99, -8]), new Float32Array(0));
    const back = decodeSceneLink(encodeSceneLink(scene));
    expect(Array.from(back.source.points.subarray(0, 2))).toEqual([8, -8]);
    expectClose(back.source.points, scene.source.points);
    expect(back.target.points.length).toBe(0);
  });

  it('round-trips the largest clouds', () => {
    const big = presetCloud('source', 'checkerboard', 1);
    const full = new Float32Array(2 * MAX_CLOUD_POINTS);
    for (let i = 0; i < full.length; i++) full[i] = big[i % big.length];
    const back = decodeSceneLink(encodeSceneLink(baseScene(full, full)));
    expectClose(back.source.points, full);
    expectClose(back.target.points, full);
  });

  it('a 2 x 3,000-point scene drawn along pen strokes fits in 16 KB of text', () => {
    const scene = baseScene(penDrawn(1, 3000, 0.02), penDrawn(2, 3000, 0.02));
    const link = encodeSceneLink(scene);
    expect(link.length).toBeLessThan(16_000);
    expectClose(decodeSceneLink(link).source.points, scene.source.points);
  });

  it('a 2 x 3,000-point scene sprayed with the brush stays under 32 KB of text', () => {
    // Sprayed points are random within each dab: about 24 bits per point at this resolution, so
    // ~29 KB is close to what any order-keeping coding of them can reach (see sceneLink.ts).
    for (const radius of [0.1, 0.6, 1.2]) {
      const scene = baseScene(brushDrawn(1, 3000, radius, 20), brushDrawn(2, 3000, radius, 20));
      const link = encodeSceneLink(scene);
      expect(link.length, `radius ${radius}`).toBeLessThan(32_000);
    }
  });

  it('preset clouds of 2 x 2,000 points stay under 24 KB of text', () => {
    for (const [a, b] of [['gaussian', 'moons'], ['eight-gaussians', 'checkerboard'], ['spiral', 'smiley']] as const) {
      const link = encodeSceneLink(baseScene(presetCloud('source', a, 1), presetCloud('target', b, 1)));
      expect(link.length, `${a} -> ${b}`).toBeLessThan(24_000);
    }
  });
});

describe('links written before the default recipe changed (format 2)', () => {
  const scene = (train: Partial<typeof DEFAULT_TRAIN>): Scene => ({
    version: 2,
    seed: 1,
    source: { points: presetCloud('source', 'gaussian', 1), origin: { kind: 'preset', spec: 'gaussian', seed: 1 } },
    target: { points: presetCloud('target', 'moons', 1), origin: { kind: 'preset', spec: 'moons', seed: 1 } },
    train: { ...DEFAULT_TRAIN, ...train },
    sample: { ...DEFAULT_SAMPLE },
    view: { t: 0, layers: { clouds: true, particles: true, trails: true, field: true } },
  });
  /** A format-2 link as that app wrote it: train fields equal to its defaults left out. */
  const format2 = (train: Record<string, unknown>) =>
    rawLink({
      format: LINK_FORMAT_OLD_DEFAULTS,
      flags: 0,
      clouds: [],
      settings: { version: 1, seed: 1, source: { origin: { kind: 'preset', spec: 'gaussian', seed: 1 } }, target: { origin: { kind: 'preset', spec: 'moons', seed: 1 } }, train, sample: {} },
    });

  it('omitted fields mean the recipe of then (3 x 128, batch 512, lr 2e-3), not today\'s', () => {
    const back = decodeSceneLink(format2({}));
    expect(back.train).toEqual({ ...DEFAULT_TRAIN, width: 128, batchSize: 512, learningRate: 2e-3 });
    expect(back.train.width).not.toBe(DEFAULT_TRAIN.width);
  });

  it('fields the old link carries win over the recipe of then', () => {
    const back = decodeSceneLink(format2({ width: 32, coupling: 'ot' }));
    expect(back.train).toEqual({ ...DEFAULT_TRAIN, width: 32, batchSize: 512, learningRate: 2e-3, coupling: 'ot' });
  });

  it("today's links keep today's defaults and any setting exactly", () => {
    for (const train of [{}, { width: 128, batchSize: 512, learningRate: 2e-3 }, { hiddenLayers: 2 }]) {
      const s = scene(train);
      const link = encodeSceneLink(s);
      expect(inflateSync(base64urlDecode(link))[0]).toBe(LINK_FORMAT);
      expect(decodeSceneLink(link).train).toEqual(s.train);
    }
  });
});

describe('preset clouds travel as names (format 3)', () => {
  const presetScene = (source: string, target: string, seed: number): Scene => ({
    version: 2,
    seed,
    source: { points: presetCloud('source', source, seed), origin: { kind: 'preset', spec: source, seed } },
    target: { points: presetCloud('target', target, seed), origin: { kind: 'preset', spec: target, seed } },
    train: { ...DEFAULT_TRAIN },
    sample: { ...DEFAULT_SAMPLE },
    view: { t: 0, layers: { clouds: true, particles: true, trails: true, field: true } },
  });

  it("the default scene's link is under 300 characters and regenerates exactly the same clouds", () => {
    const scene = presetScene('gaussian', 'moons', 1);
    const link = encodeSceneLink(scene);
    expect(link.length).toBeLessThan(300);
    const back = decodeSceneLink(link);
    expectSameSettings(back, scene);
    expect(back.source.points).toEqual(scene.source.points);
    expect(back.target.points).toEqual(scene.target.points);
  });

  it('every preset pair with changed settings stays under 300 characters and round-trips exactly', () => {
    for (const [a, b] of [['eight-gaussians', 'checkerboard'], ['spiral', 'smiley'], ['gaussian:0,-5,0.5', 'rings']] as const) {
      const scene: Scene = {
        ...presetScene(a, b, 77),
        train: { ...DEFAULT_TRAIN, width: 64, coupling: 'ot', learningRate: 1.234e-3 },
        sample: { ...DEFAULT_SAMPLE, solver: 'rk4', steps: 17 },
        view: { t: 0.3125, layers: { clouds: true, particles: false, trails: true, field: false } },
      };
      const link = encodeSceneLink(scene);
      expect(link.length, `${a} -> ${b}`).toBeLessThan(300);
      const back = decodeSceneLink(link);
      expectSameSettings(back, scene);
      expect(back.source.points).toEqual(scene.source.points);
      expect(back.target.points).toEqual(scene.target.points);
    }
  });

  it('drawn clouds, and presets moved off their origin, still travel as points', () => {
    const drawn = penDrawn(5, 500, 0.02);
    const edited = presetCloud('target', 'moons', 1).map((v) => v + 0.5);
    const scene: Scene = { ...presetScene('gaussian', 'moons', 1), source: { points: drawn, origin: { kind: 'drawn' } } };
    scene.target = { points: edited, origin: scene.target.origin };
    expect(isUneditedPreset('target', scene.target)).toBe(false);
    const link = encodeSceneLink(scene);
    expect(link.length).toBeGreaterThan(1000);
    const back = decodeSceneLink(link);
    expect(back.source.origin).toEqual({ kind: 'drawn' });
    expectClose(back.source.points, drawn);
    expectClose(back.target.points, edited);
    // Only the drawn side carries points when the other is an unedited preset.
    const half = decodeSceneLink(encodeSceneLink({ ...scene, target: presetScene('gaussian', 'moons', 1).target }));
    expectClose(half.source.points, drawn);
    expect(half.target.points).toEqual(presetCloud('target', 'moons', 1));
  });

  it('old format-1 links (every cloud as points) still open', () => {
    // Written by a version-1 app: a flow-matching scene with the default flow settings.
    const scene: Scene = { ...baseScene(new Float32Array([0, 0, 1, 1]), new Float32Array([0.5, -0.5])), objective: 'fm', flow: { ...DEFAULT_FLOW } };
    const cloud = (p: Float32Array): Uint8Array => {
      const zz: number[] = [];
      let px = 0;
      let py = 0;
      for (let i = 0; i < p.length; i += 2) {
        const qx = quantize(p[i]);
        const qy = quantize(p[i + 1]);
        for (const d of [qx - px, qy - py]) zz.push(((d << 1) ^ (d >> 15)) & 0xffff);
        px = qx;
        py = qy;
      }
      return cloudPayload(zz);
    };
    const link = rawLink({ format: LINK_FORMAT_POINTS, settings: settingsOf(scene), clouds: [cloud(scene.source.points), cloud(scene.target.points)] });
    const back = decodeSceneLink(link);
    expectSameSettings(back, scene);
    expectClose(back.source.points, scene.source.points);
    expectClose(back.target.points, scene.target.points);
  });
});

describe('malformed links throw SceneError with a clear message', () => {
  const scene = baseScene(new Float32Array([0, 1, 2, 3]), new Float32Array([1, 1]));
  const good = settingsOf(scene);

  const cases: [string, () => string, RegExp][] = [
    ['empty', () => '', /^the scene link is empty$/],
    ['a character outside base64url', () => encodeSceneLink(scene).slice(0, 10) + '+' + encodeSceneLink(scene).slice(11), /character that base64url does not use at position 10: "\+"/],
    ['an impossible length', () => 'AAAAA', /not possible for base64url/],
    ['not deflate data', () => base64urlEncode(new Uint8Array([0xff, 0xfe, 0xfd, 0xfc, 1, 2, 3])), /^the link is damaged/],
    ['cut inside the compressed data', () => encodeSceneLink(scene).slice(0, 12), /^the link is (damaged|cut short)/],
    ['a deflate bomb', () => base64urlEncode(deflateSync(new Uint8Array(5_000_000), { level: 9 })), /unpacks to more data than a scene can hold/],
    ['wrong format byte', () => rawLink({ format: 4, settings: good }), /^the link uses format 4; this app reads formats 1 to 3$/],
    ['a bad clouds byte', () => rawLink({ flags: 4, settings: good, clouds: [] }), /^the link's clouds byte is 4; it must be 0 to 3$/],
    ['a drawn cloud sent without points', () => rawLink({ flags: 2, settings: good, clouds: [cloudPayload([2, 2])] }), /^the link's source cloud is drawn but carries no points$/],
    ['a missing clouds byte', () => rawLink({ format: 2, settings: good, clouds: [] }), /^the link is truncated: the clouds byte is cut short$/],
    ['truncated header', () => base64urlEncode(deflateSync(new Uint8Array([1, 5, 0]))), /^the link is truncated: the settings length is cut short$/],
    ['truncated settings', () => base64urlEncode(deflateSync(new Uint8Array([1, 200, 0, 0, 0, 123]))), /^the link is truncated: the settings text is cut short$/],
    ['settings that are not JSON', () => rawLink({ settingsText: '{"version":1,' }), /^the link's settings are not valid JSON/],
    ['settings that are not an object', () => rawLink({ settings: [1, 2] }), /^the link's settings must be a JSON object$/],
    ['wrong scene version', () => rawLink({ settings: { ...good, version: 4 } }), /^version must be 1, 2 or 3 \(got 4\)/],
    ['trained models in a link', () => rawLink({ settings: { ...good, compare: { models: [] } } }), /^a scene link carries no trained models$/],
    ['hostile settings: __proto__', () => rawLink({ settingsText: JSON.stringify(good).replace('{', '{"__proto__":{"x":1},') }), /field name "__proto__" is not allowed/],
    ['hostile settings: constructor', () => rawLink({ settingsText: JSON.stringify(good).replace('"train":{', '"train":{"constructor":1,') }), /^train\.constructor: the field name "constructor" is not allowed$/],
    ['settings carrying weights', () => rawLink({ settings: { ...good, weights: {} } }), /^a scene link carries no weights$/],
    ['settings carrying points', () => rawLink({ settings: { ...good, source: { ...(good.source as object), points: [1, 2] } } }), /carry source\.points/],
    ['a bad setting', () => rawLink({ settings: { ...good, sample: { ...scene.sample, steps: 0 } } }), /^sample\.steps must be between 1 and 200 \(got 0\)$/],
    ['missing source', () => rawLink({ settings: { ...good, source: undefined } }), /^source is missing$/],
    ['too many points', () => rawLink({ settings: good, clouds: [cloudPayload([], MAX_CLOUD_POINTS + 1), cloudPayload([])] }), /source cloud has 20001 points; a cloud holds at most 20000/],
    ['a cloud cut short', () => rawLink({ settings: good, clouds: [cloudPayload([0, 0, 0], 2)] }), /^the link is truncated: the source cloud is cut short$/],
    ['a missing target cloud', () => rawLink({ settings: good, clouds: [cloudPayload([0, 0])] }), /^the link is truncated: the target point count is cut short$/],
    ['bytes after the clouds', () => rawLink({ settings: good, tail: new Uint8Array([7]) }), /^the link has 1 unexpected bytes at its end$/],
  ];
  for (const [name, make, message] of cases) {
    it(name, () => expect(errorOf(() => decodeSceneLink(make())).message).toMatch(message));
  }
});

// ---------------------------------------------------------------------------------------------
// Properties

const f32 = (b: number) => fc.float({ min: Math.fround(-b), max: Math.fround(b), noNaN: true, noDefaultInfinity: true });
const pointsArb = fc.array(fc.tuple(f32(8), f32(8)), { maxLength: 60 }).map((ps) => Float32Array.from(ps.flat()));
const originArb = fc.oneof(
  fc.record({ kind: fc.constant('preset' as const), spec: fc.constantFrom(...PRESET_NAMES, 'gaussian:1.5,-2,0.25'), seed: fc.nat({ max: 0xffffffff }) }),
  fc.constant({ kind: 'drawn' as const }),
);
const int = (r: { min: number; max: number }) => fc.integer(r);
const dbl = (r: { min: number; max: number }) => fc.double({ min: r.min, max: r.max, noNaN: true });
const labelledCloudArb = fc.record({ points: pointsArb, origin: originArb, labelled: fc.boolean() }).chain(({ points, origin, labelled }) =>
  labelled
    ? fc.array(fc.integer({ min: 0, max: 3 }), { minLength: points.length >> 1, maxLength: points.length >> 1 }).map((l) => ({ points, origin, labels: Uint8Array.from(l) }))
    : fc.constant({ points, origin }),
);

const linkSceneArb: fc.Arbitrary<Scene> = fc.record({
  version: fc.constant(2 as const),
  objective: fc.constantFrom(...OBJECTIVES),
  seed: fc.nat({ max: 0xffffffff }),
  source: labelledCloudArb,
  target: labelledCloudArb,
  train: fc.record({
    hiddenLayers: int(TRAIN_LIMITS.hiddenLayers),
    width: int(TRAIN_LIMITS.width),
    learningRate: dbl(TRAIN_LIMITS.learningRate),
    batchSize: int(TRAIN_LIMITS.batchSize),
    jitter: dbl(TRAIN_LIMITS.jitter),
    path: fc.constantFrom(...DIFFUSION_PATH_NAMES),
    sigmaMin: dbl(TRAIN_LIMITS.sigmaMin),
    coupling: fc.constantFrom(...COUPLING_NAMES),
    targetKind: fc.constantFrom(...TARGET_KINDS),
    conditional: fc.boolean(),
    labelDrop: dbl(TRAIN_LIMITS.labelDrop),
  }),
  flow: fc.record({ cnfSteps: int(FLOW_LIMITS.cnfSteps), couplings: int(FLOW_LIMITS.couplings), couplingLayers: int(FLOW_LIMITS.couplingLayers), couplingWidth: int(FLOW_LIMITS.couplingWidth) }),
  sample: fc.record({
    solver: fc.constantFrom(...SOLVER_NAMES),
    steps: int(SAMPLE_LIMITS.steps),
    particles: int(SAMPLE_LIMITS.particles),
    guidance: dbl(SAMPLE_LIMITS.guidance),
    sampleClass: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
    sdeNoise: dbl(SAMPLE_LIMITS.sdeNoise),
  }),
  view: fc.record({
    t: fc.double({ min: 0, max: 1, noNaN: true }),
    layers: fc.record({ clouds: fc.boolean(), particles: fc.boolean(), trails: fc.boolean(), field: fc.boolean() }),
  }),
});

const onlySceneError = (fn: () => unknown): void => {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof SceneError)) throw e;
  }
};

describe('scene link properties', () => {
  it('labels travel: a labelled preset as its name and a digit string, a drawn labelled cloud with its points', () => {
    const moons = samplePresetLabelled(parsePreset('moons'), PRESET_POINTS, deriveSeed(42, 'target'))!;
    const scene: Scene = {
      ...baseScene(new Float32Array([1, 2, 3, 4, -1, 0]), moons.points),
      objective: 'fm',
      train: { ...DEFAULT_TRAIN, conditional: true, path: 'vp', targetKind: 'epsilon' },
      sample: { ...DEFAULT_SAMPLE, guidance: 3, sampleClass: 1, sdeNoise: 0.5 },
    };
    scene.target.labels = moons.labels;
    scene.source.labels = Uint8Array.from([2, 0, 3]);
    const link = encodeSceneLink(scene);
    const back = decodeSceneLink(link);
    expectSameSettings(back, scene);
    expect(back.target.points).toEqual(moons.points);
    // 2,000 one-bit labels deflate to a few hundred bytes.
    const unlabelled = encodeSceneLink({ ...scene, target: { points: moons.points, origin: scene.target.origin } });
    expect(link.length - unlabelled.length).toBeLessThan(600);
  });

  it('random scenes round-trip: points within QUANT_STEP / 2, settings exact', () => {
    fc.assert(
      fc.property(linkSceneArb, (scene) => {
        const back = decodeSceneLink(encodeSceneLink(scene));
        expectSameSettings(back, scene);
        expectClose(back.source.points, scene.source.points);
        expectClose(back.target.points, scene.target.points);
      }),
      { numRuns: 200 },
    );
  });

  it('every truncation of a link is refused', () => {
    const link = encodeSceneLink(baseScene(presetCloud('source', 'moons', 2).subarray(0, 200), new Float32Array([1, 2, 3, 4])));
    for (let cut = 0; cut < link.length; cut++) expect(() => decodeSceneLink(link.slice(0, cut)), `cut at ${cut}`).toThrow(SceneError);
  });

  it('truncated links, flipped bits and random strings throw nothing but SceneError', () => {
    fc.assert(
      fc.property(linkSceneArb, fc.nat(), (scene, cut) => {
        const link = encodeSceneLink(scene);
        onlySceneError(() => decodeSceneLink(link.slice(0, cut % link.length)));
      }),
      { numRuns: 200 },
    );
    // A flipped bit in the text, in the compressed bytes, and in the uncompressed payload.
    fc.assert(
      fc.property(linkSceneArb, fc.nat(), fc.integer({ min: 0, max: 7 }), fc.constantFrom('text', 'compressed', 'payload'), (scene, at, bit, where) => {
        const link = encodeSceneLink(scene);
        let bad: string;
        if (where === 'text') {
          const i = at % link.length;
          bad = link.slice(0, i) + String.fromCharCode(link.charCodeAt(i) ^ (1 << bit)) + link.slice(i + 1);
        } else {
          const bytes = base64urlDecode(link).slice();
          if (where === 'compressed') {
            bytes[at % bytes.length] ^= 1 << bit;
            bad = base64urlEncode(bytes);
          } else {
            const raw = inflateSync(bytes);
            raw[at % raw.length] ^= 1 << bit;
            bad = base64urlEncode(deflateSync(raw));
          }
        }
        onlySceneError(() => decodeSceneLink(bad));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[A-Za-z0-9_-]{0,200}$/)), (s) => onlySceneError(() => decodeSceneLink(s))),
      { numRuns: 200 },
    );
  });
});
