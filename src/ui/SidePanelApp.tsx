import { useEffect, useRef } from 'preact/hooks';
import type { ListModel } from './models/list-model.ts';
import type { NewLeadModel } from './models/new-lead-model.ts';
import { LeadList } from './leads/LeadList.tsx';
import { NewLeadForm } from './leads/NewLeadForm.tsx';

export type SidePanelModels = { leads: ListModel; newLead: NewLeadModel; syncStatus: { value: string } };

export function SidePanelApp({ models }: { models: SidePanelModels }) {
  const searchRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // `/` focuses search, as in most tools people already know.
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '/' && !(e.target instanceof HTMLInputElement)) { e.preventDefault(); searchRef.current?.focus(); }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return (
    <main class="panel">
      <header>
        <h1>Outpost</h1>
        <span class="sync" role="status" aria-live="polite">{models.syncStatus.value}</span>
      </header>
      <NewLeadForm model={models.newLead} />
      <input ref={searchRef} type="search" class="search" placeholder="Search leads  ( / )" aria-label="Search leads" value={models.leads.search.value} onInput={(e) => models.leads.setSearch((e.currentTarget as HTMLInputElement).value)} />
      <p class="count" aria-live="polite">{models.leads.page.value.total} leads</p>
      <LeadList model={models.leads} />
    </main>
  );
}
