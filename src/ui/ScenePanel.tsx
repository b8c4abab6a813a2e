/**
 * Scenes: trained lessons, new / save / open scene files, share by link, import points, and export
 * (CSV of clouds, samples and trajectories; PNG, SVG and WebM of the stage). A collapsible card.
 */
import { useEffect, useState } from 'react';
import { MAX_SCENE_TEXT } from '../core/scene';
import { sceneToJson } from '../core/sceneWrite';
import {
  countJsonPointsInSlices,
  countTablePointsInSlices,
  fitToStage,
  formatScale,
  guessColumns,
  ImportError,
  jsonPoints,
  MAX_IMPORT_BYTES,
  parseTable,
  pointsCsv,
  guessLabelColumn,
  tableLabels,
  tooManyPoints,
  tablePoints,
  trajectoriesCsv,
  withHeader,
  type Table,
} from '../core/pointImport';
import { MAX_CLOUD_POINTS } from '../core/config';
import { endPoints } from '../core/solvers';
import { notify } from '../state/noticeStore';
import { useScene, type Side } from '../state/sceneStore';
import { applyScene, applySceneText, currentScene, defaultScene, OPEN_LAST_LABEL, openLastScene, shareCurrentScene } from '../state/sceneIO';
import { useLastScene } from '../state/lastScene';
import { useTraining } from '../state/trainingStore';
import { useView } from '../state/viewStore';
import { clock } from '../state/clock';
import { recordStageVideo, stagePng, stageSvg, webmType } from '../view/stageExport';
import { downloadBlob, downloadText } from './download';
import { isImageSceneText, openImageSceneText } from '../state/imagesSceneIO';
import { PythonExportError, pythonScript, type PythonVariant } from '../core/pythonExport';
import { FileButton } from './FileButton';
import { EmbedCode } from './EmbedCode';

interface Lesson {
  file: string;
  title: string;
  about?: string;
}

const scenesUrl = (file: string): string => `${import.meta.env.BASE_URL}scenes/${file}`;
const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
/** Back to the event loop between slices of a long count, so the page stays responsive. */
const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
const SLICE = 1 << 20;

type CsvKind = 'source' | 'target' | 'samples' | 'trajectories';

/** A column named like a label whose cells read as classes (a column of 500 names is no label column); else null. */
function labelColumn(table: Table, x: number, y: number): number | null {
  const c = guessLabelColumn(table, x, y);
  if (c === null) return null;
  try {
    tableLabels(table, c);
    return c;
  } catch {
    return null;
  }
}

interface PendingCsv {
  name: string;
  table: Table;
  x: number;
  y: number;
  /** The column of class labels, or null for none. */
  label: number | null;
}

export function ScenePanel() {
  const [lessons, setLessons] = useState<Lesson[]>([]);
  const [lesson, setLesson] = useState('');
  const [shareUrl, setShareUrl] = useState('');
  const [copied, setCopied] = useState<boolean | null>(null);
  const [importSide, setImportSide] = useState<Side>('target');
  const [pending, setPending] = useState<PendingCsv | null>(null);
  const [importNote, setImportNote] = useState('');
  const [csvKind, setCsvKind] = useState<CsvKind>('source');
  const [recording, setRecording] = useState<number | null>(null);
  const hasSnapshot = useTraining((s) => s.snapshot !== null);
  const hasLastScene = useLastScene((s) => s.available);

  useEffect(() => {
    let live = true;
    fetch(scenesUrl('index.json'))
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((index: { scenes?: Lesson[] }) => {
        if (live && Array.isArray(index.scenes)) setLessons(index.scenes.filter((s) => typeof s.file === 'string' && typeof s.title === 'string'));
      })
      .catch((e: unknown) => {
        if (live) notify('warning', `The lesson scenes could not be listed (${errorText(e)}).`);
      });
    return () => {
      live = false;
    };
  }, []);

  const openLesson = async (file: string) => {
    setLesson(file);
    if (!file) return;
    const title = lessons.find((l) => l.file === file)?.title ?? file;
    try {
      const r = await fetch(scenesUrl(file));
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      const text = await r.text();
      if (applySceneText(text, `The lesson "${title}"`)) notify('info', `Opened the lesson "${title}", already trained: press Train to go on from its weights.`);
    } catch (e) {
      notify('error', `The lesson "${title}" could not be loaded (${errorText(e)}). The current scene is kept.`);
    }
  };

  const newScene = () => {
    if (applyScene(defaultScene())) {
      setLesson('');
      setShareUrl('');
      if (window.location.hash) window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
    }
  };

  const saveScene = () => {
    const scene = currentScene({ withWeights: true });
    downloadText(sceneToJson(scene), 'scene.json', 'application/json');
    if (!scene.weights) notify('info', 'Saved scene.json without weights: the model has not reported trained weights yet.');
  };

  const exportPython = (variant: PythonVariant) => {
    const scene = currentScene({ withWeights: true });
    const file = variant === 'flow_matching' ? 'flow_matching_scene_meta.py' : 'flow_matching_scene.py';
    let script: string;
    try {
      script = pythonScript(scene, file.replace(/\.py$/, ''), { variant });
    } catch (e) {
      if (!(e instanceof PythonExportError)) throw e;
      notify('error', `Could not export ${file}: ${e.message}.`);
      return;
    }
    downloadText(script, file, 'text/x-python');
    const needs = variant === 'flow_matching' ? ' It needs Meta\'s library: pip install flow_matching.' : '';
    notify('info', (scene.weights ? `Exported ${file} with the trained weights (step ${scene.weights.step}): python3 ${file} --help.` : `Exported ${file}; the model had no trained weights yet, so the script trains from scratch.`) + needs);
  };

  const openScene = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_SCENE_TEXT) {
      notify('error', `${file.name} is too large (${(file.size / 1e6).toFixed(1)} MB; a scene file is at most ${MAX_SCENE_TEXT / 1e6} MB). The current scene is kept.`);
      return;
    }
    try {
      const text = await file.text();
      // An image model's file opens in the Images view (which says so), not as clouds.
      if (isImageSceneText(text)) {
        if (openImageSceneText(text, file.name)) setLesson('');
        return;
      }
      if (applySceneText(text, file.name)) {
        setLesson('');
        notify('info', `Opened ${file.name}${/"weights"\s*:/.test(text) ? ' with its trained weights' : ': no weights in it, press Train to train it'}.`);
      }
    } catch (e) {
      notify('error', `${file.name} could not be read (${errorText(e)}).`);
    }
  };

  const share = async () => {
    let url: string;
    try {
      url = shareCurrentScene();
    } catch (e) {
      notify('error', `No link made: ${errorText(e)}.`);
      return;
    }
    setShareUrl(url);
    setCopied(null);
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  const importPoints = (points: Float32Array, name: string, labels: Uint8Array | null = null) => {
    const fit = fitToStage(points);
    const scene = useScene.getState();
    scene.editCloud(importSide, fit.points, null, labels);
    scene.commitEdit();
    const n = (fit.points.length >> 1).toLocaleString('en-US');
    setImportNote(
      fit.scale === 1
        ? `Imported ${n} points from ${name} into the ${importSide} cloud.`
        : `Imported ${n} points from ${name} into the ${importSide} cloud, rescaled ${formatScale(fit.scale)} (centred, aspect ratio kept) to fit the stage's [−5, 5].`,
    );
  };

  const readImport = async (file: File | undefined) => {
    if (!file) return;
    setImportNote('');
    setPending(null);
    if (file.size > MAX_IMPORT_BYTES) {
      notify('error', `${file.name} is too large to import (${(file.size / 1e6).toFixed(1)} MB; at most ${MAX_IMPORT_BYTES / 1e6} MB).`);
      return;
    }
    try {
      const text = await file.text();
      const json = /\.json$/i.test(file.name) || /^\s*[[{]/.test(text.slice(0, 1000));
      // Count the points in slices first (a 20 MB file holds millions of lines): refuse a file that is
      // too large before building any array, without freezing the page.
      const n = json ? await countJsonPointsInSlices(text, pause, SLICE) : await countTablePointsInSlices(text, pause, SLICE);
      if (n > MAX_CLOUD_POINTS) throw tooManyPoints(n);
      if (json) {
        importPoints(jsonPoints(text), file.name);
        return;
      }
      const table = parseTable(text);
      const cols = guessColumns(table);
      setPending({ name: file.name, table, x: cols.x, y: cols.y, label: labelColumn(table, cols.x, cols.y) });
    } catch (e) {
      notify('error', `Points not imported from ${file.name}: ${e instanceof ImportError ? e.message : errorText(e)}.`);
    }
  };

  const confirmCsv = () => {
    if (!pending) return;
    try {
      const labels = pending.label === null ? null : tableLabels(pending.table, pending.label);
      importPoints(tablePoints(pending.table, pending.x, pending.y), pending.name, labels);
      setPending(null);
    } catch (e) {
      notify('error', `Points not imported from ${pending.name}: ${e instanceof ImportError ? e.message : errorText(e)}.`);
    }
  };

  const exportCsv = () => {
    const s = useScene.getState();
    const snap = useTraining.getState().snapshot;
    if (csvKind === 'source' || csvKind === 'target') {
      downloadText(pointsCsv(csvKind === 'source' ? s.source : s.target, csvKind === 'source' ? s.sourceLabels : s.targetLabels), `${csvKind}.csv`, 'text/csv');
      return;
    }
    if (!snap) {
      notify('warning', 'No samples yet: wait for the first snapshot of the flow.');
      return;
    }
    if (csvKind === 'samples') downloadText(pointsCsv(endPoints(snap.trajectories, snap.steps)), 'samples.csv', 'text/csv');
    else downloadText(trajectoriesCsv(snap.trajectories, snap.particles, snap.steps), 'trajectories.csv', 'text/csv');
  };

  const exportPng = async () => {
    try {
      downloadBlob(await stagePng(), 'stage.png');
    } catch (e) {
      notify('error', `No PNG: ${errorText(e)}.`);
    }
  };

  const exportSvg = () => {
    const s = useScene.getState();
    const svg = stageSvg({ source: s.source, target: s.target, snapshot: useTraining.getState().snapshot, t: clock.t, layers: useView.getState().layers });
    downloadText(svg, 'stage.svg', 'image/svg+xml');
  };

  const exportVideo = async () => {
    if (!webmType()) {
      notify('warning', 'This browser cannot record WebM video (MediaRecorder with WebM is missing). Export a PNG or SVG instead, or try Chrome or Firefox.');
      return;
    }
    setRecording(0);
    try {
      const blob = await recordStageVideo(3, (f) => setRecording(Math.round(f * 100)));
      downloadBlob(blob, 'flow.webm');
    } catch (e) {
      notify('error', `No video: ${errorText(e)}.`);
    } finally {
      setRecording(null);
    }
  };

  return (
    <details className="card scenes" data-testid="scene-panel">
      <summary>
        <h2>Scenes</h2>
        <span className="summary-note">lessons · save · share · import · export</span>
      </summary>

      <label className="field scenes-row">
        <span>Trained lessons (open ready to play)</span>
        <select data-testid="scenes-menu" value={lesson} onChange={(e) => void openLesson(e.target.value)}>
          <option value="">{lessons.length ? 'Open a lesson…' : 'No lessons found'}</option>
          {lessons.map((l) => (
            <option key={l.file} value={l.file} title={l.about}>
              {l.title}
            </option>
          ))}
        </select>
      </label>

      <div className="scene-buttons">
        <button type="button" data-testid="new-scene" onClick={newScene} title="Back to the default scene (Gaussian → two moons); undo brings the clouds back, and a scene you drew is kept aside">
          New
        </button>
        <button type="button" data-testid="save-scene" onClick={saveScene} title="Download scene.json: clouds, settings, seed and trained weights">
          Save
        </button>
        <FileButton
          label="Open…"
          title="Open a scene.json saved here or made with npm run fm"
          accept=".json,application/json"
          testId="open-scene"
          onFile={(f) => void openScene(f)}
        />
        <button type="button" data-testid="share-link" onClick={() => void share()} title="Put the scene in this page's link and copy it">
          Share link
        </button>
        {hasLastScene && (
          <button
            type="button"
            data-testid="open-last-scene"
            onClick={() => {
              if (openLastScene()) setLesson('');
            }}
            title="Bring back the scene you drew or edited before a link, lesson, New or file replaced it"
          >
            {OPEN_LAST_LABEL}
          </button>
        )}
      </div>
      {shareUrl && (
        <div className="share">
          <input
            readOnly
            value={shareUrl}
            data-testid="share-url"
            aria-label="share link"
            onFocus={(e) => e.target.select()}
          />
          <p className="lab-note">
            {copied ? 'Copied. ' : copied === false ? 'Select and copy the link. ' : ''}
            The link recreates the clouds, settings and seed, not the trained weights: whoever opens it presses Train and gets the
            same start and batches. Save a file to keep the weights.
          </p>
        </div>
      )}
      <EmbedCode />

      <div className="scene-sub">
        <span className="sub-label">Import points</span>
        <select data-testid="import-side" value={importSide} aria-label="import into" onChange={(e) => setImportSide(e.target.value as Side)}>
          <option value="source">into source</option>
          <option value="target">into target</option>
        </select>
        <FileButton
          label="CSV / JSON…"
          title="CSV or TSV (choose the columns) or JSON [[x, y], ...]; at most 20,000 points"
          accept=".csv,.tsv,.txt,.json,text/csv,application/json"
          testId="import-points"
          onFile={(f) => void readImport(f)}
        />
      </div>
      {pending && (
        <div className="import-dialog" role="dialog" aria-label="CSV columns" data-testid="import-dialog">
          <p className="lab-note">
            {pending.name}: {pending.table.rows.length.toLocaleString('en-US')} rows, {pending.table.columns.length} columns
          </p>
          <div className="grid2">
            <ColumnSelect axis="x" columns={pending.table.columns} value={pending.x} onChange={(v) => setPending({ ...pending, x: v })} />
            <ColumnSelect axis="y" columns={pending.table.columns} value={pending.y} onChange={(v) => setPending({ ...pending, y: v })} />
            <label className="field" title="Classes 0-3, or up to four names (numbered as they first appear)">
              <span>label column</span>
              <select data-testid="import-label" value={pending.label ?? ''} onChange={(e) => setPending({ ...pending, label: e.target.value === '' ? null : Number(e.target.value) })}>
                <option value="">none</option>
                {pending.table.columns.map((c, i) => (
                  <option key={i} value={i}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <label className="chip header-chip">
            <input
              type="checkbox"
              data-testid="import-header"
              checked={pending.table.hasHeader}
              onChange={(e) => {
                try {
                  const table = withHeader(pending.table, e.target.checked);
                  const cols = guessColumns(table);
                  const x = e.target.checked ? cols.x : Math.min(pending.x, table.columns.length - 1);
                  const y = e.target.checked ? cols.y : Math.min(pending.y, table.columns.length - 1);
                  setPending({ ...pending, table, x, y, label: e.target.checked ? labelColumn(table, x, y) : null });
                } catch (err) {
                  notify('error', errorText(err));
                }
              }}
            />
            first row is a header
          </label>
          <div className="scene-buttons">
            <button type="button" className="primary" data-testid="import-confirm" onClick={confirmCsv}>
              Import
            </button>
            <button type="button" data-testid="import-cancel" onClick={() => setPending(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {importNote && (
        <p className="lab-note" data-testid="import-note">
          {importNote}
        </p>
      )}

      <div className="scene-sub">
        <span className="sub-label">Export</span>
        <select data-testid="export-csv-kind" value={csvKind} aria-label="what to export as CSV" onChange={(e) => setCsvKind(e.target.value as CsvKind)}>
          <option value="source">source cloud</option>
          <option value="target">target cloud</option>
          <option value="samples" disabled={!hasSnapshot}>
            generated samples
          </option>
          <option value="trajectories" disabled={!hasSnapshot}>
            trajectories
          </option>
        </select>
        <button type="button" data-testid="export-csv" onClick={exportCsv}>
          CSV
        </button>
      </div>
      <div className="scene-buttons">
        <button type="button" data-testid="export-png" onClick={() => void exportPng()} title="The stage as a PNG image">
          PNG
        </button>
        <button type="button" data-testid="export-svg" onClick={exportSvg} title="Clouds, particles at the current t and field arrows as vector SVG">
          SVG
        </button>
        <button
          type="button"
          data-testid="export-video"
          onClick={() => void exportVideo()}
          disabled={recording !== null}
          title="Record t from 0 to 1 as a 3-second WebM video"
        >
          {recording !== null ? `Recording ${recording}%` : 'Video'}
        </button>
        <button type="button" data-testid="export-python" onClick={() => exportPython('torch')} title="A runnable PyTorch script of this scene: clouds, network, path, coupling, settings and trained weights">
          PyTorch
        </button>
        <button
          type="button"
          data-testid="export-python-fm"
          onClick={() => exportPython('flow_matching')}
          title="The same PyTorch script with the path and ODE solver from Meta's flow_matching library (pip install flow_matching)"
        >
          PyTorch + flow_matching
        </button>
      </div>
    </details>
  );
}

/** Which column of an imported table holds x (or y). */
function ColumnSelect(props: { axis: 'x' | 'y'; columns: readonly string[]; value: number; onChange(column: number): void }) {
  return (
    <label className="field">
      <span>{props.axis} column</span>
      <select data-testid={`import-${props.axis}`} value={props.value} onChange={(e) => props.onChange(Number(e.target.value))}>
        {props.columns.map((c, i) => (
          <option key={i} value={i}>
            {c}
          </option>
        ))}
      </select>
    </label>
  );
}
