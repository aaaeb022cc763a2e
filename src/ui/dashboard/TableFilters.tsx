import { useState } from 'preact/hooks';
import type { Collection, ConfigList } from '../../domain/index.ts';
import type { ListModel } from '../models/list-model.ts';
import type { ConfigModel } from '../models/config-model.ts';
import type { ListFilters } from '../ports.ts';
import { memberName, membersByName } from '../models/members.ts';
import { Select, buttonClass } from '../ds/index.ts';

type Choice = { key: keyof ListFilters; label: string; options: (c: ConfigModel) => { value: string; label: string }[] };

const fromList = (list: ConfigList) => (c: ConfigModel) => (c.active(list) as unknown as { id: string; name: string }[]).map((e) => ({ value: e.id, label: e.name || e.id }));
const owners = (c: ConfigModel) => {
  const cfg = c.config.value;
  return cfg ? membersByName(cfg).map((m) => ({ value: m.id, label: memberName(cfg, m.id) })) : [];
};
const fixed = (...values: string[]) => () => values.map((v) => ({ value: v, label: v[0].toUpperCase() + v.slice(1) }));

/** Sales-signal filters (values are days; src/store/signal-queries.ts reads them). */
const days = (label: (n: string) => string, ...ns: string[]) => () => ns.map((n) => ({ value: n, label: n === 'never' ? 'Never contacted' : label(n) }));
const contacted: Choice = { key: 'notContactedDays', label: 'Last contacted', options: days((n) => `Not in ${n} days`, '7', '14', '30', '90', 'never') };
const inStage: Choice = { key: 'inStageOverDays', label: 'Days in stage', options: days((n) => `Over ${n} days`, '14', '30', '60', '90') };

/** The filters each table offers (tasks' "status" and deals' open/won/lost are the row's status). */
const CHOICES: Record<Collection, Choice[]> = {
  leads: [
    { key: 'statusId', label: 'Status', options: (c) => [...fromList('leadStatuses')(c), { value: 'converted', label: 'Converted' }] },
    { key: 'sourceId', label: 'Source', options: fromList('sources') }, { key: 'ownerId', label: 'Owner', options: owners }, contacted,
  ],
  people: [{ key: 'ownerId', label: 'Owner', options: owners }, contacted],
  companies: [{ key: 'ownerId', label: 'Owner', options: owners }, contacted],
  opportunities: [
    { key: 'statusId', label: 'Status', options: fixed('open', 'won', 'lost', 'abandoned') }, { key: 'stageId', label: 'Stage', options: fromList('stages') },
    { key: 'sourceId', label: 'Source', options: fromList('sources') }, { key: 'ownerId', label: 'Owner', options: owners }, contacted, inStage,
  ],
  tasks: [{ key: 'statusId', label: 'Status', options: fixed('open', 'done') }, { key: 'ownerId', label: 'Assignee', options: owners }],
};

/** How many of the filters a table shows are set (a narrow window's folded "Filters" says it). */
export function activeFilterCount(type: Collection, f: ListFilters): number {
  const keys: (keyof ListFilters)[] = [...CHOICES[type].map((c) => c.key), ...(type !== 'tasks' ? ['tag' as const] : [])];
  return keys.filter((k) => !!f[k]).length;
}

/** The folded filters' button: "Filters", or "Filters (2 on)" when two of them narrow the rows. */
export const filtersLabel = (n: number) => (n ? `Filters (${n} on)` : 'Filters');

/**
 * Filters that apply as they change: choices at once, the tag with every keystroke. In a narrow
 * window they are folded under a "Filters" button that says how many are on (seven of them
 * stacked took ~250 px above the rows at 360 px); a wide one shows them, without the button.
 */
export function TableFilters({ type, model, config }: { type: Collection; model: ListModel; config: ConfigModel }) {
  const f = model.filters.value;
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" class={buttonClass('secondary', 'md', false, 'filters-toggle')} aria-expanded={open} aria-controls="table-filters" onClick={() => setOpen(!open)}>{filtersLabel(activeFilterCount(type, f))}</button>
      <div id="table-filters" class={open ? 'filters' : 'filters folded'} role="group" aria-label="Filters">
        {CHOICES[type].map(({ key, label, options }) => (
          <Select key={key} id={`tf-${key}`} label={label} value={f[key] ?? ''} placeholder="Any" options={options(config)} onChange={(v) => model.setFilter(key, v)} />
        ))}
        {type !== 'tasks' && (
          <span class="ds-field">
            <label for="tf-tag">Tag</label>
            <input id="tf-tag" class="ds-input" value={f.tag ?? ''} onInput={(e) => model.setFilter('tag', (e.currentTarget as HTMLInputElement).value.trim())} />
          </span>
        )}
      </div>
    </>
  );
}
