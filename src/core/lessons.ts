/**
 * The guided lessons, as data: what each step puts on the stage, which controls it points at, and
 * what it says. The UI (src/ui/lessons/) applies a step through the stores; tests read the same data.
 * Every explanation here is written for this app; the formulas are KaTeX source.
 */
import { DEFAULT_TRAIN, type CouplingName, type SampleConfig, type TrainConfig } from './config';
import type { RateStep } from './rateSchedule';
import { integrate } from './solvers';
import { DEFAULT_LAYERS, type Layers } from './layers';

export type LessonLayers = Layers;

/** Labelled markers drawn on the stage: the Euler positions of the worked example. */
export interface EulerMarkers {
  from: [number, number];
  to: [number, number];
  steps: number;
}

export interface LessonSetup {
  /**
   * A trained scene in public/scenes/ that the step opens (clouds, settings and weights), so what
   * the text describes is on the stage at once. source, target and train then describe that scene
   * (a unit test checks they match) and are the fallback when the file cannot be loaded.
   */
  scene?: string;
  source: string;
  target: string;
  train: Partial<TrainConfig> & { jitter: number; coupling: CouplingName };
  /** Solver and steps; guidance, class and SDE noise fall back to the defaults when left out. */
  sample: Pick<SampleConfig, 'solver' | 'steps'> & Partial<Pick<SampleConfig, 'guidance' | 'sampleClass' | 'sdeNoise'>>;
  layers: LessonLayers;
  tool: 'move' | 'inspect';
  playing: boolean;
  /** The clock's t when the step opens (paused steps). */
  t: number;
  /**
   * Start training when the step opens. Steps with a trained scene open paused, so the stage shows
   * exactly the model the text describes (a fresh Adam on trained weights first shakes the fit).
   */
  training: boolean;
  markers?: EulerMarkers;
  /**
   * Learning rate by training step while the step is open: the last entry whose fromStep has been
   * reached applies. Lets a tiny problem settle to many decimals (constant-rate Adam keeps jittering).
   */
  schedule?: RateStep[];
  /** The step pauses training once this many steps are done (the fit has settled; the user may go on). */
  stopAtStep?: number;
  /**
   * The step opens the compare view (flow matching, the CNF and RealNVP side by side): from the
   * scene's trained models and their recorded race (`pretrained`), or afresh; `training` then trains
   * all of them. Steps without it close the compare view.
   */
  compare?: { pretrained: boolean };
  /** The step opens the Images view (digits made in the browser, from noise); `training` trains its model. */
  images?: { training: boolean };
}

export interface LessonPart {
  /** Plain text, or a formula when `math` is set (KaTeX source, shown as a display formula). */
  text?: string;
  math?: string;
}

export interface LessonStep {
  id: string;
  title: string;
  /** What to look at and why, a few short paragraphs. */
  body: LessonPart[];
  /** One line: what to try. */
  tryIt: string;
  setup: LessonSetup;
  /** data-testid of the controls that matter in this step; they glow, and presenter mode keeps them. */
  highlight: string[];
}

/** Short names of the controls lessons point at (data-testid -> name), for the "Show" buttons. */
export const CONTROL_NAMES: Readonly<Record<string, string>> = {
  'images-train': 'Train (images)',
  'images-grid': 'samples grid',
  'images-pca': 'principal-axes picture',
  'train-toggle': 'Train',
  'time-slider': 'time slider',
  'set-steps': 'solver steps',
  'set-solver': 'solver',
  'layer-pairs': 'Pairs layer',
  'layer-field': 'Field layer',
  'layer-trails': 'Trails layer',
  'loss-value': 'loss',
  'fit-score': 'fit score',
  'fit-floor': 'noise floor',
  'tool-probe': 'Probe tool',
  'probe-readout': 'probe readout',
  'explain-panel': 'What the numbers mean',
  'race-chart': 'race chart',
  'compare-cost-table': 'cost table',
  'set-conditional': 'conditional',
  'set-guidance': 'guidance slider',
  'sample-class-0': 'class A',
  'class-accuracy': 'class accuracy',
  'guidance-sweep': 'accuracy and fit vs w',
  'set-diffusion-path': 'probability path',
  'set-target-kind': 'network predicts',
  'set-sde-noise': 'SDE noise slider',
  'explain-target': 'prediction target',
};

const ALL_LAYERS: LessonLayers = { ...DEFAULT_LAYERS };
/** The default model and optimiser, for the straight-path step, which trains from fresh weights. */
const DEFAULT_MODEL_TRAIN = {
  jitter: DEFAULT_TRAIN.jitter,
  coupling: 'independent' as const,
  learningRate: DEFAULT_TRAIN.learningRate,
  hiddenLayers: DEFAULT_TRAIN.hiddenLayers,
  width: DEFAULT_TRAIN.width,
  batchSize: DEFAULT_TRAIN.batchSize,
};
/**
 * The trained scene of the later steps (npm run scenes: 6,000 steps of a 3 x 64 network, independent
 * pairs) and its settings, which the fallback uses when the file cannot be loaded.
 */
export const MOONS_SCENE = 'gaussian-to-moons.json';
/** Flow matching, the CNF and RealNVP trained side by side on Gaussian → moons (scripts/race-scene.ts). */
export const RACE_SCENE = 'gaussian-to-moons-race.json';
const MOONS_TRAIN = {
  jitter: DEFAULT_TRAIN.jitter,
  coupling: 'independent' as const,
  learningRate: 2e-3,
  hiddenLayers: 3,
  width: 64,
  batchSize: 256,
};
const EULER_50 = { solver: 'euler' as const, steps: 50 };

/** The race steps' scene (the compare view opens on its clouds and settings). */
const RACE_SETUP = {
  scene: RACE_SCENE,
  source: 'gaussian',
  target: 'moons',
  train: MOONS_TRAIN,
  sample: EULER_50,
  layers: ALL_LAYERS,
  tool: 'move' as const,
};

export const WORKED_EXAMPLE: EulerMarkers = { from: [0, -5], to: [5, 0], steps: 5 };

export const LESSONS: readonly LessonStep[] = [
  {
    id: 'worked-example',
    title: 'One point to one point, in five steps',
    body: [
      {
        text: 'The smallest possible flow: the source is a single point at (0, −5) and the target a single point at (5, 0). The straight segment between them is the whole story of this pair.',
      },
      { text: 'Moving along it at constant speed, the displacement per unit of time is the difference of the ends:' },
      { math: '\\frac{dx_t}{dt} = x_1 - x_0 = (5,0) - (0,-5) = (5,5)' },
      {
        text: 'Split the trip into five equal Euler steps of size 1/5 and each step adds (1, 1). The labelled markers are those stops. Training teaches the network v(x, t) ≈ (5, 5) everywhere on the segment, so the particles land on the markers at t = 0, 0.2, …, 1.',
      },
      { text: 'One pair needs only a tiny network (2 layers of 32). The learning rate steps down as the loss flattens, and after 34,000 steps training pauses with every particle within a thousandth of its stop: the readout below says how close they are.' },
    ],
    tryIt: 'Press ◀ / ▶ or drag the slider to t = 0.2, 0.4, … and watch the particle sit on each marker.',
    setup: {
      source: 'gaussian:0,-5,0',
      target: 'gaussian:5,0,0',
      // One pair needs only a tiny network; it trains in seconds.
      train: { jitter: 0, coupling: 'independent', hiddenLayers: 2, width: 32, batchSize: 256, learningRate: 3e-3 },
      sample: { solver: 'euler', steps: 5 },
      layers: ALL_LAYERS,
      tool: 'move',
      playing: false,
      t: 0,
      training: true,
      markers: WORKED_EXAMPLE,
      // Adam at a fixed rate keeps the field jittering by about the rate; the long 1e-3 and 3e-4
      // stretches let the small, slowly shrinking wiggles in t die out before the rate drops.
      schedule: [
        { fromStep: 0, learningRate: 3e-3 },
        { fromStep: 4000, learningRate: 1e-3 },
        { fromStep: 12000, learningRate: 3e-4 },
        { fromStep: 24000, learningRate: 1e-4 },
        { fromStep: 30000, learningRate: 3e-5 },
      ],
      stopAtStep: 34000,
    },
    highlight: ['train-toggle', 'time-slider', 'set-steps', 'set-solver'],
  },
  {
    id: 'training-step',
    title: 'Straight paths and one training step',
    body: [
      { text: 'With whole clouds, training repeats one recipe many times. Draw x₀ from the source and x₁ from the target, draw a time t between 0 and 1, and put a point on their segment:' },
      { math: 'x_t = (1-t)\\,x_0 + t\\,x_1' },
      { text: 'The network sees only (x_t, t) and is asked to output the slope of that segment. The error is squared and averaged:' },
      { math: '\\mathcal{L} = \\mathbb{E}\\,\\lVert v(x_t, t) - (x_1 - x_0) \\rVert^2' },
      { text: 'The faint lines are 150 such pairs. The dots sliding along them are x_t at the slider’s t; the short arrows are the regression targets x₁ − x₀. No ODE is solved and nothing is inverted while learning.' },
    ],
    tryIt: 'Play the animation: every training path is a straight line run at constant speed.',
    setup: {
      source: 'gaussian',
      target: 'moons',
      train: DEFAULT_MODEL_TRAIN,
      sample: EULER_50,
      layers: { clouds: true, particles: false, trails: false, field: false, pairs: true },
      tool: 'move',
      playing: true,
      t: 0,
      training: true,
    },
    highlight: ['layer-pairs', 'train-toggle', 'loss-value'],
  },
  {
    id: 'marginal',
    title: 'Why the real trajectories curve',
    body: [
      { text: 'Pairs are drawn independently, so their straight paths cross. At a crossing the network gets contradictory targets for the same (x, t), and the best it can do under squared error is their average:' },
      { math: 'v^\\star(x,t) = \\mathbb{E}\\left[\\,x_1 - x_0 \\mid x_t = x\\,\\right]' },
      { text: 'That average, the marginal velocity, is what the arrows show: the model on the stage was trained for 6,000 steps before this step opened. Following the arrows gives the curved trails. At any moment the field has one value at each place, so two particles never meet; their trails may still cross, at different times.' },
      { text: 'This is also why the loss never reaches zero here (press Train to watch it level off): the disagreement between crossing pairs cannot be learned away.' },
    ],
    tryIt: 'Compare a pair’s straight line with the nearby trail, and the small target arrows with the field arrows.',
    setup: {
      scene: MOONS_SCENE,
      source: 'gaussian',
      target: 'moons',
      train: MOONS_TRAIN,
      sample: EULER_50,
      layers: { ...ALL_LAYERS, pairs: true },
      tool: 'move',
      playing: true,
      t: 0,
      training: false,
    },
    highlight: ['layer-pairs', 'layer-field', 'layer-trails'],
  },
  {
    id: 'one-step',
    title: 'Sampling with a single Euler step',
    body: [
      { text: 'To generate, start at source points and follow the learned field. Euler’s method takes N equal steps:' },
      { math: 'x_{k+1} = x_k + \\tfrac{1}{N}\\, v\\!\\left(x_k, \\tfrac{k}{N}\\right)' },
      { text: 'With N = 1 every particle makes one jump, with the field at t = 0. There x_t is x₀ itself, and x₁ was drawn independently of x₀, so the best guess of x₁ − x₀ is the target’s mean minus x₀:' },
      { math: 'v^\\star(x, 0) = \\mathbb{E}[x_1] - x' },
      { text: 'One step of length 1 then lands every particle on the same point:' },
      { math: 'x_0 + v^\\star(x_0, 0) = \\mathbb{E}[x_1]' },
      { text: 'That point is the target’s mean: (0, 0) for these moons, in the empty gap between them. The trained model (6,000 steps, paused) is close to this, so the particles collapse into a small blob there, and the fit score (sliced W₂, lower is better) is far above its noise floor.' },
    ],
    tryIt: 'Read the fit score, then go to the next step: the same model with fifty steps.',
    setup: {
      scene: MOONS_SCENE,
      source: 'gaussian',
      target: 'moons',
      train: MOONS_TRAIN,
      sample: { solver: 'euler', steps: 1 },
      layers: { ...ALL_LAYERS, field: false },
      tool: 'move',
      playing: false,
      t: 1,
      training: false,
    },
    highlight: ['set-steps', 'fit-score', 'fit-floor'],
  },
  {
    id: 'many-steps',
    title: 'Sampling with fifty Euler steps',
    body: [
      { text: 'The same model, fifty steps. Each step reads the field again where the particle now is, at the new t. After the first steps the field no longer points at the mean but along the flow, so the paths bend and the particles settle on the moons; the fit score comes close to its floor.' },
      { text: 'Each step costs one network evaluation, so fifty steps cost fifty times more than one. Straighter flows (for example with an OT coupling) need fewer steps for the same fit.' },
    ],
    tryIt: 'Change the solver steps yourself (try 2, 5, 10) and watch the fit score.',
    setup: {
      scene: MOONS_SCENE,
      source: 'gaussian',
      target: 'moons',
      train: MOONS_TRAIN,
      sample: { solver: 'euler', steps: 50 },
      layers: { ...ALL_LAYERS, field: false },
      tool: 'move',
      playing: false,
      t: 1,
      training: false,
    },
    highlight: ['set-steps', 'fit-score', 'fit-floor'],
  },
  {
    id: 'ode',
    title: 'The field as a river current, run both ways',
    body: [
      { text: 'Think of v(x, t) as the current of a river whose pattern changes with time. A boat dropped anywhere simply drifts with it:' },
      { math: '\\frac{dz}{dt} = v(z(t), t)' },
      { text: 'Because the current is known everywhere, you can also row against it: integrating from t = 1 back to t = 0 carries a target point to where it came from in the source.' },
      { text: 'With the Probe tool, click anywhere to drop a boat at the current t. Its whole path, forward and backward, is drawn in green and the readout shows the velocity there.' },
    ],
    tryIt: 'Drop a probe on a moon at t = 1, then drag the slider (or press ◀) back to 0.',
    setup: {
      scene: MOONS_SCENE,
      source: 'gaussian',
      target: 'moons',
      train: MOONS_TRAIN,
      sample: EULER_50,
      layers: { ...ALL_LAYERS, trails: false },
      tool: 'inspect',
      playing: false,
      t: 1,
      training: false,
    },
    highlight: ['tool-probe', 'time-slider', 'probe-readout'],
  },
  {
    id: 'flow-models',
    title: 'Flow models and flow matching',
    body: [
      { text: 'Three models learned the same Gaussian → moons map here, one per panel, from the same clouds, seed and batches, each for the same number of seconds: flow matching, a continuous normalizing flow (CNF) trained by maximum likelihood, and RealNVP.' },
      { text: 'RealNVP is a stack of invertible layers. Each coupling layer scales and shifts one coordinate by amounts computed from the other, so the log-determinant of its Jacobian is just the sum of its log-scales. Drag the time slider: for RealNVP, t walks through its layers, and the grid of the source plane (the rubber sheet) bends one coordinate at a time.' },
      { text: 'A CNF replaces the layers by an ODE, dz/dt = v(z, t). Its log-likelihood needs the divergence of v added up along each path:' },
      { math: '\\log p_1(x_1) = \\log p_0(x_0) - \\int_0^1 \\nabla\\!\\cdot v(x_t,t)\\,dt' },
      { text: 'So every training step of the CNF solves that ODE for the whole batch, with the divergence, and backpropagates through the solve. The cost table puts a number on it: milliseconds and network evaluations per step, against flow matching’s single pass.' },
      { text: 'Flow matching learns the same kind of field as the CNF by regression on x₁ − x₀: no Jacobian and no ODE while training. The race chart scores all three by their exact likelihood on target points none of them trained on.' },
    ],
    tryIt: 'Drag the time slider and watch the three rubber sheets. In the race chart, switch between seconds and steps: who reaches a low held-out NLL first?',
    setup: { ...RACE_SETUP, playing: false, t: 1, training: false, compare: { pretrained: true } },
    highlight: ['time-slider', 'race-chart', 'compare-cost-table'],
  },
  {
    id: 'flow-models-race',
    title: 'Run the race yourself',
    body: [
      { text: 'The three models start again from fresh weights and train live in the worker. They take turns: each turn goes to the model that has trained the least so far, so all three get the same training time.' },
      { text: 'Watch the step counts. A flow-matching step is one forward and backward pass on a batch; a CNF step is a whole ODE solve with its divergence, forward and backward, so in the same seconds it takes far fewer steps.' },
      { text: 'The race chart fills as they train: held-out negative log-likelihood in nats per point (lower is better) against training seconds. Pause one model with its panel’s button and the others go on.' },
    ],
    tryIt: 'Let it run for a minute, then switch the chart from seconds to steps: how much of the gap comes from what each step costs?',
    setup: { ...RACE_SETUP, playing: true, t: 0, training: true, compare: { pretrained: false } },
    highlight: ['race-chart', 'compare-cost-table'],
  },
  {
    id: 'guidance-train',
    title: 'Guidance: a flow that takes a class',
    body: [
      { text: 'The two moons now carry classes: the upper moon is class A, the lower one class B, each in its own colour. With “conditional” on, the network gets a third input beside the point and the time: the class of the target point the pair leads to, so it learns v(x, t, c).' },
      { text: 'During training the class is hidden (replaced by a “no class” input) for 15% of the pairs, the label drop. So the same network also learns the unconditional field v(x, t, ∅) that carries noise onto both moons.' },
      { text: 'With “all classes” picked, each particle asks for the class of a random data point, and the particles are coloured by the class they asked for. Training stops by itself after 3,000 steps.' },
    ],
    tryIt: 'Watch the particles split by colour as training goes on: the green ones should end up on the lower moon, the pink ones on the upper.',
    setup: {
      source: 'gaussian',
      target: 'moons',
      train: { ...DEFAULT_MODEL_TRAIN, path: 'straight', targetKind: 'velocity', conditional: true, labelDrop: 0.15 },
      sample: { ...EULER_50, guidance: 1, sampleClass: null, sdeNoise: 0 },
      layers: { ...ALL_LAYERS, pairs: false },
      tool: 'move',
      playing: true,
      t: 0,
      training: true,
      stopAtStep: 3000,
    },
    highlight: ['set-conditional', 'train-toggle'],
  },
  {
    id: 'guidance-weights',
    title: 'Turn the guidance up',
    body: [
      { text: 'Every particle now asks for class A. Classifier-free guidance mixes the two fields the network learned, with a weight w:' },
      { math: 'v_w(x,t,c) = v(x,t,\\varnothing) + w\\,\\big(v(x,t,c) - v(x,t,\\varnothing)\\big)' },
      { text: 'At w = 0 the class is ignored and the particles land on both moons. At w = 1 they follow the plain conditional field. Above 1 the difference between the two fields is amplified, which pushes particles further into class A than the data itself goes.' },
      { text: 'Class accuracy counts the particles whose nearest target point is of class A. At w = 0 about half land on A; by w = 1 nearly all do (the moons barely overlap), and higher w keeps it at 100%. What higher w costs is diversity: the particles crowd into part of the moon, and the fit against class A’s own points gets worse (the command line measured 1.44, 0.14, 1.07 and 1.94 at w = 0, 1, 3 and 8, floor 0.10). The chart button samples w = 0, 0.5, 1, 2, 3, 5 and 8 and draws both.' },
    ],
    tryIt: 'Set the guidance slider to 0, 1, 3 and 8 and read the class accuracy each time; then press “Accuracy and fit vs w”. (If the model is untrained, press Train first.)',
    setup: {
      source: 'gaussian',
      target: 'moons',
      train: { ...DEFAULT_MODEL_TRAIN, path: 'straight', targetKind: 'velocity', conditional: true, labelDrop: 0.15 },
      sample: { ...EULER_50, guidance: 0, sampleClass: 0, sdeNoise: 0 },
      layers: { ...ALL_LAYERS, pairs: false },
      tool: 'move',
      playing: true,
      t: 0,
      training: false,
    },
    highlight: ['set-guidance', 'sample-class-0', 'class-accuracy', 'guidance-sweep'],
  },
  {
    id: 'diffusion-vp',
    title: 'Diffusion is a Gaussian path',
    body: [
      { text: 'A diffusion model adds Gaussian noise to data. Written as a path from noise x₀ ~ N(0, I) to data x₁, the variance-preserving (VP) path of DDPM is' },
      { math: 'x_t = \\alpha_t\\,x_1 + \\sigma_t\\,x_0,\\qquad \\alpha_t^2 + \\sigma_t^2 = 1' },
      { text: 'This is the same clouds, now trained on the VP path, and the network predicts the noise ε = x₀ that was mixed in, as DDPM does, instead of a velocity. Sampling turns each noise prediction into a velocity with the formula in “What the numbers mean”, and integrates it like any flow.' },
      { text: 'So flow matching with a Gaussian path is a way to train a diffusion model: the same regression, a different path and target. The fit score reads the samples as before. Training stops after 4,000 steps.' },
    ],
    tryIt: 'Open “What the numbers mean” and find the conversion from ε to v at t = 0.5; watch the trails: VP paths bend more than straight ones.',
    setup: {
      source: 'gaussian',
      target: 'moons',
      train: { ...DEFAULT_MODEL_TRAIN, path: 'vp', targetKind: 'epsilon', conditional: false },
      sample: { ...EULER_50, sdeNoise: 0 },
      layers: { ...ALL_LAYERS, pairs: false },
      tool: 'move',
      playing: true,
      t: 0,
      training: true,
      stopAtStep: 4000,
    },
    highlight: ['set-diffusion-path', 'set-target-kind', 'explain-target'],
  },
  {
    id: 'diffusion-sde',
    title: 'Sampling with noise: the SDE',
    body: [
      { text: 'Diffusion models are also sampled stochastically. The SDE sampler moves each particle by the same velocity plus a correction along the score, and adds fresh Gaussian noise at every step (Euler–Maruyama). Its noise scale σ is the slider; at σ = 0 it is the probability-flow ODE of the previous step.' },
      { text: 'With σ = 1 the particles jitter along their way and each ends somewhere else than under the ODE, yet together they land on the same two moons: the noise and the score correction balance, so every time t keeps the same distribution.' },
      { text: 'The fit score shows it: between σ = 0, 1 and 3 it barely moves, though every particle took another path. (On this recipe the command line measured 0.42, 0.38 and 0.38 at 50 steps, floor 0.14: the noise even undoes a little of the error the ODE’s Euler steps make, since the score term in its drift pulls strays back towards where the noisy data is dense.)' },
    ],
    tryIt: 'Compare the fit score at σ = 0, 1 and 3, and watch the trails: noisy paths, the same two moons.',
    setup: {
      source: 'gaussian',
      target: 'moons',
      train: { ...DEFAULT_MODEL_TRAIN, path: 'vp', targetKind: 'epsilon', conditional: false },
      sample: { ...EULER_50, sdeNoise: 1 },
      layers: { ...ALL_LAYERS, pairs: false },
      tool: 'move',
      playing: true,
      t: 0,
      training: false,
    },
    highlight: ['set-sde-noise', 'fit-score'],
  },
  {
    id: 'points-to-pictures',
    title: 'From points to pictures',
    body: [
      { text: 'Every step so far moved points with two coordinates. A 16 × 16 gray picture is a point too, only with 256 coordinates: one number per pixel, −1 for black and +1 for white. The training step does not change at all:' },
      { math: 'x_t = (1-t)\\,x_0 + t\\,x_1' },
      { math: '\\mathcal{L} = \\lVert v(x_t, t) - (x_1 - x_0) \\rVert^2' },
      { text: 'Pick t, mix the two ends, regress on their difference: the same three lines as before, now on 256 numbers at once. x₀ is noise, N(0, I) in 256 dimensions; x₁ is a digit that this page drew from pen strokes by code; the network reads 256 pixels and t and answers 256 velocities, one per pixel. Sampling is the same loop too: start from noise and take small steps along the predicted velocity.' },
      { text: 'The grid shows 64 samples: drag the time slider from 0 (pure noise) to 1 (digits). Below it, the same flow seen on the data’s two main directions of variation looks like the 2D stage: a noise cloud, a data cloud and the paths between them.' },
      { text: 'The “nearest training image” card pairs the first eight samples with the training image closest to each, and gives their distance. A model that only memorised its data would put these near zero; the fit panel’s nearest-neighbour ratio says whether it generates or copies.' },
    ],
    tryIt: 'Let it train for a minute, then drag t slowly from 0 to 1. Pick a digit and move the guidance slider w.',
    setup: {
      source: 'gaussian',
      target: 'moons',
      train: DEFAULT_MODEL_TRAIN,
      sample: EULER_50,
      layers: { clouds: true, particles: false, trails: false, field: false, pairs: false },
      tool: 'move',
      playing: true,
      t: 0,
      training: false,
      images: { training: true },
    },
    highlight: ['images-train', 'time-slider', 'images-grid', 'images-pca'],
  },
];

/**
 * The stops of N Euler steps along the straight path from `from` to `to` with its constant velocity
 * to - from: positions at t = k / N, k = 0..N (N + 1 points, interleaved xy).
 */
export function eulerStops(m: EulerMarkers): Float32Array {
  const vx = m.to[0] - m.from[0];
  const vy = m.to[1] - m.from[1];
  return integrate(
    (x, _t, out) => {
      for (let i = 0; i < x.length; i += 2) {
        out[i] = vx;
        out[i + 1] = vy;
      }
    },
    new Float32Array(m.from),
    { steps: m.steps, solver: 'euler' },
  );
}

/** "(3, −2)": a stop's label, integers shown without decimals. */
export function formatStop(x: number, y: number): string {
  const f = (v: number) => {
    const r = Math.abs(v - Math.round(v)) < 1e-4 ? String(Math.round(v)) : v.toFixed(2);
    return r.replace('-', '−');
  };
  return `(${f(x)}, ${f(y)})`;
}

/**
 * How far one particle's path (steps + 1 positions, interleaved xy) misses each Euler stop: the
 * largest coordinate error per stop, or null when the path has another step count.
 */
export function stopMisses(path: ArrayLike<number>, m: EulerMarkers): number[] | null {
  if (path.length !== 2 * (m.steps + 1)) return null;
  const stops = eulerStops(m);
  const out: number[] = [];
  for (let k = 0; k <= m.steps; k++) out.push(Math.max(Math.abs(path[2 * k] - stops[2 * k]), Math.abs(path[2 * k + 1] - stops[2 * k + 1])));
  return out;
}
