import { Button, buttonClass, icons } from '../ds/index.ts';
import type { TableModel } from '../models/table-model.ts';

/** Which columns the table shows, and in which order (saved with a view). */
export function ColumnsMenu({ model }: { model: TableModel }) {
  const shown = model.columns.value;
  const offered = model.offered.value;
  const label = (k: string) => offered.find((c) => c.key === k)?.label ?? k;
  const order = shown.filter((k) => offered.some((c) => c.key === k));
  return (
    <details class="columns">
      <summary class={buttonClass('secondary')}>Columns</summary>
      <div class="columns-panel">
        <fieldset><legend>Show columns</legend>
          {offered.filter((c) => !c.primary).map((c) => (
            <label key={c.key} class="ds-check"><input type="checkbox" checked={shown.includes(c.key)} onChange={() => model.toggleColumn(c.key)} />{c.label}</label>
          ))}
        </fieldset>
        <fieldset><legend>Order</legend>
          <ol class="column-order">
            {order.map((k, i) => (
              <li key={k}>
                <span>{label(k)}</span>
                {k !== 'name' && (
                  <>
                    <Button size="sm" variant="ghost" icon={icons.ChevronUp} label={`Move ${label(k)} left`} disabled={i <= 1} onClick={() => model.moveColumn(k, -1)} />
                    <Button size="sm" variant="ghost" icon={icons.ChevronDown} label={`Move ${label(k)} right`} disabled={i === order.length - 1} onClick={() => model.moveColumn(k, 1)} />
                  </>
                )}
              </li>
            ))}
          </ol>
        </fieldset>
      </div>
    </details>
  );
}
