import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { parseStartParams } from './core/startParams';
import { startSession } from './state/session';
import { bootScene } from './state/sceneIO';
import './styles.css';

startSession(parseStartParams(window.location.search));
// A #scene= link, else the autosaved scene; then autosave as the scene changes.
bootScene();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
