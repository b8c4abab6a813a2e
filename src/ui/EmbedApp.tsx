/**
 * The embedded page (?embed=1, embed.html): the stage filling the frame and only the controls the
 * link's show list names, with no keyboard shortcuts (they would reach hidden controls) and a link
 * that opens the same scene in the full playground.
 */
import { useEmbed } from '../state/embedStore';
import { BackendBadge } from './BackendBadge';
import { EditToolbar } from './EditToolbar';
import { FitScore } from './FitScore';
import { LayerToggles } from './LayerToggles';
import { LossChart } from './LossChart';
import { LessonPanel } from './lessons/LessonPanel';
import { Notices } from './Notices';
import { PresetPicker } from './PresetPicker';
import { SettingsPanel } from './SettingsPanel';
import { Stage } from './Stage';
import { TimeControls } from './TimeControls';
import { TrainControls } from './TrainControls';
import { usePageTheme } from './usePageTheme';
import './embed.css';

/** The full app's URL with this page's scene parameters (the embed's own ones dropped). */
function fullAppUrl(): string {
  const url = new URL(import.meta.env.BASE_URL, window.location.href);
  const q = new URLSearchParams(window.location.search);
  q.delete('embed');
  q.delete('show');
  url.search = q.toString();
  url.hash = window.location.hash;
  return url.href;
}

export function EmbedApp() {
  const show = useEmbed((s) => s.show);
  usePageTheme();
  const has = (c: (typeof show)[number]) => show.includes(c);
  return (
    <div className="app embed" data-testid="embed-app" data-show={show.join(',')}>
      <div className="embed-stage">
        {has('draw') && <EditToolbar />}
        <Stage />
      </div>
      <aside className="embed-controls" aria-label="controls">
        {/* Always mounted: it drives the animation clock even when both of its parts are hidden. */}
        <TimeControls />
        <TrainControls />
        {has('presets') && <PresetPicker />}
        {has('layers') && <LayerToggles />}
        {has('fit') && <FitScore />}
        {has('loss') && <LossChart />}
        {has('settings') && <SettingsPanel />}
        {has('lessons') && <LessonPanel />}
        <p className="embed-footer">
          <BackendBadge />
          <a href={fullAppUrl()} target="_blank" rel="noopener" data-testid="embed-open-full">
            Open in Flow Matching Playground ↗
          </a>
        </p>
      </aside>
      <Notices />
    </div>
  );
}
