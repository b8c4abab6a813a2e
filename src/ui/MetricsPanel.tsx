/** Sample quality and path shape, measured by the worker while the panel is open. */
import { CLASS_NAMES } from '../view/palette';
import { useEffect, useRef } from 'react';
import { scaleLinear, scaleLog } from 'd3';
import { useLab } from '../state/labStore';
import { formatScore, formatSpread } from './format';
import { FLOOR_PAIRS } from '../core/noiseFloor';
import { formatMetric, METRIC_MEANING, type MetricName, type MetricValue } from './metricText';

const H = 120;

function FitByStepsChart({ steps, fit, floor }: { steps: number[]; fit: number[]; floor: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    const w = c.clientWidth || 280;
    const dpr = Math.min(window.devicePixelRatio || 1, 2);
    c.width = Math.round(w * dpr);
    c.height = Math.round(H * dpr);
    const ctx = c.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, H);
    const pad = { l: 36, r: 8, t: 8, b: 20 };
    const x = scaleLog().domain([1, 100]).range([pad.l, w - pad.r]);
    const finite = fit.filter(Number.isFinite);
    const top = Math.max(...finite, floor) * 1.1 || 1;
    const y = scaleLinear().domain([0, top]).range([H - pad.b, pad.t]);
    ctx.font = '10px system-ui, sans-serif';
    ctx.fillStyle = '#94a3b8';
    ctx.textAlign = 'center';
    for (const s of steps) ctx.fillText(String(s), x(s), H - 6);
    ctx.textAlign = 'right';
    for (const v of y.ticks(3)) ctx.fillText(v.toFixed(1), pad.l - 4, y(v) + 3);
    if (Number.isFinite(floor)) {
      ctx.strokeStyle = 'rgba(74,222,128,0.6)';
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      ctx.moveTo(pad.l, y(floor));
      ctx.lineTo(w - pad.r, y(floor));
      ctx.stroke();
      ctx.setLineDash([]);
    }
    ctx.strokeStyle = '#f5e663';
    ctx.fillStyle = '#f5e663';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    steps.forEach((s, i) => (i === 0 ? ctx.moveTo(x(s), y(fit[i])) : ctx.lineTo(x(s), y(fit[i]))));
    ctx.stroke();
    steps.forEach((s, i) => {
      ctx.beginPath();
      ctx.arc(x(s), y(fit[i]), 2.5, 0, 2 * Math.PI);
      ctx.fill();
    });
  }, [steps, fit, floor]);
  return <canvas ref={ref} style={{ width: '100%', height: H }} data-testid="fit-steps-chart" aria-label="fit score against the number of solver steps" />;
}

/** The fit's floor and, after it, its spread over the pairs of draws. */
function floorWithSpread(mean: number, sd: number): MetricValue {
  const v = formatMetric(mean);
  const spread = Number.isFinite(mean) ? formatSpread(sd) : '';
  return spread ? { ...v, text: `${v.text} ${spread}` } : v;
}

/** A metric, its floor, and a line saying which way is better and what the floor means. */
function MetricRow(props: { name: MetricName; label: string; testId: string; value: number; floor: MetricValue; title: string }) {
  const v = formatMetric(props.value);
  return (
    <>
      <tr title={props.title}>
        <td>{props.label}</td>
        <td data-testid={props.testId} data-value={props.value} title={v.note ?? undefined} className={v.note ? 'noted' : undefined}>
          {v.text}
        </td>
        <td title={props.floor.note ?? undefined} className={props.floor.note ? 'noted' : undefined}>
          {props.floor.text}
        </td>
      </tr>
      <tr className="metric-meaning">
        <td colSpan={3} data-testid={`${props.testId}-meaning`}>
          {METRIC_MEANING[props.name]}
        </td>
      </tr>
    </>
  );
}

/** A conditional model, per class: class accuracy and the fit against that class's target points. */
function ClassTable({ accuracy, fit }: { accuracy: number[]; fit: number[] }) {
  return (
    <table className="metric-table" data-testid="metric-by-class">
      <thead>
        <tr>
          <th>class</th>
          <th title="Share of the points generated for the class whose nearest target point is of that class">accuracy</th>
          <th title="Sliced W₂ between the points generated for the class and the target's points of that class">fit</th>
        </tr>
      </thead>
      <tbody>
        {accuracy.map((a, c) => (
          <tr key={c}>
            <td>{CLASS_NAMES[c]}</td>
            <td>{Number.isFinite(a) ? `${(a * 100).toFixed(0)}%` : '–'}</td>
            <td>{formatScore(fit[c])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function MetricsPanel() {
  const open = useLab((s) => s.metricsOpen);
  const m = useLab((s) => s.metrics);
  const set = useLab((s) => s.set);
  return (
    <details className="card metrics" data-testid="metrics-panel" open={open} onToggle={(e) => set({ metricsOpen: (e.target as HTMLDetailsElement).open })}>
      <summary>
        <h2>Metrics</h2>
        <span className="summary-note">{m ? `at step ${m.step.toLocaleString('en-US')} · ${m.solver} ${m.steps} steps` : open ? 'measuring…' : 'open to measure'}</span>
      </summary>
      {m ? (
        <>
          <table className="metric-table">
            <thead>
              <tr>
                <th />
                <th>model</th>
                <th>floor</th>
              </tr>
            </thead>
            <tbody>
              <MetricRow name="slicedW2" label="sliced W₂" testId="metric-sw2" value={m.slicedW2} floor={floorWithSpread(m.slicedW2Floor, m.slicedW2FloorSpread)}
                title={`Sliced Wasserstein-2 distance to 1,000 target points; the floor is the mean over ${FLOOR_PAIRS} pairs of target draws, ± its standard deviation`} />
              <MetricRow name="energy" label="energy" testId="metric-energy" value={m.energy} floor={formatMetric(m.energyFloor)}
                title="Energy distance 2E|X−Y| − E|X−X'| − E|Y−Y'|, estimated without each point's distance to itself" />
              <MetricRow name="straightness" label="straightness" testId="metric-straightness" value={m.straightness} floor={{ text: '0', note: '0 means straight paths' }}
                title="Mean |(z1 − z0) − v(z_t, t)|² along trajectories: 0 means straight paths, where one Euler step is exact" />
              <MetricRow name="transport" label="transport cost" testId="metric-transport" value={m.transportCost} floor={{ text: '', note: null }}
                title="E|z1 − z0|² between where particles start and where they land" />
            </tbody>
          </table>
          <p className="lab-note">fit (sliced W₂) against {m.solver} steps; dashed: noise floor</p>
          <FitByStepsChart steps={m.fitBySteps.steps} fit={m.fitBySteps.fit} floor={m.slicedW2Floor} />
          <p className="lab-note" data-testid="fit-by-steps">
            {m.fitBySteps.steps.map((s, i) => `${s}: ${formatScore(m.fitBySteps.fit[i])}`).join(' · ')}
          </p>
          {m.byClass && <ClassTable accuracy={m.byClass.accuracy} fit={m.byClass.fit} />}
        </>
      ) : (
        <p className="lab-note">Measuring…</p>
      )}
    </details>
  );
}
