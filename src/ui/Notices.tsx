/**
 * Messages to the user, in an overlay at the bottom of the window (they never push the panels).
 * The newest few show; older ones wait behind "N more"; info and warnings fade after a while into the
 * history list ("Earlier messages"); errors and notices with an action stay until dismissed.
 */
import { useEffect, useState } from 'react';
import { fadeAfterMs, useNotices, type Notice } from '../state/noticeStore';

/** Notices shown at once (one on a phone, where three would cover the stage); the rest are one click away. */
export const VISIBLE_NOTICES = 3;
const NARROW = '(max-width: 860px)';

function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => window.matchMedia(NARROW).matches);
  useEffect(() => {
    const m = window.matchMedia(NARROW);
    const on = () => setNarrow(m.matches);
    m.addEventListener('change', on);
    return () => m.removeEventListener('change', on);
  }, []);
  return narrow;
}

function NoticeCard({ n, onDismiss }: { n: Notice; onDismiss: () => void }) {
  const fade = fadeAfterMs(n);
  useEffect(() => {
    if (fade === null) return;
    const timer = window.setTimeout(onDismiss, Math.max(0, n.at + fade - Date.now()));
    return () => window.clearTimeout(timer);
    // `at` changes when the message repeats: the fade starts over.
  }, [fade, n.at, onDismiss]);
  return (
    <div
      className={`notice ${n.level}${fade !== null ? ' fades' : ''}`}
      style={fade !== null ? { animationDuration: `${fade}ms` } : undefined}
      data-level={n.level}
    >
      <span className="msg">
        {n.message}
        {n.count > 1 && (
          <span className="notice-count" data-testid="notice-count" title={`This message came ${n.count} times`}>
            {' '}
            ×{n.count}
          </span>
        )}
      </span>
      {n.action && (
        <button
          type="button"
          onClick={() => {
            n.action!.run();
            onDismiss();
          }}
        >
          {n.action.label}
        </button>
      )}
      <button type="button" className="close" aria-label="Dismiss message" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}

export function Notices() {
  const notices = useNotices((s) => s.notices);
  const history = useNotices((s) => s.history);
  const dismiss = useNotices((s) => s.dismiss);
  const [expanded, setExpanded] = useState(false);
  const visible = useNarrow() ? 1 : VISIBLE_NOTICES;
  const hidden = expanded ? 0 : Math.max(0, notices.length - visible);
  // Newest at the bottom, next to the corner; the ones waiting are the oldest.
  const shown = notices.slice(hidden);
  return (
    <div className="notices" data-testid="notice" role="region" aria-label="Messages">
      {notices.length > visible && (
        <button type="button" className="notice-more" data-testid="notice-more" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
          {expanded ? 'Show only the newest' : `${hidden} more message${hidden > 1 ? 's' : ''}`}
        </button>
      )}
      <div className="notice-list" role="status" aria-live="polite">
        {shown.map((n) => (
          <NoticeCard key={`${n.id}-${n.at}`} n={n} onDismiss={() => dismiss(n.id)} />
        ))}
      </div>
      {history.length > 0 && (
        <details className="notice-history" data-testid="notice-history">
          <summary>Earlier messages ({history.length})</summary>
          <ol>
            {history
              .slice()
              .reverse()
              .map((n) => (
                <li key={n.id} className={n.level}>
                  {n.message}
                  {n.count > 1 ? ` ×${n.count}` : ''}
                </li>
              ))}
          </ol>
        </details>
      )}
    </div>
  );
}
