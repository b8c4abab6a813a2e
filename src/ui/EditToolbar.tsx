/** The editing toolbar: which cloud, which tool, brush size and density, undo / redo / clear. */
import { useEffect } from 'react';
import { useEdit, BRUSH_LIMITS, type Tool } from '../state/editStore';
import { useScene } from '../state/sceneStore';
import { CLASS_NAMES } from '../view/palette';

/** hint: the button's tooltip; touch: the one line a phone shows under the tools (no hover there). */
const TOOLS: { tool: Tool; label: string; icon: string; hint: string; touch?: string }[] = [
  { tool: 'move', label: 'Move', icon: '✥', hint: 'Drag a cloud to move it. Drag the round handle (or hold Shift) to rotate, the square handle (or Alt, or the wheel) to scale.', touch: 'Drag a cloud; its handles rotate (round) and scale (square)' },
  { tool: 'brush', label: 'Brush', icon: '✎', hint: 'Spray points around the pointer' },
  { tool: 'point', label: 'Point', icon: '•', hint: 'Click to add single points', touch: 'Tap to add single points' },
  { tool: 'erase', label: 'Erase', icon: '⌫', hint: 'Remove points under the brush' },
  { tool: 'inspect', label: 'Probe', icon: '⊕', hint: 'Click to drop a probe particle', touch: 'Tap to drop a probe particle and follow its path' },
];

export function EditToolbar() {
  const { side, tool, radius, density, brushClass, setSide, pickTool, setRadius, setDensity, setBrushClass } = useEdit();
  const canUndo = useScene((s) => s.history.canUndo || s.editing);
  const canRedo = useScene((s) => s.history.canRedo);
  const undo = useScene((s) => s.undo);
  const redo = useScene((s) => s.redo);
  const clearCloud = useScene((s) => s.clearCloud);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.isContentEditable)) return;
      if (!(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 'z') return;
      e.preventDefault();
      if (e.shiftKey) useScene.getState().redo();
      else useScene.getState().undo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <section className="toolbar" aria-label="edit the clouds">
      <div className="seg" role="radiogroup" aria-label="cloud to edit">
        <button type="button" role="radio" aria-checked={side === 'source'} className={`side source ${side === 'source' ? 'active' : ''}`} data-testid="edit-source" onClick={() => setSide('source')}>
          <i className="dot source" /> Source
        </button>
        <button type="button" role="radio" aria-checked={side === 'target'} className={`side target ${side === 'target' ? 'active' : ''}`} data-testid="edit-target" onClick={() => setSide('target')}>
          <i className="dot target" /> Target
        </button>
      </div>
      {/* The brush options show while Brush or Erase is in use. Beside a side panel they float under the
          tools (no room taken: one row at 1280 px); on a phone they keep a row of their own, hidden
          for other tools. Either way picking a tool never moves the stage. */}
      <div className="tool-group">
        <div className="seg" role="radiogroup" aria-label="tool">
          {TOOLS.map((t) => (
            <button
              key={t.tool}
              type="button"
              role="radio"
              aria-checked={tool === t.tool}
              className={tool === t.tool ? 'active' : ''}
              data-testid={`tool-${t.tool === 'inspect' ? 'probe' : t.tool}`}
              title={t.hint}
              onClick={() => pickTool(t.tool)}
            >
              <span aria-hidden="true">{t.icon}</span> {t.label}
            </button>
          ))}
        </div>
        <div className="brush" data-testid="brush-options" data-tool={tool} role="group" aria-label={`${tool} options`} style={{ visibility: tool === 'brush' || tool === 'erase' ? 'visible' : 'hidden' }}>
          <label title="brush radius">
            size
            <input type="range" min={BRUSH_LIMITS.radius.min} max={BRUSH_LIMITS.radius.max} step={0.05} value={radius} onChange={(e) => setRadius(Number(e.target.value))} data-testid="brush-size" />
          </label>
          <label className="density" title="points per dab" style={{ visibility: tool === 'brush' ? undefined : 'hidden' }}>
            density
            <input type="range" min={BRUSH_LIMITS.density.min} max={BRUSH_LIMITS.density.max} step={1} value={density} onChange={(e) => setDensity(Number(e.target.value))} data-testid="brush-density" />
          </label>
          <label className="brush-class" title="The class the brush and the point tool paint (painting a class into an unlabelled cloud makes its points class A)" style={{ visibility: tool === 'brush' ? undefined : 'hidden' }}>
            class
            <select value={brushClass ?? ''} data-testid="brush-class" className={brushClass === null ? '' : `class-${brushClass}`} onChange={(e) => setBrushClass(e.target.value === '' ? null : Number(e.target.value))}>
              <option value="">none</option>
              {CLASS_NAMES.map((name, c) => (
                <option key={name} value={c}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        </div>
        {/* On a phone the row the brush options keep says what the other tools do (a hint there is hover-less). */}
        <p className="tool-hint" data-testid="tool-hint" aria-hidden="true" style={{ visibility: tool === 'brush' || tool === 'erase' ? 'hidden' : 'visible' }}>
          {TOOLS.find((t) => t.tool === tool)?.touch ?? ''}
        </p>
      </div>
      <div className="seg actions">
        <button type="button" data-testid="undo" disabled={!canUndo} onClick={undo} title="Undo (Ctrl/Cmd+Z)">
          ↶ Undo
        </button>
        <button type="button" data-testid="redo" disabled={!canRedo} onClick={redo} title="Redo (Shift+Ctrl/Cmd+Z)">
          ↷ Redo
        </button>
        <button type="button" className="clear" data-testid="clear-cloud" onClick={() => clearCloud(side)} title={`Remove every point of the ${side}`}>
          Clear {side}
        </button>
      </div>
    </section>
  );
}
