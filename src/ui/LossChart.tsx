/** The loss curve (view/lossCurve.ts), redrawn when the history grows (not per frame). */
import { useEffect, useRef } from 'react';
import { useTraining } from '../state/trainingStore';
import { useDisplay } from '../state/displayStore';
import { drawLossCurve } from '../view/lossCurve';

const HEIGHT = 110;

export function LossChart() {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const version = useTraining((s) => s.historyVersion);
  const empty = useTraining((s) => s.history.length === 0);
  const step = useTraining((s) => s.step);
  const theme = useDisplay((s) => s.theme);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const h = useTraining.getState().history;
    drawLossCurve(canvas, HEIGHT, h.steps, h.values, h.length);
  }, [version, theme]);

  return (
    <section className="card" aria-label="loss chart">
      <h2>Loss</h2>
      <div className="chart">
        <canvas ref={canvasRef} style={{ width: '100%', height: HEIGHT }} data-testid="loss-chart" />
        {empty && (
          <p className="chart-empty" data-testid="loss-chart-empty">
            {step > 0
              ? `Trained for ${step.toLocaleString('en-US')} steps; their losses are not kept (a scene file holds no loss history). Train on: new losses appear here.`
              : 'Press Train: the flow-matching loss appears here.'}
          </p>
        )}
      </div>
    </section>
  );
}
