/** Messages to the user; each can be dismissed, some carry an action (restore, reset). */
import { useNotices } from '../state/noticeStore';

export function Notices() {
  const notices = useNotices((s) => s.notices);
  const dismiss = useNotices((s) => s.dismiss);
  return (
    <div className="notices" data-testid="notice" role="status" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice ${n.level}`}>
          <span className="msg">{n.message}</span>
          {n.action && (
            <button
              type="button"
              onClick={() => {
                n.action!.run();
                dismiss(n.id);
              }}
            >
              {n.action.label}
            </button>
          )}
          <button type="button" className="close" aria-label="dismiss" onClick={() => dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
