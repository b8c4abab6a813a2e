/** "Accuracy and fit vs guidance w": the worker's sweep (a button asks for it) as a small d3 chart. */
import { useState } from 'react';
import { line, scaleLinear } from 'd3';
import { requestGuidanceSweep } from '../state/session';
import type { Reply } from '../worker/protocol';
import { CLASS_NAMES } from '../view/palette';

type Sweep = Reply<'guidanceSweep'>;

const W = 260;
const H = 120;
const M = { l: 30, r: 34, t: 8, b: 22 };

export function GuidanceChart() {
  const [sweep, setSweep] = useState<Sweep | null>(null);
  const [busy, setBusy] = useState(false);
  const run = () => {
    const p = requestGuidanceSweep();
    if (!p) return;
    setBusy(true);
    void p.then((r) => {
      setSweep(r);
      setBusy(false);
    });
  };
  return (
    <div className="guidance-chart">
      <button type="button" data-testid="guidance-sweep" onClick={run} disabled={busy} title="Sample the model at w = 0, 0.5, 1, 2, 3, 5, 8 and measure each">
        {busy ? 'Sampling at 7 weights…' : 'Accuracy and fit vs w'}
      </button>
      {sweep && sweep.reason && (
        <p className="lab-note" data-testid="guidance-sweep-reason">
          {sweep.reason}
        </p>
      )}
      {sweep && !sweep.reason && <SweepPlot sweep={sweep} />}
    </div>
  );
}

function SweepPlot({ sweep }: { sweep: Sweep }) {
  const x = scaleLinear().domain([0, 8]).range([M.l, W - M.r]);
  const acc = scaleLinear().domain([0, 1]).range([H - M.b, M.t]);
  const fitMax = Math.max(...sweep.fit.filter(Number.isFinite), 1e-3);
  const fit = scaleLinear().domain([0, fitMax * 1.1]).range([H - M.b, M.t]);
  const accLine = line<number>()
    .x((_, i) => x(sweep.weights[i]))
    .y((a) => acc(a))(sweep.accuracy);
  const fitLine = line<number>()
    .x((_, i) => x(sweep.weights[i]))
    .y((f) => fit(f))(sweep.fit);
  const who = sweep.sampleClass === null ? 'all classes' : `class ${CLASS_NAMES[sweep.sampleClass]}`;
  return (
    <figure className="sweep" data-testid="guidance-sweep-chart">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`class accuracy and fit against guidance w, ${who}`}>
        {[0, 1, 2, 3, 5, 8].map((w) => (
          <text key={w} x={x(w)} y={H - 6} className="tick" textAnchor="middle">
            {w}
          </text>
        ))}
        {[0, 0.5, 1].map((a) => (
          <text key={a} x={M.l - 4} y={acc(a) + 3} className="tick" textAnchor="end">
            {Math.round(a * 100)}%
          </text>
        ))}
        <text x={W - M.r + 4} y={fit(fitMax) + 3} className="tick fit-tick">
          {fitMax.toFixed(2)}
        </text>
        <line x1={M.l} x2={W - M.r} y1={H - M.b} y2={H - M.b} className="axis" />
        <path d={accLine ?? ''} className="acc-line" />
        <path d={fitLine ?? ''} className="fit-line" />
        {sweep.accuracy.map((a, i) => (
          <circle key={i} cx={x(sweep.weights[i])} cy={acc(a)} r={2.5} className="acc-dot" />
        ))}
      </svg>
      <figcaption className="lab-note">
        <span className="acc-key">━ class accuracy</span> · <span className="fit-key">━ fit (sliced W₂, lower is better)</span> against w, {who}, step {sweep.step.toLocaleString('en-US')}
        <span data-testid="guidance-sweep-values" hidden>
          {JSON.stringify({ w: sweep.weights, accuracy: sweep.accuracy, fit: sweep.fit })}
        </span>
      </figcaption>
    </figure>
  );
}
