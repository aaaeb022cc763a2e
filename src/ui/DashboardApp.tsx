import { useEffect, useRef, useState } from 'preact/hooks';
import { COLLECTIONS, type Collection } from '../domain/index.ts';
import type { AppModels } from './app/app-models.ts';
import type { Route } from './models/nav-model.ts';
import { routeHash } from './models/nav-model.ts';
import { DashboardHome } from './dashboard/Home.tsx';
import { SkipLink } from './app/SkipLink.tsx';
import { StatusBar } from './app/StatusBar.tsx';
import { HelpOverlay } from './app/Help.tsx';
import { bindShortcuts } from './app/shortcuts.ts';
import { NewMenu } from './app/NewMenu.tsx';
import { RecordView } from './records/RecordView.tsx';
import { ConvertView } from './leads/ConvertView.tsx';
import { TableView } from './dashboard/TableView.tsx';
import { Board } from './opportunities/Board.tsx';
import { AdminView } from './admin/AdminView.tsx';
import { MyTasks } from './tasks/MyTasks.tsx';
import { LABELS } from './records/labels.ts';
import { InsightsView } from './insights/InsightsView.tsx';
import { ImportView } from './io/ImportView.tsx';
import { ExportView } from './io/ExportView.tsx';
import { ConflictsView } from './conflicts/ConflictsView.tsx';

/** The dashboard tab: tables, the pipeline board, admin settings, trash. */
export function DashboardApp({ models }: { models: AppModels }) {
  const [help, setHelp] = useState(false);
  // "#/trash/people" (an empty People table's "Open the Trash") opens the trash at that type.
  const trashOf = (r: Route) => (r.view === 'trash' ? r.type : undefined);
  const [trashType, setTrashType] = useState<Collection>(() => trashOf(models.nav.route.value) ?? 'leads');
  // The record type picker sits in the trash table's toolbar, which a new type mounts afresh:
  // focus goes back to the picker, so arrowing through the types keeps the keyboard there.
  const trashPicked = useRef(false);
  useEffect(() => { if (trashPicked.current) { trashPicked.current = false; document.getElementById('trash-type')?.focus(); } }, [trashType]);
  const { nav, config, undo, ports } = models;
  useEffect(() => bindShortcuts(document, {
    search: () => { const s = document.querySelector<HTMLInputElement>('main input[type=search]'); if (s) s.focus(); else { nav.go({ view: 'table', type: 'leads' }); setTimeout(() => document.querySelector<HTMLInputElement>('main input[type=search]')?.focus(), 0); } },
    help: () => setHelp((h) => !h),
    escape: () => setHelp(false),
    undo: () => void undo.undoLast(),
    newLead: () => { nav.go({ view: 'home' }); setTimeout(() => document.getElementById('nl-first')?.focus(), 0); },
    go: (w) => nav.go(w === 'l' ? { view: 'table', type: 'leads' } : w === 't' ? { view: 'tasks' } : w === 'b' ? { view: 'board' } : { view: 'admin' }),
  }), []);
  const route = nav.route.value;
  const routeTrashType = trashOf(route);
  useEffect(() => { if (routeTrashType) setTrashType(routeTrashType); }, [routeTrashType]);
  // In a narrow window the links are one line that scrolls: keep the current page's in view.
  // (Sideways only: scrollIntoView would also scroll the page up to the header.)
  useEffect(() => {
    const show = () => {
      const bar = document.querySelector<HTMLElement>('.top nav');
      const here = bar?.querySelector<HTMLElement>('[aria-current=page]');
      if (!bar || !here) return;
      const b = bar.getBoundingClientRect(), r = here.getBoundingClientRect();
      if (r.left < b.left || r.right > b.right) bar.scrollLeft += r.left - b.left - 12;
    };
    show();
    // A window made narrow turns the links into that line: show the current one then too.
    addEventListener('resize', show);
    return () => removeEventListener('resize', show);
  }, [route.view]);
  const link = (r: Route, label: string) => {
    const current = routeHash(route) === routeHash(r) || (r.view === 'board' && route.view === 'board') || (r.view === 'export' && route.view === 'export') || (r.view === 'admin' && route.view === 'admin') || (r.view === 'trash' && route.view === 'trash');
    return <a key={label} href={routeHash(r)} aria-current={current ? 'page' : undefined} onClick={(e) => { e.preventDefault(); nav.go(r); }}>{label}</a>;
  };
  return (
    <div class="dashboard">
      <SkipLink />
      <header class="top">
        <span class="brand">Outpost</span>
        <nav aria-label="Dashboard">
          {link({ view: 'home' }, 'Home')}
          {COLLECTIONS.map((t) => link({ view: 'table', type: t }, LABELS[t].many))}
          {link({ view: 'board' }, 'Pipeline')}
          {link({ view: 'tasks' }, 'My tasks')}
          {link({ view: 'insights' }, 'Insights')}
          {ports.read.watchConflicts && link({ view: 'conflicts' }, 'Conflicts')}
          {ports.io && link({ view: 'import' }, 'Import')}
          {ports.io && link({ view: 'export' }, 'Export')}
          {link({ view: 'admin' }, 'Settings')}
          {link({ view: 'trash' }, 'Trash')}
        </nav>
        <NewMenu write={ports.write} config={config} nav={nav} readOnly={config.config.value?.me.role === 'viewer'} />
        <button type="button" class="link" aria-label="Keyboard shortcuts" aria-keyshortcuts="?" onClick={() => setHelp(true)}>?</button>
      </header>
      <StatusBar sync={models.syncStatus.value} undo={undo} listing={models.listing.value} />
      <main>
        {route.view === 'home' && <DashboardHome models={models} />}
        {route.view === 'table' && <TableView key={route.type} type={route.type} ports={ports} config={config} nav={nav} undo={undo} />}
        {route.view === 'board' && <Board pipelineId={route.pipelineId} ports={ports} config={config} nav={nav} undo={undo} />}
        {route.view === 'admin' && <AdminView write={ports.write} config={config} team={ports.team} profiles={ports.profiles} section={route.section} nav={nav} />}
        {route.view === 'insights' && <InsightsView read={ports.read} />}
        {route.view === 'conflicts' && <ConflictsView read={ports.read} write={ports.write} config={config} nav={nav} />}
        {route.view === 'import' && models.features.value?.importer && <ImportView model={models.features.value.importer} config={config} nav={nav} />}
        {route.view === 'export' && ports.io && <ExportView key={routeHash(route)} io={ports.io} read={ports.read} config={config} start={route} />}
        {route.view === 'tasks' && <MyTasks read={ports.read} write={ports.write} me={config.config.value?.me.memberId ?? ''} nav={nav} />}
        {route.view === 'trash' && (
          <TableView key={`trash:${trashType}`} type={trashType} ports={ports} config={config} nav={nav} undo={undo} trash controls={(
            <div class="filter">
              <label for="trash-type">Record type</label>
              <select id="trash-type" class="ds-input" value={trashType} onChange={(e) => { trashPicked.current = true; setTrashType((e.currentTarget as HTMLSelectElement).value as Collection); }}>
                {COLLECTIONS.map((t) => <option key={t} value={t}>{LABELS[t].many}</option>)}
              </select>
            </div>
          )} />
        )}
        {route.view === 'record' && <RecordView key={`${route.type}:${route.id}`} type={route.type} id={route.id} ports={ports} config={config} nav={nav} undo={undo} tips={models.tips} />}
        {route.view === 'convert' && <ConvertView key={route.id} leadId={route.id} ports={ports} config={config} nav={nav} undo={undo} />}
      </main>
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
    </div>
  );
}
