/**
 * The guided lessons: a start button, then one step at a time with its explanation, the controls it
 * is about highlighted (with buttons that bring each into view), and Back / Next; the last step has
 * Restart and Finish. Opening a step sets up its scene; closing or finishing the lessons brings back
 * the scene from before them (src/state/lessonRestore.ts).
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { CONTROL_NAMES, LESSONS } from '../../core/lessons';
import { beginLessons, endLessons } from '../../state/lessonRestore';
import { useLessons } from '../../state/lessonStore';
import { applyLessonOnce, followSchedule } from '../../state/lessonActions';
import { highlightControls } from './highlightControls';
import { MathTex } from './MathTex';
import { controlByTestId, revealControl } from './revealControl';
import { StopReadout } from './StopReadout';
import './lessons.css';

export function LessonPanel() {
  const active = useLessons((s) => s.active);
  const index = useLessons((s) => s.index);
  const { next, prev } = useLessons.getState();
  const step = LESSONS[index];
  const last = index === LESSONS.length - 1;
  const card = useRef<HTMLElement>(null);
  const scroll = useRef<HTMLDivElement>(null);
  // The step whose scene is on the stage (a trained scene arrives a moment after the step opens).
  const [ready, setReady] = useState<string | null>(null);

  useEffect(() => {
    if (!active) return;
    // The schedule first, so the worker has it before the step's reset and Train reach it.
    const unschedule = followSchedule(step);
    let live = true;
    void applyLessonOnce(step).then(() => {
      if (live) setReady(step.id);
    });
    const unhighlight = highlightControls(step.highlight);
    // After the highlight has opened any collapsed panel: beside the stage, show the step's first control
    // (only the side panel scrolls); on a phone, the stage, with the lesson sheet below it.
    const frame = requestAnimationFrame(() => {
      if (card.current && getComputedStyle(card.current).position === 'fixed') window.scrollTo(0, 0);
      else for (const id of step.highlight) if (revealControl(controlByTestId(id))) break;
    });
    return () => {
      live = false;
      setReady(null);
      cancelAnimationFrame(frame);
      unhighlight();
      unschedule();
    };
  }, [active, step]);

  // A new step opens at its title and first line, wherever the last one was scrolled to.
  useLayoutEffect(() => {
    if (!active) return;
    if (scroll.current) scroll.current.scrollTop = 0;
    const el = card.current;
    const panel = el?.parentElement;
    if (el && panel && panel.scrollHeight > panel.clientHeight && getComputedStyle(el).position !== 'sticky') {
      panel.scrollTop = Math.min(panel.scrollTop, el.offsetTop - panel.offsetTop);
    }
  }, [active, index]);

  // On a phone the card is a sheet over the bottom of the screen: the page keeps room for it.
  useLayoutEffect(() => {
    const el = card.current;
    const root = document.documentElement;
    if (!active || !el) return;
    const update = () => root.style.setProperty('--lesson-sheet', `${getComputedStyle(el).position === 'fixed' ? el.offsetHeight : 0}px`);
    update();
    const ro = new ResizeObserver(update);
    ro.observe(el);
    window.addEventListener('resize', update);
    return () => {
      ro.disconnect();
      window.removeEventListener('resize', update);
      root.style.removeProperty('--lesson-sheet');
    };
  }, [active]);

  if (!active) {
    return (
      <section className="card lesson-card lesson-closed" aria-label="lessons">
        <div className="lesson-intro">
          <div>
            <h2>Lessons</h2>
            <p>{LESSONS.length} short steps: from one point moving to another, through curved paths, flow models, guidance and diffusion, to pictures.</p>
          </div>
          <button type="button" className="primary" data-testid="lessons-open" onClick={() => beginLessons(0)}>
            ▶ Start
          </button>
        </div>
      </section>
    );
  }

  const shown = step.highlight.filter((id) => CONTROL_NAMES[id]);
  return (
    <section ref={card} className="card lesson-card lesson-open" aria-label="lesson" data-testid="lesson" data-lesson={step.id} data-ready={ready === step.id ? 'true' : 'false'}>
      <div className="lesson-head">
        <span className="lesson-step" data-testid="lesson-step">
          {index + 1} / {LESSONS.length}
        </span>
        <button type="button" className="close" data-testid="lesson-close" onClick={endLessons} title="Leave the lessons and bring back your scene" aria-label="close the lessons and bring back your scene">
          ×
        </button>
      </div>
      <h3 className="lesson-title" data-testid="lesson-title">
        {step.title}
      </h3>
      <div className="lesson-scroll" ref={scroll} data-testid="lesson-scroll">
        <div className="lesson-body">
          {step.body.map((part, i) =>
            part.math ? (
              <div key={i} className="lesson-math">
                <MathTex tex={part.math} display />
              </div>
            ) : (
              <p key={i}>{part.text}</p>
            ),
          )}
        </div>
        {step.setup.markers && <StopReadout markers={step.setup.markers} />}
        <p className="lesson-try">
          <b>Try:</b> {step.tryIt}
        </p>
        {shown.length > 0 && (
          <p className="lesson-show">
            <span>Show:</span>
            {shown.map((id) => (
              <button key={id} type="button" className="chip-button" data-testid={`lesson-show-${id}`} onClick={() => revealControl(controlByTestId(id))}>
                {CONTROL_NAMES[id]}
              </button>
            ))}
          </p>
        )}
      </div>
      <div className="row buttons lesson-nav">
        <button type="button" data-testid="lesson-prev" onClick={prev} disabled={index === 0}>
          ← Back
        </button>
        {last ? (
          <>
            <button type="button" data-testid="lesson-restart" onClick={() => beginLessons(0)} title="Back to the first step">
              ↺ Restart
            </button>
            <button type="button" className="primary" data-testid="lesson-finish" onClick={endLessons} title="End the lessons and bring back your scene">
              Finish
            </button>
          </>
        ) : (
          <button type="button" className="primary" data-testid="lesson-next" onClick={next}>
            Next →
          </button>
        )}
      </div>
    </section>
  );
}
