import { useEffect, useState } from 'preact/hooks';
import { viaText } from './via.ts';
import type { CaptureModel } from '../models/capture-model.ts';
import type { KnownRecord, ReadPort, WritePort } from '../ports.ts';
import type { Collection } from '../../domain/index.ts';
import { createKnownModel, newPersonOnPage, pageFacts } from './known-model.ts';
import './known.css';

const TYPE_LABEL: Partial<Record<Collection, string>> = { companies: 'Company', people: 'Person', leads: 'Lead' };

/**
 * "Known here" (side panel): the records the page in front of the user names, at once, from the
 * read model; follows the tab. Each row opens its record, logs a note or call on it, and a
 * company row adds the page's new person to that company.
 */
export function KnownHere({ capture, ports, onOpen, readOnly }: { capture: CaptureModel; ports: { read: ReadPort; write: WritePort }; onOpen: (type: Collection, id: string) => void; readOnly?: boolean }) {
  const [model] = useState(() => createKnownModel(ports));
  useEffect(() => () => model.dispose(), []);
  const page = capture.page.value;
  const candidates = capture.candidates.value;
  useEffect(() => { if (page?.url) model.follow(pageFacts(page.url, candidates)); }, [page?.url, candidates]);
  const known = model.known.value;
  if (!page?.url || !known || (!known.records.length && !known.deals.length)) return null;
  const newcomer = newPersonOnPage(candidates, known);
  return (
    <section class="known" aria-labelledby="known-h">
      <h2 id="known-h">Known here</h2>
      <p class="known-summary" data-testid="known-summary">{known.summary}</p>
      <ul class="known-list">
        {known.records.slice(0, 20).map((r) => <KnownRow key={`${r.type}:${r.id}`} record={r} model={model} onOpen={onOpen} readOnly={readOnly} newcomer={r.type === 'companies' ? newcomer : undefined} />)}
      </ul>
      {known.records.length > 20 && <p class="hint">and {known.records.length - 20} more</p>}
      {known.deals.length > 0 && (
        <ul class="known-deals" aria-label="Open deals">
          {known.deals.map((d) => (
            <li key={d.id}>
              <a href={`#/opportunities/${d.id}`} onClick={(e) => { e.preventDefault(); onOpen('opportunities', d.id); }}>{d.name}</a>
              <span class="known-meta">{[d.worth, d.stageName, d.daysInStage !== undefined ? `${d.daysInStage} days in stage` : ''].filter(Boolean).join(' · ')}</span>
            </li>
          ))}
        </ul>
      )}
      {model.message.value && <p class="hint" role="status">{model.message.value}</p>}
      {model.error.value && <p class="error" role="alert">{model.error.value}</p>}
    </section>
  );
}

function KnownRow({ record, model, onOpen, readOnly, newcomer }: { record: KnownRecord; model: ReturnType<typeof createKnownModel>; onOpen: (type: Collection, id: string) => void; readOnly?: boolean; newcomer?: Parameters<ReturnType<typeof createKnownModel>['addToCompany']>[1] }) {
  const [logging, setLogging] = useState<'note' | 'call' | null>(null);
  const [text, setText] = useState('');
  const via = viaText(record.subtitle ?? '', record.via);
  const save = async () => { if (logging && (await model.log(record, logging, text))) { setLogging(null); setText(''); } };
  return (
    <li class="known-row">
      <div class="known-line">
        <span class="known-type">{TYPE_LABEL[record.type]}</span>
        <a href={`#/${record.type}/${record.id}`} onClick={(e) => { e.preventDefault(); onOpen(record.type, record.id); }}>{record.name}</a>
      </div>
      <p class="known-meta">{[record.subtitle, via, record.lastContact].filter(Boolean).join(' · ')}</p>
      {!readOnly && (
        <div class="known-actions">
          <button type="button" class="link" onClick={() => setLogging(logging === 'note' ? null : 'note')} aria-expanded={logging === 'note'}>Note</button>
          <button type="button" class="link" onClick={() => setLogging(logging === 'call' ? null : 'call')} aria-expanded={logging === 'call'}>Log call</button>
          {newcomer && <button type="button" class="link" onClick={() => void model.addToCompany(record, newcomer)}>Add {newcomer.name?.full || newcomer.emails[0]?.value} to {record.name}</button>}
        </div>
      )}
      {logging && (
        <form class="known-log" onSubmit={(e) => { e.preventDefault(); void save(); }}>
          <label class="sr-only" for={`known-log-${record.id}`}>{logging === 'call' ? 'Call notes' : 'Note'} for {record.name}</label>
          <textarea id={`known-log-${record.id}`} rows={2} value={text} placeholder={logging === 'call' ? 'What was said (optional)' : 'Note'} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />
          <button type="submit" disabled={logging === 'note' && !text.trim()}>{logging === 'call' ? 'Log call' : 'Save note'}</button>
        </form>
      )}
    </li>
  );
}
