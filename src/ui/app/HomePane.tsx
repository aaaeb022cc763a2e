import { useState } from 'preact/hooks';
import type { AppModels } from './app-models.ts';
import { CaptureCard } from '../leads/CaptureCard.tsx';
import { NewLeadForm } from '../leads/NewLeadForm.tsx';
import { LeadList } from '../leads/LeadList.tsx';
import { LeadFilters } from '../leads/LeadFilters.tsx';
import { FirstRun } from './FirstRun.tsx';
import { KnownHere } from '../known/KnownHere.tsx';

/** The daily view: this page's contact, then the leads with search and filters. */
export function HomePane({ models, searchRef }: { models: AppModels; searchRef: { current: HTMLInputElement | null } }) {
  const { leads, nav, config } = models;
  const [showFilters, setShowFilters] = useState(false);
  const open = (type: 'leads' | 'people', id: string) => nav.open(type, id);
  const leadsOn = config.config.value?.settings.leadsEnabled !== false;
  return (
    <>
      {!models.onboarded.value && models.ports.profiles && <Welcome models={models} />}
      {models.capture && <KnownHere capture={models.capture} ports={models.ports} onOpen={(type, id) => nav.open(type, id)} readOnly={config.config.value?.me.role === 'viewer'} />}
      {models.capture ? <CaptureCard capture={models.capture} form={models.newLead} config={config} onOpen={open} /> : <NewLeadForm model={models.newLead} config={config} onOpen={open} />}
      <section class="leads" aria-labelledby="leads-h">
        <div class="leads-head">
          <h2 id="leads-h">Leads{!leadsOn && ' (turned off: captures make people)'}</h2>
          <button type="button" class="link" aria-expanded={showFilters} aria-controls="lead-filters" onClick={() => setShowFilters(!showFilters)}>Filters</button>
        </div>
        <input ref={searchRef} type="search" class="search" placeholder="Search leads  ( / )" aria-label="Search leads" aria-keyshortcuts="/" value={leads.search.value} onInput={(e) => leads.setSearch((e.currentTarget as HTMLInputElement).value)} />
        {showFilters && <div id="lead-filters"><LeadFilters model={leads} config={config} /></div>}
        <p class="count" aria-live="polite">{leads.page.value.total} leads</p>
        <LeadList model={leads} onOpen={(id) => nav.open('leads', id)} />
      </section>
    </>
  );
}

function Welcome({ models }: { models: AppModels }) {
  const [open, setOpen] = useState(false);
  if (open) return <FirstRun profiles={models.ports.profiles!} onDone={() => { models.onboarded.value = true; location.reload(); }} />;
  return (
    <section class="welcome" aria-label="Welcome">
      <p>Outpost is ready on this device. Working with a team?</p>
      <button type="button" onClick={() => setOpen(true)}>Set up: just me or join my team</button>
    </section>
  );
}
