import { beforeEach, describe, expect, it } from 'vitest';
import { useScene } from './sceneStore';
import { useNotices } from './noticeStore';
import { DEFAULT_SAMPLE, DEFAULT_TRAIN, MAX_CLOUD_POINTS } from '../core/config';

const lastNotice = () => useNotices.getState().notices.at(-1)?.message ?? '';

beforeEach(() => {
  useNotices.getState().clear();
  useScene.setState({ train: { ...DEFAULT_TRAIN }, sample: { ...DEFAULT_SAMPLE } });
});

describe('settings are clamped at the store boundary, with a message', () => {
  it.each([
    ['learningRate', 50, 10],
    ['learningRate', -1, 1e-5],
    ['batchSize', 1e9, 4096],
    ['batchSize', 100.4, 100],
    ['width', 0, 8],
    ['hiddenLayers', 40, 6],
    ['jitter', -2, 0],
  ] as const)('train.%s = %s becomes %s', (key, value, expected) => {
    useScene.getState().setTrain({ [key]: value });
    expect(useScene.getState().train[key]).toBe(expected);
    if (value !== expected) expect(lastNotice()).toMatch(new RegExp(`${key} must be between`));
  });
  it('refuses NaN and Infinity by clamping to the minimum', () => {
    useScene.getState().setTrain({ learningRate: NaN });
    expect(useScene.getState().train.learningRate).toBe(1e-5);
    useScene.getState().setSample({ steps: Infinity });
    expect(useScene.getState().sample.steps).toBe(1);
  });
  it.each([
    ['steps', 0, 1],
    ['steps', 5000, 200],
    ['particles', 1e7, 10000],
  ] as const)('sample.%s = %s becomes %s', (key, value, expected) => {
    useScene.getState().setSample({ [key]: value });
    expect(useScene.getState().sample[key]).toBe(expected);
    expect(lastNotice()).toMatch(/must be between/);
  });
  it('leaves valid values alone and says nothing', () => {
    useScene.getState().setTrain({ learningRate: 0.003, batchSize: 256 });
    expect(useScene.getState().train).toMatchObject({ learningRate: 0.003, batchSize: 256 });
    expect(useNotices.getState().notices).toEqual([]);
  });
});

describe('clouds', () => {
  it('refuses a bad preset and keeps the cloud', () => {
    const before = useScene.getState().target;
    expect(useScene.getState().setPreset('target', 'gaussian:1')).toBe(false);
    expect(useScene.getState().target).toBe(before);
    expect(lastNotice()).toMatch(/three numbers/);
  });
  it('caps a cloud at the maximum point count with a message', () => {
    useScene.getState().editCloud('source', new Float32Array(2 * (MAX_CLOUD_POINTS + 10)));
    useScene.getState().commitEdit();
    expect(useScene.getState().source.length).toBe(2 * MAX_CLOUD_POINTS);
    expect(lastNotice()).toMatch(/at most 20,000 points/);
  });
  it('undo and redo restore the exact arrays of one gesture', () => {
    const s = useScene.getState();
    const before = s.target;
    s.editCloud('target', new Float32Array([1, 2]));
    s.editCloud('target', new Float32Array([1, 2, 3, 4]));
    s.commitEdit();
    const after = useScene.getState().target;
    useScene.getState().undo();
    expect(useScene.getState().target).toBe(before);
    useScene.getState().redo();
    expect(useScene.getState().target).toBe(after);
    expect(useScene.getState().targetSpec).toBeNull();
  });
});
