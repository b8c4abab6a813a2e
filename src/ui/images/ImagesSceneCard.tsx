/**
 * Save and open the Images view's model as a scene file (the command line's format: fm sample --png
 * reads what Save writes, and a file of fm train --data opens here). Files dropped on the view open too.
 */
import { useState, type DragEvent } from 'react';
import { imagesSceneText, openImageSceneFile } from '../../state/imagesSceneIO';
import { notify } from '../../state/noticeStore';
import { useTraining } from '../../state/trainingStore';
import { downloadText } from '../download';

export const IMAGES_SCENE_FILE = 'images-scene.json';

/** Props that make an element take a dropped scene file. */
export function imagesDropProps(): { onDragOver(e: DragEvent): void; onDrop(e: DragEvent): void } {
  return {
    onDragOver(e) {
      if (e.dataTransfer.types.includes('Files')) e.preventDefault();
    },
    onDrop(e) {
      const file = e.dataTransfer.files[0];
      if (!file) return;
      e.preventDefault();
      if (!/\.json$/i.test(file.name) && file.type !== 'application/json') {
        notify('warning', `${file.name} is not a scene file: drop a .json scene here (pictures go in with "Import PNG / JPEG…" under Data).`);
        return;
      }
      void openImageSceneFile(file);
    },
  };
}

export function ImagesSceneCard() {
  const ready = useTraining((s) => s.backend !== null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    try {
      const r = await imagesSceneText();
      if (typeof r === 'string') {
        notify('warning', `Nothing saved: ${r}.`);
        return;
      }
      downloadText(r.text, IMAGES_SCENE_FILE, 'application/json');
      notify('info', r.step !== null ? `Saved ${IMAGES_SCENE_FILE} with the weights of step ${r.step.toLocaleString('en-US')} (fm sample --scene ${IMAGES_SCENE_FILE} --png grid.png draws from it).` : `Saved ${IMAGES_SCENE_FILE} without weights: the model has not trained yet.`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card images-scene" aria-label="image scene file">
      <h2>Scene file</h2>
      <div className="row buttons">
        <button type="button" data-testid="images-save" onClick={() => void save()} disabled={busy || !ready}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        <label className="file-button" title="An image scene file (.json), saved here or by fm train --data">
          Open…
          <input
            type="file"
            accept=".json,application/json"
            data-testid="images-open"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void openImageSceneFile(f);
              e.target.value = '';
            }}
          />
        </label>
      </div>
      <p className="images-note">The model, its settings and its data in one file; drop a file on the view to open it.</p>
    </section>
  );
}
