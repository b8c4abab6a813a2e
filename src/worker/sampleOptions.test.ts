import { describe, expect, it } from 'vitest';
import { DEFAULT_SAMPLE, DEFAULT_TRAIN } from '../core/config';
import { NULL_CLASS } from '../core/labels';
import { fieldFor, samplingFor, type SamplingContext } from './sampleOptions';

const labels = new Uint8Array([0, 0, 0, 1]);
const ctx = (train: Partial<SamplingContext['train']>, sample: Partial<SamplingContext['sample']>): SamplingContext => ({
  train: { ...DEFAULT_TRAIN, ...train },
  sample: { ...DEFAULT_SAMPLE, ...sample },
  targetLabels: labels,
  seed: 5,
});

describe('sampling options of a run', () => {
  it('a conditional model asks every particle for the picked class, with the guidance and the SDE noise set', () => {
    const d = samplingFor(ctx({ conditional: true, path: 'vp', targetKind: 'epsilon' }, { sampleClass: 1, guidance: 3, sdeNoise: 0.5 }), 6);
    expect(Array.from(d.labels!)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(d).toMatchObject({ kind: 'epsilon', path: 'vp', guidance: 3, sdeNoise: 0.5 });
    // The ODE option (probes, reverse paths) drops the noise only.
    expect(samplingFor(ctx({ conditional: true }, { sdeNoise: 0.5 }), 2, { ode: true }).sdeNoise).toBe(0);
  });

  it('"all classes" draws each particle\'s class from the labels, in their proportions and from the seed', () => {
    const c = ctx({ conditional: true }, { sampleClass: null });
    const a = samplingFor(c, 4000).labels!;
    const ones = a.reduce((n, v) => n + v, 0);
    expect(ones / 4000).toBeGreaterThan(0.2);
    expect(ones / 4000).toBeLessThan(0.3);
    expect(Array.from(samplingFor(c, 4000).labels!)).toEqual(Array.from(a));
  });

  it('an unconditional model gets no classes; the field is the picked class\'s only for a conditional model', () => {
    expect(samplingFor(ctx({ conditional: false }, { sampleClass: 1 }), 3).labels).toBeNull();
    expect(fieldFor(ctx({ conditional: false }, { sampleClass: 1 })).label).toBe(NULL_CLASS);
    expect(fieldFor(ctx({ conditional: true }, { sampleClass: 1, guidance: 2 }))).toMatchObject({ label: 1, guidance: 2 });
    expect(fieldFor(ctx({ conditional: true }, { sampleClass: null })).label).toBe(NULL_CLASS);
  });
});
