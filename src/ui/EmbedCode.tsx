/**
 * "Copy embed code" (in the Scenes panel): an iframe snippet that shows the current scene on the
 * embed page with the controls ticked here, copied to the clipboard and shown for copying by hand.
 */
import { useState } from 'react';
import { embedSnippet, embedTitle, embedUrl } from '../core/embedCode';
import { DEFAULT_EMBED_SHOW, EMBED_CONTROL_LABELS, EMBED_CONTROLS, type EmbedControl } from '../core/embedParams';
import { notify } from '../state/noticeStore';
import { currentScene } from '../state/sceneIO';
import { useView } from '../state/viewStore';

/** A size that suits a course page's column; the snippet's numbers can be edited by hand. */
const WIDTH = 640;
const HEIGHT = 480;

function snippetFor(show: readonly EmbedControl[]): string {
  const scene = currentScene({ withWeights: false });
  // While the animation plays, t is wherever it happens to be: the embed starts playing from 0 instead.
  if (useView.getState().playing) scene.view = { ...scene.view, t: 0 };
  const entry = new URL(`${import.meta.env.BASE_URL}embed.html`, window.location.href).href;
  return embedSnippet({ src: embedUrl(entry, scene, show), width: WIDTH, height: HEIGHT, title: embedTitle(scene) });
}

export function EmbedCode() {
  const [show, setShow] = useState<readonly EmbedControl[]>(DEFAULT_EMBED_SHOW);
  const [code, setCode] = useState('');
  const [copied, setCopied] = useState<boolean | null>(null);

  const copy = async (controls: readonly EmbedControl[]) => {
    let text: string;
    try {
      text = snippetFor(controls);
    } catch (e) {
      notify('error', `No embed code made: ${e instanceof Error ? e.message : String(e)}.`);
      return;
    }
    setCode(text);
    setCopied(null);
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  const toggle = (c: EmbedControl) => {
    const next = show.includes(c) ? show.filter((x) => x !== c) : EMBED_CONTROLS.filter((x) => x === c || show.includes(x));
    setShow(next);
    // The code on show follows the choice; the button copies it again.
    if (code) setCode(snippetFor(next));
    setCopied(null);
  };

  return (
    <div className="embed-code">
      <button type="button" data-testid="copy-embed" onClick={() => void copy(show)} title="Copy an iframe that shows this scene in a course page or slide">
        Copy embed code
      </button>
      {code && (
        <div className="share">
          <fieldset className="embed-show" aria-label="controls the embed shows">
            <legend>Controls shown</legend>
            {EMBED_CONTROLS.map((c) => (
              <label key={c} className="chip" title={EMBED_CONTROL_LABELS[c]}>
                <input type="checkbox" checked={show.includes(c)} onChange={() => toggle(c)} data-testid={`embed-show-${c}`} />
                {c}
              </label>
            ))}
          </fieldset>
          <textarea readOnly rows={4} value={code} data-testid="embed-code" aria-label="embed code" onFocus={(e) => e.target.select()} />
          <p className="lab-note">
            {copied ? 'Copied. ' : copied === false ? 'Select and copy the code. ' : ''}
            Paste it into a course page: the scene without trained weights, the stage and the ticked controls; it never touches a
            visitor&apos;s own saved scene.
          </p>
        </div>
      )}
    </div>
  );
}
