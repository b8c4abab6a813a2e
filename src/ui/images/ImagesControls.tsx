/**
 * The Images view's controls: Train / Pause / Reset with the step, loss and speed; the data and the
 * source (digits made in the browser, your drawings, imported pictures, or noise); the net; and how
 * the grid is sampled (solver, steps, the digit asked for and the guidance weight).
 */
import { useState } from 'react';
import { DEFAULT_IMAGES_SETTINGS, useImages, IMAGE_DATA_LABELS, IMAGE_SOURCE_LABELS, IMAGES_LIMITS, WIDTHS, type ImageDataKind, type ImageSourceKind } from '../../state/imagesStore';
import { imagesProblem, resetImages, setImagesSampling, setImagesSettings, trainImages } from '../../state/imagesSession';
import { addImported, clearImported, useUserImages } from '../../state/imagesUserData';
import { useTraining } from '../../state/trainingStore';
import { notify } from '../../state/noticeStore';
import { formatLoss } from '../format';
import { DrawPad } from './DrawPad';
import { ImageStrip } from './ImageStrip';
import { imageFileToGray } from './importImages';
import type { ImageSolver } from '../../worker/imageProtocol';

export function ImagesTrainCard() {
  const running = useImages((s) => s.running);
  const step = useImages((s) => s.step);
  const loss = useImages((s) => s.loss);
  const sps = useImages((s) => s.stepsPerSecond);
  const diverged = useImages((s) => s.diverged);
  const ready = useTraining((s) => s.backend !== null);
  // Re-read when the user's data change (the problem may go away).
  useUserImages((s) => s.drawings.length + s.imported.length);
  // Re-read when the settings change (another data set may have no problem).
  useImages((s) => s.settings);
  const problem = imagesProblem();
  return (
    <section className="card training" aria-label="image training">
      <div className="row buttons">
        <button
          type="button"
          className={`primary ${running ? 'on' : ''}`}
          data-testid="images-train"
          aria-pressed={running}
          disabled={!ready || !!problem}
          onClick={() => trainImages(!running)}
        >
          {running ? '❚❚ Pause training' : step > 0 ? '▶ Resume training' : '▶ Train'}
        </button>
        <button type="button" data-testid="images-reset" onClick={resetImages} disabled={!ready}>
          ↺ Reset model
        </button>
      </div>
      {problem && (
        <p className="images-problem" role="status" data-testid="images-problem">
          {problem}.
        </p>
      )}
      {diverged && <p className="images-problem">{diverged}</p>}
      <dl className="stats">
        <div>
          <dt>step</dt>
          <dd data-testid="images-step">{step.toLocaleString('en-US')}</dd>
        </div>
        <div>
          <dt>loss</dt>
          <dd data-testid="images-loss">{formatLoss(loss)}</dd>
        </div>
        <div>
          <dt>steps/s</dt>
          <dd data-testid="images-sps">{running && sps > 0 ? sps.toFixed(sps < 10 ? 1 : 0) : '–'}</dd>
        </div>
      </dl>
    </section>
  );
}

function ImportImages() {
  const imported = useUserImages((s) => s.imported);
  const [busy, setBusy] = useState(false);
  const onFiles = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setBusy(true);
    const ok: { pixels: Float32Array; name: string }[] = [];
    const bad: string[] = [];
    for (const f of Array.from(files)) {
      try {
        ok.push({ pixels: await imageFileToGray(f), name: f.name });
      } catch {
        bad.push(f.name);
      }
    }
    if (ok.length > 0) addImported(ok);
    if (bad.length > 0) notify('warning', `Could not read ${bad.join(', ')} as a picture (PNG or JPEG).`);
    setBusy(false);
  };
  return (
    <div className="import-images">
      <div className="row buttons">
        <label className="file-button" title="PNG or JPEG pictures, resized to 16 x 16 gray">
          {busy ? 'Reading…' : 'Import PNG / JPEG…'}
          <input
            type="file"
            accept="image/png,image/jpeg"
            multiple
            data-testid="images-import"
            onChange={(e) => {
              void onFiles(e.target.files);
              e.target.value = '';
            }}
          />
        </label>
        {imported.length > 0 && (
          <button type="button" className="ghost" onClick={clearImported}>
            Remove all
          </button>
        )}
      </div>
      <p className="images-note" data-testid="imported-count">
        {imported.length === 0 ? 'No imported pictures yet: light or dark backgrounds both work (the ink becomes white).' : `${imported.length} imported picture${imported.length === 1 ? '' : 's'}, kept in this browser.`}
      </p>
      {imported.length > 0 && (
        <div className="user-thumbs" data-testid="imported">
          {imported.slice(-24).map((im, i) => (
            <span className="thumb" key={i} title={im.name}>
              <ImageStrip pixels={im.pixels} count={1} columns={1} label={im.name} />
            </span>
          ))}
        </div>
      )}
    </div>
  );
}

/** A scene file's own digits recipe or held-out share (kept across reloads) says so, with the way back. */
function OpenedRecipe() {
  const s = useImages((st) => st.settings);
  const usesDigits = s.data === 'digits' || s.source === 'digits';
  const digitsOwn = usesDigits && (s.digitsSeed !== DEFAULT_IMAGES_SETTINGS.digitsSeed || s.digitsPerClass !== DEFAULT_IMAGES_SETTINGS.digitsPerClass);
  const heldOwn = s.heldOut !== DEFAULT_IMAGES_SETTINGS.heldOut;
  if (!digitsOwn && !heldOwn) return null;
  const parts = [...(digitsOwn ? [`digits of seed ${s.digitsSeed}, ${s.digitsPerClass} a class`] : []), ...(heldOwn ? [`${Math.round(s.heldOut * 100)} % held out`] : [])];
  return (
    <p className="images-note" data-testid="images-opened-recipe">
      From a scene file: {parts.join(', ')}.{' '}
      <button
        type="button"
        className="ghost"
        onClick={() => setImagesSettings({ digitsSeed: DEFAULT_IMAGES_SETTINGS.digitsSeed, digitsPerClass: DEFAULT_IMAGES_SETTINGS.digitsPerClass, heldOut: DEFAULT_IMAGES_SETTINGS.heldOut })}
      >
        Back to the usual set
      </button>
    </p>
  );
}

export function ImagesDataCard() {
  const data = useImages((s) => s.settings.data);
  const source = useImages((s) => s.settings.source);
  const info = useImages((s) => s.info);
  return (
    <section className="card images-data" aria-label="image data">
      <h2>Data</h2>
      <label className="images-field">
        <span>target (t = 1)</span>
        <select data-testid="images-data" value={data} onChange={(e) => setImagesSettings({ data: e.target.value as ImageDataKind })}>
          {(Object.keys(IMAGE_DATA_LABELS) as ImageDataKind[]).map((k) => (
            <option key={k} value={k}>
              {IMAGE_DATA_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      <label className="images-field">
        <span>source (t = 0)</span>
        <select data-testid="images-source" value={source} onChange={(e) => setImagesSettings({ source: e.target.value as ImageSourceKind })}>
          {(Object.keys(IMAGE_SOURCE_LABELS) as ImageSourceKind[]).map((k) => (
            <option key={k} value={k} disabled={k === data}>
              {IMAGE_SOURCE_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      {info && (
        <p className="images-note" data-testid="images-data-info">
          {info.trainCount.toLocaleString('en-US')} training image{info.trainCount === 1 ? '' : 's'}, {info.heldOutCount.toLocaleString('en-US')} held out{info.conditional ? ', with digit labels' : ''}.
        </p>
      )}
      <OpenedRecipe />
      {(data === 'drawings' || source === 'drawings') && <DrawPad />}
      {(data === 'imported' || source === 'imported') && <ImportImages />}
    </section>
  );
}

function NumberField(props: { label: string; testId: string; value: number; min: number; max: number; step: number; onChange(v: number): void }) {
  return (
    <label className="images-field">
      <span>{props.label}</span>
      <input
        type="number"
        data-testid={props.testId}
        min={props.min}
        max={props.max}
        step={props.step}
        defaultValue={props.value}
        key={props.value}
        onBlur={(e) => Number(e.target.value) !== props.value && props.onChange(Number(e.target.value))}
        onKeyDown={(e) => {
          if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
        }}
      />
    </label>
  );
}

export function ImagesModelCard() {
  const s = useImages((st) => st.settings);
  const conditionalPossible = useImages((st) => st.info?.labelled ?? st.settings.data === 'digits');
  return (
    <section className="card images-model" aria-label="image model">
      <h2>Model</h2>
      <div className="images-grid2">
        <label className="images-field">
          <span>layers</span>
          <select data-testid="images-layers" value={s.hiddenLayers} onChange={(e) => setImagesSettings({ hiddenLayers: Number(e.target.value) })}>
            {[1, 2, 3, 4, 5, 6].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label className="images-field">
          <span>width</span>
          <select data-testid="images-width" value={s.width} onChange={(e) => setImagesSettings({ width: Number(e.target.value) })}>
            {/* A scene file's width may be none of the usual ones: it shows as it is. */}
            {[...new Set([...WIDTHS, s.width])].sort((x, y) => x - y).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <NumberField label="batch" testId="images-batch" value={s.batchSize} min={IMAGES_LIMITS.batchSize.min} max={IMAGES_LIMITS.batchSize.max} step={1} onChange={(v) => setImagesSettings({ batchSize: v })} />
        <NumberField label="learning rate" testId="images-lr" value={s.learningRate} min={IMAGES_LIMITS.learningRate.min} max={IMAGES_LIMITS.learningRate.max} step={0.0001} onChange={(v) => setImagesSettings({ learningRate: v })} />
        <label className="images-field">
          <span>coupling</span>
          <select data-testid="images-coupling" value={s.coupling} onChange={(e) => setImagesSettings({ coupling: e.target.value as 'independent' | 'ot' })}>
            <option value="independent">independent</option>
            <option value="ot">minibatch OT</option>
          </select>
        </label>
        <NumberField label="label drop" testId="images-label-drop" value={s.labelDrop} min={0} max={IMAGES_LIMITS.labelDrop.max} step={0.05} onChange={(v) => setImagesSettings({ labelDrop: v })} />
      </div>
      <label className="chip images-conditional" title={conditionalPossible ? 'The net also reads the digit (or a "none" label, dropped at random while training)' : 'The data has no digit labels'}>
        <input type="checkbox" data-testid="images-conditional" checked={s.conditional} disabled={!conditionalPossible} onChange={(e) => setImagesSettings({ conditional: e.target.checked })} />
        conditional on the digit
      </label>
      <p className="images-note">
        An MLP on 256 pixels plus the time features: {s.hiddenLayers} × {s.width}, SiLU. Changing the model starts it over.
      </p>
    </section>
  );
}

export function ImagesSampleCard() {
  const sampling = useImages((s) => s.sampling);
  const conditional = useImages((s) => s.info?.conditional ?? false);
  return (
    <section className="card images-sample" aria-label="image sampling">
      <h2>Sampling</h2>
      <div className="images-grid2">
        <label className="images-field">
          <span>solver</span>
          <select data-testid="images-solver" value={sampling.solver} onChange={(e) => setImagesSampling({ solver: e.target.value as ImageSolver })}>
            <option value="euler">Euler</option>
            <option value="midpoint">midpoint</option>
            <option value="heun">Heun</option>
            <option value="rk4">RK4</option>
          </select>
        </label>
        <NumberField label="steps" testId="images-steps-input" value={sampling.steps} min={1} max={IMAGES_LIMITS.steps.max} step={1} onChange={(v) => setImagesSampling({ steps: v })} />
      </div>
      {conditional && (
        <>
          <div className="digit-picker seg" role="group" aria-label="digit to generate">
            {[-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => (
              <button key={d} type="button" className={sampling.digit === d ? 'active' : ''} aria-pressed={sampling.digit === d} data-testid={`images-digit-${d < 0 ? 'all' : d}`} onClick={() => setImagesSampling({ digit: d })}>
                {d < 0 ? 'all' : d}
              </button>
            ))}
          </div>
          <label className="slider images-guidance">
            <span>
              w = <output data-testid="images-guidance-value">{sampling.guidance.toFixed(1)}</output>
            </span>
            <input
              type="range"
              min={0}
              max={5}
              step={0.5}
              value={sampling.guidance}
              data-testid="images-guidance"
              aria-label="classifier-free guidance weight w"
              onChange={(e) => setImagesSampling({ guidance: Number(e.target.value) })}
            />
          </label>
          <p className="images-note">
            Guidance: v = v_none + w (v_digit − v_none). w = 0 ignores the digit, 1 is the plain conditional model, more pushes harder toward the digit. "all": cell i asks for digit i mod 10.
          </p>
        </>
      )}
    </section>
  );
}
