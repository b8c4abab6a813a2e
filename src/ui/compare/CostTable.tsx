/** Per model: what a training step costs, against flow matching's, and how good the model is now. */
import { OBJECTIVE_COLORS, OBJECTIVE_LABELS, type Objective } from '../../core/objectives';
import { formatRatio } from '../../core/raceSummary';
import { useCompare } from '../../state/compareStore';
import { formatMetric } from '../metricText';

/** Short names: the table must fit half a column (the colour dot says which model). */
const SHORT: Record<Objective, string> = { fm: 'FM', cnf: 'CNF', realnvp: 'RealNVP' };

const num = (v: number, digits: number): string => (Number.isFinite(v) ? v.toFixed(digits) : '–');

export function CostTable() {
  const objectives = useCompare((s) => s.objectives);
  const models = useCompare((s) => s.models);
  const fmMs = models.fm?.msPerStep ?? NaN;
  return (
    <section className="card compare-costs" aria-label="cost per model">
      <h2>Cost and fit</h2>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="cost per model (scrolls sideways)">
        <table className="metric-table cost-table" data-testid="compare-cost-table">
          <thead>
            <tr>
              <th scope="col">model</th>
              <th scope="col">steps</th>
              <th scope="col" title="Milliseconds of worker time per training step">ms/step</th>
              <th scope="col" title="A step's cost in flow matching's steps">× FM</th>
              <th scope="col" title="Network evaluations per training step">evals</th>
              <th scope="col" title="Latest held-out negative log-likelihood, nats per point (lower is better)">NLL</th>
              <th scope="col" title="Sliced W2 of the model's samples against the target; the floor is what two draws of the target give">fit (floor)</th>
            </tr>
          </thead>
          <tbody>
            {objectives.map((o) => {
              const m = models[o];
              const last = m?.heldOut[m.heldOut.length - 1];
              const fit = m?.snapshot ? formatMetric(m.snapshot.fit) : null;
              const ratio = m && m.msPerStep > 0 && fmMs > 0 ? formatRatio(m.msPerStep / fmMs) : '–';
              return (
                <tr key={o} data-testid={`compare-cost-${o}`}>
                  <th scope="row" title={OBJECTIVE_LABELS[o]}>
                    <i className="model-dot" style={{ background: OBJECTIVE_COLORS[o] }} aria-hidden="true" />
                    {SHORT[o]}
                  </th>
                  <td>{(m?.step ?? 0).toLocaleString('en-US')}</td>
                  <td data-testid={`compare-ms-${o}`}>{m ? num(m.msPerStep, m.msPerStep >= 10 ? 0 : 1) : '–'}</td>
                  <td>{ratio}</td>
                  <td>{m && Number.isFinite(m.evalsPerStep) ? m.evalsPerStep : '–'}</td>
                  <td data-testid={`compare-nll-${o}`}>{last ? num(last.nll, 2) : '–'}</td>
                  <td title={fit?.note ?? undefined}>{fit && m?.snapshot ? `${fit.text} (${num(m.snapshot.fitFloor, 3)})` : '–'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
