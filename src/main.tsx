import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { parseStartParams } from './core/startParams';
import { startSession } from './state/session';
import './styles.css';

startSession(parseStartParams(window.location.search));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
