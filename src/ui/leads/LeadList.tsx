import type { ComponentChildren } from 'preact';
import type { ListModel } from '../models/list-model.ts';
import { ROW_HEIGHT } from '../models/list-model.ts';
import type { ListRow } from '../ports.ts';

/**
 * Virtualized: only the rows in the model's window are in the DOM; the spacer keeps the scrollbar
 * honest. `status` gives a row's status in words ("New", "Converted"), shown beside its name.
 */
/**
 * `empty`: what an empty list shows instead of "No leads yet" (its records are in the trash, say);
 * `label` and `one` name what it lists ("People", "person" when Leads are off).
 */
export function LeadList({ model, onOpen, label = 'Leads', one = 'lead', status, empty }: { model: ListModel; onOpen?: (id: string) => void; label?: string; one?: string; status?: (row: ListRow) => string; empty?: ComponentChildren }) {
  const { rows, total } = model.page.value;
  const start = model.view.value.offset;
  // An empty list is said in words, not as a list with no items (which screen readers announce as broken).
  if (model.loaded.value && total === 0) {
    if (empty && !model.narrowed.value) return <div class="list list-empty">{empty}</div>;
    return <div class="list list-empty"><p class="empty" role="status">{model.search.value ? `No ${one} matches your search.` : `No ${label.toLowerCase()} yet: capture one from a page or add one above.`}</p></div>;
  }
  return (
    <div class="list" role="list" aria-label={label} tabIndex={-1} onScroll={(e) => model.scrolledTo((e.currentTarget as HTMLElement).scrollTop)}>
      <div style={{ height: `${total * ROW_HEIGHT}px`, position: 'relative' }}>
        {rows.map((r, i) => (
          <div
            key={r.id}
            role="listitem"
            class="row"
            data-id={r.id}
            tabIndex={0}
            style={{ position: 'absolute', top: `${(start + i) * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px`, left: 0, right: 0 }}
            onClick={() => onOpen?.(r.id)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') onOpen?.(r.id);
              // Arrow keys walk the list without a mouse.
              if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                e.preventDefault();
                const el = e.currentTarget as HTMLElement;
                const next = (e.key === 'ArrowDown' ? el.nextElementSibling : el.previousElementSibling) as HTMLElement | null;
                next?.focus();
              }
            }}
          >
            <span class="row-top"><span class="row-name">{r.name || '(no name)'}</span>{status?.(r) && <span class="row-status">{status(r)}</span>}</span>
            <span class="row-sub">{model.subtitle(r)}</span>
          </div>
        ))}
      </div>
    </div>
  );
}
