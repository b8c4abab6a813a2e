/** What the loss, the fit score and the field mean, with their formulas (collapsible; rendered once opened, so KaTeX loads only then). */
import { useState } from 'react';
import { MathTex } from './lessons/MathTex';
import { FLOOR_PAIRS } from '../core/noiseFloor';

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
