/** The top bar's views: the playground, the compare view (flow models vs flow matching) and images. */
import { useCompare } from '../../state/compareStore';
import { useImages } from '../../state/imagesStore';
import { showView, type PageView } from './viewParam';

const TABS: { view: PageView; label: string; short: string }[] = [
  { view: 'playground', label: 'Playground', short: 'Playground' },
  { view: 'compare', label: 'Flow models vs flow matching', short: 'Compare' },
  { view: 'images', label: 'Images', short: 'Images' },
];

export function ViewTabs() {
  const open = useCompare((s) => s.open);
  const images = useImages((s) => s.open);
  const current: PageView = images ? 'images' : open ? 'compare' : 'playground';
  return (
    <div className="view-tabs seg" role="tablist" aria-label="view">
      {TABS.map((t) => (
        <button
          key={t.view}
          type="button"
          role="tab"
          aria-selected={current === t.view}
          className={current === t.view ? 'active' : ''}
          data-testid={`view-${t.view}`}
          aria-label={t.label}
          onClick={() => showView(t.view)}
          onKeyDown={(e) => {
            // The tab pattern: arrow keys move to the next or previous view.
            if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
            e.preventDefault();
            // Not also a step of t (the page's arrow-key shortcut).
            e.stopPropagation();
            const i = TABS.findIndex((x) => x.view === t.view);
            const other = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
            showView(other.view);
            (e.currentTarget.parentElement?.querySelector(`[data-testid="view-${other.view}"]`) as HTMLElement | null)?.focus();
          }}
        >
          <span className="tab-long">{t.label}</span>
          <span className="tab-short" aria-hidden="true">
            {t.short}
          </span>
        </button>
      ))}
    </div>
  );
}
