import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { EmbedApp } from './ui/EmbedApp';
import { parseStartParams } from './core/startParams';
import { startSession } from './state/session';
import { bootScene } from './state/sceneIO';
import { resumeLessons } from './state/lessonRestore';
import { useEmbed } from './state/embedStore';
import { useEdit } from './state/editStore';
import { registerOffline } from './state/offline';
import { bindViewParam } from './ui/compare/viewParam';
import { installImagesPrefs } from './state/imagesPrefs';
import { installImagesModelKeep } from './state/imagesModelKeep';
import './styles.css';

const embed = useEmbed.getState();
const start = parseStartParams(window.location.search);
// The embed's own problems (an unknown control) join the link's other problems in one notice.
start.errors.push(...embed.problems);
if (embed.embed) {
  document.documentElement.classList.add('embed');
  // Without the drawing tools, a drag on the stage inspects rather than moves a cloud.
  if (!embed.show.includes('draw')) useEdit.getState().pickTool('inspect');
}
startSession(start);
// The Images view's settings as they were (before a lesson or ?view=images opens the view).
if (!embed.embed) installImagesPrefs();
// ... and its model as it was (IndexedDB; the view goes on from it when the settings and data match).
if (!embed.embed) void installImagesModelKeep();
// A #scene= link, else the autosaved scene (also when the link was refused); then autosave as the scene changes.
// An embed shows its link's scene only and saves nothing (see bootScene).
const linkChoseScene = bootScene(start);
// A lesson open when the page went away opens again (its kept scene is still restored on close).
if (!embed.embed) resumeLessons(linkChoseScene);
// Offline use for the app itself; an embed in a course page does not fill its visitors' storage.
if (!embed.embed) registerOffline();
// ?view=compare opens the compare view (after the scene, so its race starts on the booted clouds); embeds show the playground.
if (!embed.embed) bindViewParam();

createRoot(document.getElementById('root')!).render(<StrictMode>{embed.embed ? <EmbedApp /> : <App />}</StrictMode>);
