/**
 * Play / pause and the time slider. The slider is uncontrolled: the clock writes its value each
 * frame through a ref, so playing does not re-render React.
 */
import { useEffect, useRef } from 'react';
import { useView } from '../state/viewStore';
import { clock, PLAY_SPEEDS } from '../state/clock';
import { useShown } from '../state/embedStore';

export function TimeControls() {
  const playing = useView((s) => s.playing);
  const setPlaying = useView((s) => s.setPlaying);
  const speed = useView((s) => s.speed);
  const setSpeed = useView((s) => s.setSpeed);
  const sliderRef = useRef<HTMLInputElement>(null);
  const labelRef = useRef<HTMLOutputElement>(null);
  // An embed may hide either half; the effects above the return still drive the clock.
  const showPlay = useShown('play');
  const showSlider = useShown('slider');

  useEffect(() => {
    clock.playing = playing;
  }, [playing]);

  useEffect(() => {
    clock.speed = speed;
  }, [speed]);

  useEffect(
    () =>
      clock.subscribe((t) => {
        const text = t.toFixed(2);
        if (sliderRef.current && document.activeElement !== sliderRef.current) sliderRef.current.value = String(t);
        if (labelRef.current && labelRef.current.textContent !== text) labelRef.current.textContent = text;
      }),
    [],
  );

  if (!showPlay && !showSlider) return null;
  return (
    <section className="card time" aria-label="time">
      {showPlay && (
        <button
          type="button"
          data-testid="play-toggle"
          aria-pressed={playing}
          onClick={() => setPlaying(!playing)}
          title="Play or pause the animation (Space)"
          className="icon"
        >
          {playing ? '❚❚' : '▶'}
        </button>
      )}
      {showSlider && (
        <label className="slider">
          <span>
            t = <output ref={labelRef}>0.00</output>
          </span>
          <input
            ref={sliderRef}
            type="range"
            min={0}
            max={1}
            step={0.001}
            defaultValue={0}
            data-testid="time-slider"
            aria-label="time t from source (0) to target (1)"
            onInput={(e) => {
              setPlaying(false);
              clock.setT(Number((e.target as HTMLInputElement).value));
            }}
          />
        </label>
      )}
      {showPlay && (
        <select
          className="speed"
          data-testid="play-speed"
          aria-label="play speed"
          title="Play speed: slow motion for explaining"
          value={speed}
          onChange={(e) => setSpeed(Number(e.target.value))}
        >
          {PLAY_SPEEDS.map((v) => (
            <option key={v} value={v}>
              {v}×
            </option>
          ))}
        </select>
      )}
    </section>
  );
}
