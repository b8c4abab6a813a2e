/**
 * The compare view's worker side on tfjs's cpu backend in Node: three models (flow matching, the CNF,
 * RealNVP) on the same clouds share the turns by training time, report progress, held-out scores and
 * pictures whose layout the view relies on; a model whose loss goes non-finite stops alone.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { DEFAULT_TRAIN, type TrainConfig } from '../../src/core/config';
import { parsePreset, samplePreset } from '../../src/core/presets';
import { CompareRuns, holdOut, sheetPoints, SHEET_LINES, SHEET_POINTS, type CompareHost } from '../../src/worker/compareRuns';
import type { CompareSettings, CompareSnapshot, FromWorker } from '../../src/worker/protocol';
import { Scheduler } from '../../src/worker/scheduler';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const small: TrainConfig = { ...DEFAULT_TRAIN, hiddenLayers: 1, width: 16, batchSize: 64 };
const source = samplePreset(parsePreset('gaussian'), 600, 1);
const target = samplePreset(parsePreset('gaussian:2,1,0.5'), 600, 2);

function setup(settings: Partial<CompareSettings> = {}) {
  const posted: FromWorker[] = [];
  const host: CompareHost = { post: (m) => posted.push(m), explicitTranspose: () => false, scene: () => ({ source, target, seed: 3, train: small }) };
  const runs = new CompareRuns(host, { objectives: ['fm', 'cnf', 'realnvp'], cnfSteps: 1, couplings: 4, source: { mean: [0, 0], std: 1 }, heldOut: null, ...settings });
  return { runs, posted };
}

describe('compare helpers', () => {
  it('the rubber sheet spans mean +- 2.5 std in lines of constant y, then of constant x', () => {
    const s = sheetPoints([1, -1], 2);
    expect(s.length).toBe(2 * 2 * SHEET_LINES * SHEET_POINTS);
    // First line: y = -1 - 5, x from -4 to 6.
    expect([s[0], s[1]]).toEqual([-4, -6]);
    expect([s[2 * (SHEET_POINTS - 1)], s[2 * (SHEET_POINTS - 1) + 1]]).toEqual([6, -6]);
    // First line of constant x: x = -4, y from -6 up.
    const o = 2 * SHEET_LINES * SHEET_POINTS;
    expect([s[o], s[o + 1]]).toEqual([-4, -6]);
    expect(s[o + 3]).toBeCloseTo(-6 + 10 / (SHEET_POINTS - 1), 5);
  });

  it('holds out every fifth point of a drawn target and trains on the rest', () => {
    const t = Float32Array.from({ length: 20 }, (_, i) => i);
    const { train, heldOut } = holdOut(t);
    expect(Array.from(heldOut)).toEqual([8, 9, 18, 19]);
    expect(Array.from(train)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17]);
  });
});

describe('compare runs', () => {
  it('share training time, score held-out points and draw pictures of the right layout', async () => {
    const { runs, posted } = setup();
    const scheduler = new Scheduler({ post: () => {}, apply: async () => {}, onError: (e) => { throw e; } });
    scheduler.add(runs);
    runs.setRunning(null, true);
    const steps = (o: string) => (posted.filter((m) => m.type === 'compareProgress' && m.objective === o).at(-1) as { step: number } | undefined)?.step ?? 0;
    const until = performance.now() + 40_000;
    const t0 = performance.now();
    let passes = 0;
    while (performance.now() < until && !(steps('fm') >= 40 && steps('cnf') >= 4 && steps('realnvp') >= 10 && passes > 30)) {
      await runs.trainChunk();
      await runs.refresh();
      passes++;
    }
    console.log(`compare: ${passes} passes in ${(performance.now() - t0).toFixed(0)} ms; steps fm ${steps('fm')} cnf ${steps('cnf')} realnvp ${steps('realnvp')}`);
    runs.setRunning(null, false);
    await runs.refresh();
    const progress = (o: string) => posted.filter((m) => m.type === 'compareProgress' && m.objective === o).at(-1) as Extract<FromWorker, { type: 'compareProgress' }>;
    const seconds = ['fm', 'cnf', 'realnvp'].map((o) => progress(o).seconds);
    // Each turn goes to the model that trained least: within one chunk of each other.
    expect(Math.max(...seconds) - Math.min(...seconds)).toBeLessThan(0.6);
    expect(progress('fm').step).toBeGreaterThan(progress('cnf').step);
    expect(progress('fm').evalsPerStep).toBe(1);
    expect(progress('cnf').evalsPerStep).toBe(4);
    expect(progress('realnvp').evalsPerStep).toBe(4);
    expect(progress('fm').running).toBe(false);
    for (const o of ['fm', 'cnf', 'realnvp'] as const) {
      const scores = posted.filter((m) => m.type === 'compareHeldOut' && m.objective === o) as Extract<FromWorker, { type: 'compareHeldOut' }>[];
      expect(scores.length).toBeGreaterThanOrEqual(2);
      expect(scores[0].step).toBe(0);
      for (const s of scores) expect(Number.isFinite(s.nll)).toBe(true);
      // Training lowers the held-out NLL.
      expect(scores.at(-1)!.nll).toBeLessThan(scores[0].nll);
      const snaps = posted.filter((m) => m.type === 'compareSnapshot' && m.snapshot.objective === o).map((m) => (m as { snapshot: CompareSnapshot }).snapshot);
      const last = snaps.at(-1)!;
      expect(last.frames).toBe(o === 'realnvp' ? 5 : 9);
      expect(last.particles.length).toBe(2 * last.particleCount * last.frames);
      expect(last.sheet.length).toBe(2 * 2 * SHEET_LINES * SHEET_POINTS * last.frames);
      expect(last.density?.length).toBe(last.densitySize ** 2);
      // Frame 0 is the source: the sheet's first point where sheetPoints put it.
      const sheet0 = sheetPoints([0, 0], 1);
      expect(last.sheet[0]).toBeCloseTo(sheet0[0], 4);
      expect(last.sheet[1]).toBeCloseTo(sheet0[1], 4);
      expect(Number.isFinite(last.fit) && Number.isFinite(last.fitFloor)).toBe(true);
    }
    runs.dispose();
  }, 60_000);

  it('a model whose loss goes non-finite stops and says so; the others go on', async () => {
    const { runs, posted } = setup({ objectives: ['fm', 'realnvp'] });
    const bad = (await (runs as unknown as { entries: Map<string, { model: { getArrays(): Promise<Float32Array[]> } }> }).entries.get('realnvp')!.model.getArrays()).map((a) => a.map(() => NaN));
    runs.load([{ objective: 'realnvp', step: 10, seconds: 0, arrays: bad }]);
    runs.setRunning(null, true);
    for (let i = 0; i < 6; i++) await runs.trainChunk();
    const diverged = posted.find((m) => m.type === 'compareDiverged');
    expect(diverged && diverged.type === 'compareDiverged' && diverged.objective).toBe('realnvp');
    expect(diverged && diverged.type === 'compareDiverged' && diverged.message).toMatch(/RealNVP diverged/);
    const fmSteps = posted.filter((m) => m.type === 'compareProgress' && m.objective === 'fm');
    expect(fmSteps.length).toBeGreaterThanOrEqual(4);
    expect(runs.running).toBe(true);
    runs.dispose();
  });
});
