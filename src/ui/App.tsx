/** The page: the stage on the left, the panel of controls on the right (stacked on phones). */
import { BackendBadge } from './BackendBadge';
import { EditToolbar } from './EditToolbar';
import { FitScore } from './FitScore';
import { LayerToggles } from './LayerToggles';
import { LabPanel } from './LabPanel';
import { LossChart } from './LossChart';
import { MetricsPanel } from './MetricsPanel';
import { Notices } from './Notices';
import { PresetPicker } from './PresetPicker';
import { SettingsPanel } from './SettingsPanel';
import { Stage } from './Stage';
import { TimeControls } from './TimeControls';
import { TrainControls } from './TrainControls';
import { useKeyboardShortcuts } from './useKeyboardShortcuts';

export function App() {
  useKeyboardShortcuts();
  return (
    <div className="app">
      <header className="topbar">
        <h1>
          Flow Matching <span>Playground</span>
        </h1>
        <p className="tagline">A small network learns the velocity that carries one cloud onto another.</p>
        <BackendBadge />
      </header>
      <main className="main">
        <div className="stage-col">
          <EditToolbar />
          <Stage />
          <TimeControls />
          <LayerToggles />
        </div>
        <aside className="panel">
          <Notices />
          <TrainControls />
          <PresetPicker />
          <FitScore />
          <LossChart />
          <SettingsPanel />
          <LabPanel />
          <MetricsPanel />
        </aside>
      </main>
    </div>
  );
}
