import type { CaptureModel } from '../models/capture-model.ts';
import type { NewLeadModel } from '../models/new-lead-model.ts';
import type { ConfigModel } from '../models/config-model.ts';
import { NewLeadForm } from './NewLeadForm.tsx';

/** "This page": what the active tab says about a contact, editable before saving. */
export function CaptureCard({ capture, form, config, onOpen }: { capture: CaptureModel; form: NewLeadModel; config: ConfigModel; onOpen: (type: 'leads' | 'people', id: string) => void }) {
  const cs = capture.candidates.value;
  return (
    <section class="capture" aria-labelledby="capture-h">
      <div class="capture-head">
        <h2 id="capture-h">This page</h2>
        <button type="button" onClick={() => void capture.scan()} disabled={capture.scanning.value} aria-keyshortcuts="s">{capture.scanning.value ? 'Scanning…' : 'Scan page'}</button>
      </div>
      {capture.page.value?.title && <p class="page-title">{capture.page.value.title}</p>}
      {capture.error.value && <p class="hint" role="status">{capture.error.value}</p>}
      {cs.length > 1 && (
        <div class="field">
          <label for="cap-choice">Found {cs.length} contacts</label>
          <select id="cap-choice" value={String(capture.chosen.value)} onChange={(e) => capture.choose(Number((e.currentTarget as HTMLSelectElement).value))}>
            {cs.map((c, i) => <option key={i} value={String(i)}>{c.name?.full || c.emails[0]?.value || c.companyName?.value || `Contact ${i + 1}`}</option>)}
          </select>
        </div>
      )}
      {cs[capture.chosen.value] && <p class="sources">From {cs[capture.chosen.value].sources.join(' + ')}</p>}
      <NewLeadForm model={form} config={config} onOpen={onOpen} />
    </section>
  );
}
