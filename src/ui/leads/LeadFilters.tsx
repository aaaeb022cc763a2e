import type { ConfigList } from '../../domain/index.ts';
import { isSeededNoSource } from '../../domain/no-source.ts';
import type { ListModel } from '../models/list-model.ts';
import type { ConfigModel } from '../models/config-model.ts';
import type { ListFilters } from '../ports.ts';

const CHOICES: [keyof ListFilters, string, ConfigList][] = [['statusId', 'Status', 'leadStatuses'], ['sourceId', 'Source', 'sources'], ['ownerId', 'Owner', 'members']];

/** Filters of a list: status, source, owner (admin lists), a tag, and the sort. */
export function LeadFilters({ model, config, idPrefix = 'lf' }: { model: ListModel; config: ConfigModel; idPrefix?: string }) {
  const f = model.filters.value;
  return (
    <div class="filters" role="group" aria-label="Filters">
      {CHOICES.map(([key, label, list]) => (
        <span class="filter" key={key}>
          <label for={`${idPrefix}-${key}`}>{label}</label>
          <select id={`${idPrefix}-${key}`} value={f[key] ?? ''} onChange={(e) => model.setFilter(key, (e.currentTarget as HTMLSelectElement).value)}>
            <option value="">Any</option>
            {key === 'statusId' && <option value="converted">Converted</option>}
            {/* Retired entries stay filterable (records hold them); the seeded "No source" is no source (domain/no-source.ts). */}
            {(config.config.value?.[list] as { id: string; name: string }[] | undefined ?? []).filter((o) => list !== 'sources' || !isSeededNoSource(o)).map((o) => <option key={o.id} value={o.id}>{list === 'members' ? config.memberName(o.id) : o.name || o.id}</option>)}
          </select>
        </span>
      ))}
      <span class="filter">
        <label for={`${idPrefix}-tag`}>Tag</label>
        <input id={`${idPrefix}-tag`} value={f.tag ?? ''} onInput={(e) => model.setFilter('tag', (e.currentTarget as HTMLInputElement).value.trim())} />
      </span>
      <span class="filter">
        <label for={`${idPrefix}-sort`}>Sort</label>
        <select id={`${idPrefix}-sort`} value={`${model.sort.value?.field ?? 'name'}:${model.sort.value?.dir ?? 'asc'}`} onChange={(e) => { const [field, dir] = (e.currentTarget as HTMLSelectElement).value.split(':'); model.sort.value = { field, dir: dir as 'asc' | 'desc' }; }}>
          <option value="name:asc">Name A–Z</option>
          <option value="name:desc">Name Z–A</option>
          <option value="updatedAt:desc">Recently changed</option>
          <option value="createdAt:desc">Newest</option>
        </select>
      </span>
    </div>
  );
}
