/** What the loss, the fit score and the field mean, with their formulas (collapsible; rendered once opened, so KaTeX loads only then). */
import { useState } from 'react';
import { MathTex } from './lessons/MathTex';
import { FLOOR_PAIRS } from '../core/noiseFloor';
import { diffusionCoefficients } from '../core/diffusionPaths';
import { TARGET_KIND_LABELS, velocityFormula } from '../core/predictionTargets';
import { useScene } from '../state/sceneStore';

/** Three significant digits, with its sign written out for a formula. */
const num = (v: number) => (Math.abs(v) >= 100 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(2) : v.toPrecision(3));

/** What the network predicts under the chosen path, and how sampling turns it into the velocity (numbers at t = 0.5). */
function TargetConversion() {
  const path = useScene((s) => s.train.path);
  const kind = useScene((s) => s.train.targetKind);
  const c = diffusionCoefficients(path, 0.5);
  const f = velocityFormula(kind, path, 0.5);
  const pred = kind === 'epsilon' ? '\\hat\\varepsilon' : kind === 'score' ? '\\hat s' : '\\hat v';
  return (
    <section data-testid="explain-target">
      <h3>Prediction target: {TARGET_KIND_LABELS[kind]}</h3>
      <p>
        The {path} path mixes noise <MathTex tex="x_0" /> and data <MathTex tex="x_1" /> as <MathTex tex="x_t = \alpha_t\,x_1 + \sigma_t\,x_0" />. The
        network can learn the velocity, the noise that was added, or the score of the noisy data; each is a linear function of the others,
        so sampling always integrates a velocity:
      </p>
      {kind === 'velocity' ? (
        <MathTex display tex="v = \hat v(x_t, t)\quad\text{(learned directly)}" />
      ) : (
        <>
          {kind === 'score' && <MathTex display tex="\hat\varepsilon = -\sigma_t\,\hat s(x_t, t)" />}
          <MathTex display tex="v = \frac{\dot\alpha_t}{\alpha_t}\,x_t + \Big(\dot\sigma_t - \frac{\dot\alpha_t\,\sigma_t}{\alpha_t}\Big)\,\hat\varepsilon" />
        </>
      )}
      <p data-testid="explain-target-numbers">
        At <MathTex tex="t = 0.5" />: <MathTex tex={`\\alpha = ${num(c.alpha)},\\ \\sigma = ${num(c.sigma)}`} />, so{' '}
        <MathTex tex={kind === 'velocity' ? 'v = \\hat v' : `v = ${num(f.a)}\\,x_t ${f.b < 0 ? '-' : '+'} ${num(Math.abs(f.b))}\\,${pred}`} />.
      </p>
    </section>
  );
}

export function ExplainPanel() {
  const [opened, setOpened] = useState(false);
  return (
    <details className="card explain" data-testid="explain-panel" onToggle={(e) => e.currentTarget.open && setOpened(true)}>
      <summary>
        <h2>What the numbers mean</h2>
        <span className="summary-note">loss, field, sampling and fit, with formulas</span>
      </summary>
      {opened && <ExplainBody />}
    </details>
  );
}

function ExplainBody() {
  return (
    <div className="explain-body">
      <h3>Loss</h3>
      <p>
        Each training step pairs a source point <MathTex tex="x_0" /> with a target point <MathTex tex="x_1" />, picks a time{' '}
        <MathTex tex="t" /> and a point on their segment:
      </p>
      <MathTex display tex="x_t = (1-t)\,x_0 + t\,x_1,\qquad t \sim \mathcal{U}[0,1)" />
      <p>The network is scored on how far its velocity is from the segment’s slope:</p>
      <MathTex display tex="\mathcal{L} = \mathbb{E}\,\big\lVert v(x_t,t) - (x_1 - x_0)\big\rVert^2" />
      <p>
        The loss stays above zero when pairs cross: their slopes disagree at the same point, and no single answer fits both. A lower
        loss between different scenes does not mean better samples.
      </p>
      <h3>Field</h3>
      <p>The arrows are the trained network at the slider’s time. It approximates the average slope of all pairs passing through a point:</p>
      <MathTex display tex="v(x,t) \approx \mathbb{E}\big[\,x_1 - x_0 \mid x_t = x\,\big]" />
      <h3>Sampling</h3>
      <p>Particles start on the source and follow the field; with Euler’s method and N steps:</p>
      <MathTex display tex="x_{k+1} = x_k + \tfrac{1}{N}\,v\big(x_k, \tfrac{k}{N}\big),\quad k = 0,\dots,N-1" />
      <TargetConversion />
      <h3>Fit score</h3>
      <p>
        Sliced Wasserstein-2 between 1,000 generated points <MathTex tex="X" /> and 1,000 target points <MathTex tex="Y" />: project both on
        128 evenly spaced directions <MathTex tex="\theta" />, sort, and compare the sorted lists.
      </p>
      <MathTex display tex="\mathrm{SW}_2(X,Y) = \sqrt{2\,\mathbb{E}_\theta\Big[\tfrac{1}{n}\textstyle\sum_i \big(\theta^\top X_{(i)} - \theta^\top Y_{(i)}\big)^2\Big]}" />
      <p>
        Lower is better. Two independent draws of the target already differ a little: that distance, averaged over {FLOOR_PAIRS} pairs of draws (its
        spread across them shown after ±), is the noise floor, and a score within 2–3× of it means the clouds match well.
      </p>
    </div>
  );
}
