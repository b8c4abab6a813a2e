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
import { GuidancePanel } from './GuidancePanel';
import { ScenePanel } from './ScenePanel';
import { Stage } from './Stage';
import { TimeControls } from './TimeControls';
import { HistorySlider } from './HistorySlider';
import { TrainControls } from './TrainControls';
import { useKeyboardShortcuts } from './useKeyboardShortcuts';
import { ExplainPanel } from './ExplainPanel';
import { LessonPanel } from './lessons/LessonPanel';
import { PresenterToggle, ShortcutsOverlay } from './Presenter';
import { ProbePanel } from './ProbePanel';
import { useCompare } from '../state/compareStore';
import { CompareView } from './compare/CompareView';
import { ViewTabs } from './compare/ViewTabs';
import './compare/compare.css';
import { useImages } from '../state/imagesStore';
import { ImagesView } from './images/ImagesView';

export function App() {
  useKeyboardShortcuts();
  const compare = useCompare((s) => s.open);
  const images = useImages((s) => s.open);
  return (
    <div className="app">
      <header className="topbar">
        <h1>
          Flow Matching <span>Playground</span>
        </h1>
        <ViewTabs />
        <p className="tagline">A small network learns the velocity that carries one cloud onto another.</p>
        <BackendBadge />
        <PresenterToggle />
      </header>
      <main className={`main ${images ? 'images' : compare ? 'compare' : ''}`}>
        {images ? <ImagesView /> : compare ? <CompareView /> : <Playground />}
      </main>
      <Notices />
      <ShortcutsOverlay />
    </div>
  );
}

/** The playground: the stage on the left, the panel of controls on the right. */
function Playground() {
  return (
    <>
      <div className="stage-col">
        <EditToolbar />
        <Stage />
        <TimeControls />
        <LayerToggles />
        <ProbePanel />
      </div>
      <aside className="panel">
        <LessonPanel />
        <TrainControls />
        {/* Beside the training it scrubs, so the stage column keeps its height for the stage. */}
        <HistorySlider />
        <PresetPicker />
        <FitScore />
        <LossChart />
        <ExplainPanel />
        <SettingsPanel />
        <GuidancePanel />
        <LabPanel />
        <MetricsPanel />
        <ScenePanel />
      </aside>
    </>
  );
}
