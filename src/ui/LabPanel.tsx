/** The laboratory: its summary is always there; its controls load the first time it opens (see LabControls). */
import { lazy, Suspense, useState } from 'react';
import { useLab } from '../state/labStore';
import { useScene } from '../state/sceneStore';

const LabControls = lazy(() => import('./LabControls').then((m) => ({ default: m.LabControls })));

export function LabPanel() {
  const train = useScene((s) => s.train);
  const reflowRound = useLab((s) => s.reflowRound);
  const [opened, setOpened] = useState(false);

  return (
    <details className="card lab" data-testid="lab-panel" onToggle={(e) => e.currentTarget.open && setOpened(true)}>
      <summary>
        <h2>Laboratory</h2>
        <span className="summary-note">
          {train.path} path · {train.coupling === 'ot' ? 'minibatch OT' : 'independent pairs'}
          {reflowRound > 0 ? ` · ${reflowRound}-RF` : ''}
        </span>
      </summary>
      {opened && (
        <Suspense fallback={<p className="lab-note loading-note">Loading the laboratory…</p>}>
          <LabControls />
        </Suspense>
      )}
    </details>
  );
}
