/**
 * The guided lessons: a start button, then one step at a time with its explanation, the controls it
 * is about highlighted, and previous / next. Opening a step sets up its scene.
 */
import { useEffect } from 'react';
import { LESSONS } from '../../core/lessons';
import { useLessons } from '../../state/lessonStore';
import { applyLesson, followSchedule, highlightControls } from './applyLesson';
import { MathTex } from './MathTex';
import { StopReadout } from './StopReadout';

export function LessonPanel() {
  const active = useLessons((s) => s.active);
  const index = useLessons((s) => s.index);
  const { start, close, next, prev } = useLessons.getState();
  const step = LESSONS[index];

  useEffect(() => {
    if (!active) return;
    // The schedule first, so the worker has it before the step's reset and Train reach it.
    const unschedule = followSchedule(step);
    applyLesson(step);
    const unhighlight = highlightControls(step.highlight);
    return () => {
      unhighlight();
      unschedule();
    };
  }, [active, step]);

  if (!active) {
    return (
      <section className="card lesson-card lesson-closed" aria-label="lessons">
        <div className="lesson-intro">
          <div>
            <h2>Lessons</h2>
            <p>{LESSONS.length} short steps: from one point moving to another, to why the learned paths curve.</p>
          </div>
          <button type="button" className="primary" data-testid="lessons-open" onClick={() => start(0)}>
            ▶ Start
          </button>
        </div>
      </section>
    );
  }

  return (
    <section className="card lesson-card" aria-label="lesson" data-testid="lesson" data-lesson={step.id}>
      <div className="lesson-head">
        <span className="lesson-step" data-testid="lesson-step">
          {index + 1} / {LESSONS.length}
        </span>
        <button type="button" className="close" data-testid="lesson-close" onClick={close} title="Leave the lesson (the scene stays)" aria-label="close the lesson">
          ×
        </button>
      </div>
      <h3 className="lesson-title" data-testid="lesson-title">
        {step.title}
      </h3>
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
      <div className="row buttons lesson-nav">
        <button type="button" data-testid="lesson-prev" onClick={prev} disabled={index === 0}>
          ← Back
        </button>
        <button type="button" className="primary" data-testid="lesson-next" onClick={next} disabled={index === LESSONS.length - 1}>
          Next →
        </button>
      </div>
    </section>
  );
}
