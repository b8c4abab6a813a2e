/** Preset selects for both clouds, with the Gaussian's mean and std as a small text field. */
import { useEffect, useState } from 'react';
import { PRESET_LABELS, PRESET_NAMES } from '../core/presets';
import { useScene, type Side } from '../state/sceneStore';

function PresetRow({ side }: { side: Side }) {
  const spec = useScene((s) => (side === 'source' ? s.sourceSpec : s.targetSpec));
  const count = useScene((s) => (side === 'source' ? s.source.length : s.target.length) >> 1);
  const setPreset = useScene((s) => s.setPreset);
  const name = spec ? spec.split(':')[0] : 'drawn';
  const params = spec?.startsWith('gaussian') ? (spec.split(':')[1] ?? '0,0,1') : '';
  const [draft, setDraft] = useState(params);
  useEffect(() => setDraft(params), [params]);

  return (
    <div className={`preset-row ${side}`}>
      <label>
        <span className="side-label">
          <i className={`dot ${side}`} /> {side === 'source' ? 'Source' : 'Target'}
          <small data-testid={`count-${side}`}>{count.toLocaleString('en-US')} pts</small>
        </span>
        <select
          data-testid={`${side}-preset`}
          value={name}
          onChange={(e) => setPreset(side, e.target.value === 'gaussian' ? 'gaussian' : e.target.value)}
        >
          {name === 'drawn' && <option value="drawn">Drawn by hand</option>}
          {PRESET_NAMES.map((n) => (
            <option key={n} value={n}>
              {PRESET_LABELS[n]}
            </option>
          ))}
        </select>
      </label>
      {name === 'gaussian' && (
        <label className="gauss">
          <span title="mean x, mean y, standard deviation">μx, μy, σ</span>
          <input
            value={draft}
            spellCheck={false}
            aria-label={`${side} Gaussian mean x, mean y and std`}
            data-testid={`${side}-gaussian`}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') setPreset(side, `gaussian:${draft}`);
            }}
            onBlur={() => draft !== params && setPreset(side, `gaussian:${draft}`)}
          />
        </label>
      )}
    </div>
  );
}

export function PresetPicker() {
  return (
    <section className="card" aria-label="distributions">
      <h2>Distributions</h2>
      <PresetRow side="source" />
      <PresetRow side="target" />
    </section>
  );
}
