import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { parseStartParams } from './core/startParams';
import { startSession } from './state/session';
import { bootScene } from './state/sceneIO';
import { resumeLessons } from './state/lessonRestore';
import { bindViewParam } from './ui/compare/viewParam';
import './styles.css';

const start = parseStartParams(window.location.search);
startSession(start);
// A #scene= link, else the autosaved scene (also when the link was refused); then autosave as the scene changes.
const linkChoseScene = bootScene(start);
// A lesson open when the page went away opens again (its kept scene is still restored on close).
resumeLessons(linkChoseScene);
// ?view=compare opens the compare view (after the scene, so its race starts on the booted clouds).
bindViewParam();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
