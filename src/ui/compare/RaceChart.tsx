/**
 * The race: held-out NLL (nats per point) against training seconds or steps, one line per model in
 * its colour, and a dashed line at the best possible value when the target is a Gaussian (its
 * entropy). Redrawn when a score arrives, never per frame.
 */
import { useEffect, useRef, useState } from 'react';
import { axisBottom, axisLeft, line, scaleLinear, scaleLog, select } from 'd3';
import { OBJECTIVE_COLORS, OBJECTIVE_LABELS } from '../../core/objectives';
import { parsePreset } from '../../core/presets';
import { gaussianEntropy } from '../../core/sourceDensity';
import { useCompare, type HeldOutPoint } from '../../state/compareStore';
import { useScene } from '../../state/sceneStore';
import { useDisplay } from '../../state/displayStore';
import { useLessons } from '../../state/lessonStore';

/** Early scores can be many nats above the rest: the axis shows this much above the best one. */
const SHOWN_NATS = 3;

/** The best achievable mean NLL for a Gaussian target preset (its entropy), else null. */
export function referenceNll(targetSpec: string | null): number | null {
  if (!targetSpec) return null;
  try {
    const spec = parsePreset(targetSpec);
    return spec.name === 'gaussian' ? gaussianEntropy(spec.std) : null;
  } catch {
    return null;
  }
}

export function RaceChart() {
  const wrapRef = useRef<HTMLDivElement>(null);
  const xAxisRef = useRef<SVGGElement>(null);
  const yAxisRef = useRef<SVGGElement>(null);
  const [width, setWidth] = useState(300);
  useCompare((s) => s.raceVersion);
  const axis = useCompare((s) => s.raceAxis);
  const setAxis = useCompare((s) => s.setRaceAxis);
  const objectives = useCompare((s) => s.objectives);
  const models = useCompare.getState().models;
  const reference = referenceNll(useScene((s) => s.targetSpec));
  // Presenter mode sets every text to its type size: the axes make room for it.
  const presenter = useLessons((s) => s.presenter);
  const fontPx = useDisplay((s) => s.presenterFont);
  const textPx = presenter ? fontPx : 10;
  const HEIGHT = Math.max(180, 9 * textPx);
  const PAD = { l: Math.max(40, 2.4 * textPx), r: 10, t: 8 + textPx, b: Math.max(32, 2.6 * textPx) };

  useEffect(() => {
    const observer = new ResizeObserver((e) => setWidth(Math.max(160, Math.floor(e[0].contentRect.width))));
    observer.observe(wrapRef.current!);
    return () => observer.disconnect();
  }, []);

  const curves = objectives.map((o) => ({ o, points: (models[o]?.heldOut ?? []).filter((p) => Number.isFinite(p.nll)) }));
  const all = curves.flatMap((c) => c.points);
  const xOf = (p: HeldOutPoint) => (axis === 'seconds' ? p.seconds : Math.max(1, p.step));
  let lo = Math.min(...all.map((p) => p.nll), reference ?? Infinity);
  let hi = Math.max(...all.map((p) => p.nll), reference ?? -Infinity);
  if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
  hi = Math.min(hi, lo + SHOWN_NATS);
  const pad = Math.max(0.05, 0.06 * (hi - lo));
  const y = scaleLinear().domain([lo - pad, hi + pad]).range([HEIGHT - PAD.b, PAD.t]).clamp(true);
  const xMax = Math.max(...all.map(xOf), axis === 'seconds' ? 1 : 10);
  const x =
    axis === 'seconds'
      ? scaleLinear().domain([0, xMax]).range([PAD.l, width - PAD.r])
      : scaleLog().domain([1, Math.max(xMax, 10)]).range([PAD.l, width - PAD.r]);

  useEffect(() => {
    const ticks = Math.max(2, Math.floor(width / (7 * textPx)));
    const xa = axisBottom(x).ticks(ticks, axis === 'steps' ? '~s' : undefined).tickSize(3);
    select(xAxisRef.current!).call(xa);
    select(yAxisRef.current!).call(axisLeft(y).ticks(Math.max(2, Math.floor((HEIGHT - PAD.t - PAD.b) / (2.5 * textPx)))).tickSize(3));
  });

  const path = line<HeldOutPoint>()
    .x((p) => x(xOf(p)))
    .y((p) => y(p.nll));

  return (
    <section className="card race" aria-label="race chart">
      <div className="race-head">
        <h2>Race: held-out NLL</h2>
        <div className="seg" role="group" aria-label="race chart x axis">
          {(['seconds', 'steps'] as const).map((a) => (
            <button key={a} type="button" className={axis === a ? 'active' : ''} aria-pressed={axis === a} onClick={() => setAxis(a)} data-testid={`race-axis-${a}`}>
              {a}
            </button>
          ))}
        </div>
      </div>
      <div className="chart" ref={wrapRef}>
        <svg width={width} height={HEIGHT} className="race-chart" data-testid="race-chart" role="img" aria-label={`Held-out negative log-likelihood against training ${axis}, one line per model`}>
          <g ref={xAxisRef} className="race-axis" transform={`translate(0,${HEIGHT - PAD.b})`} />
          <g ref={yAxisRef} className="race-axis" transform={`translate(${PAD.l},0)`} />
          <text className="race-axis-label" x={width - PAD.r} y={HEIGHT - 2} textAnchor="end">
            {axis === 'seconds' ? 'training seconds' : 'steps (log)'}
          </text>
          <text className="race-axis-label" x={4} y={textPx} textAnchor="start">
            nats / point
          </text>
          {reference !== null && (
            <g data-testid="race-reference">
              <line x1={PAD.l} x2={width - PAD.r} y1={y(reference)} y2={y(reference)} className="race-reference" />
            </g>
          )}
          {curves.map(({ o, points }) =>
            points.length > 0 ? (
              <g key={o}>
                <path d={path(points) ?? ''} fill="none" stroke={OBJECTIVE_COLORS[o]} strokeWidth={2} data-testid={`race-line-${o}`} />
                {points.length === 1 && <circle cx={x(xOf(points[0]))} cy={y(points[0].nll)} r={3} fill={OBJECTIVE_COLORS[o]} />}
              </g>
            ) : null,
          )}
        </svg>
        {all.length === 0 && (
          <p className="chart-empty">
            <span className="empty-note">Train: each model’s held-out score appears here as it trains.</span>
          </p>
        )}
      </div>
      <ul className="race-legend" aria-label="race legend">
        {objectives.map((o) => (
          <li key={o}>
            <i className="model-swatch" style={{ background: OBJECTIVE_COLORS[o] }} aria-hidden="true" />
            {OBJECTIVE_LABELS[o]}
          </li>
        ))}
        {reference !== null && (
          <li>
            <i className="model-swatch dashed" aria-hidden="true" />
            best possible: the target’s entropy, {reference.toFixed(2)}
          </li>
        )}
      </ul>
    </section>
  );
}
