import type { CaptureModel } from '../models/capture-model.ts';
import type { NewLeadModel } from '../models/new-lead-model.ts';
import type { ConfigModel } from '../models/config-model.ts';
import { useEffect, useState } from 'preact/hooks';
import { NewLeadForm } from './NewLeadForm.tsx';
import { sourceWords } from './source-words.ts';

const ACCEPT = '.eml,.vcf,.vcard,.html,.htm,.txt,message/rfc822,text/vcard,text/x-vcard,text/html,text/plain';

async function readFile(file: File) {
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/**
 * Dropping a file anywhere on the panel captures from it (an .eml: the sender; a .vcf: the
 * card). The file button does the same for keyboard users.
 */
function useFileDrop(onFile: (f: File) => void) {
  const [over, setOver] = useState(false);
  useEffect(() => {
    const hasFiles = (e: DragEvent) => !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');
    const enter = (e: DragEvent) => { if (hasFiles(e)) { e.preventDefault(); setOver(true); } };
    const leave = (e: DragEvent) => { if (!e.relatedTarget) setOver(false); };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setOver(false);
      const file = e.dataTransfer?.files[0];
      if (file) onFile(file);
    };
    document.addEventListener('dragover', enter);
    document.addEventListener('dragleave', leave);
    document.addEventListener('drop', drop);
    return () => { document.removeEventListener('dragover', enter); document.removeEventListener('dragleave', leave); document.removeEventListener('drop', drop); };
  }, [onFile]);
  return over;
}

/** "This page": what the active tab says about a contact, editable before saving. */
export function CaptureCard({ capture, form, config, onOpen }: { capture: CaptureModel; form: NewLeadModel; config: ConfigModel; onOpen: (type: 'leads' | 'people', id: string) => void }) {
  const cs = capture.candidates.value;
  const [onFile] = useState(() => (f: File) => { void readFile(f).then((file) => capture.fromFile(file)); });
  const over = useFileDrop(onFile);
  const permission = capture.permission.value;
  const blank = Object.values(form.draft.value).every((v) => !v);
  const savedId = form.savedId.value;
  useEffect(() => { if (savedId && blank) capture.markSaved(); }, [savedId]);
  return (
    <section class={over ? 'capture drop-over' : 'capture'} aria-labelledby="capture-h">
      <div class="capture-head">
        <h2 id="capture-h">This page</h2>
        <button type="button" onClick={() => void capture.scan()} disabled={capture.scanning.value} aria-keyshortcuts="s">{capture.scanning.value ? 'Scanning…' : 'Scan page'}</button>
        <label class="file-button">
          From a file…
          <input type="file" class="sr-only" accept={ACCEPT} aria-label="Capture from a file (.eml, .vcf)" onChange={(e) => { const input = e.currentTarget as HTMLInputElement; const f = input.files?.[0]; if (f) onFile(f); input.value = ''; }} />
        </label>
      </div>
      {over && <p class="hint" role="status">Drop the .eml or .vcf to capture its contact</p>}
      {capture.page.value?.title && <p class="page-title">{capture.page.value.title}</p>}
      {capture.error.value && <p class="hint" role="status">{capture.error.value}</p>}
      {permission && <button type="button" onClick={() => void capture.allow()}>Allow reading {permission.site}</button>}
      {cs.length > 1 && (
        <div class="field">
          <label for="cap-choice">Found {cs.length} contacts</label>
          {/* After a save the form is empty: the picker says which were saved and picks none. */}
          <select id="cap-choice" value={blank ? '' : String(capture.chosen.value)} onChange={(e) => capture.choose(Number((e.currentTarget as HTMLSelectElement).value))}>
            {blank && <option value="" disabled>Choose one to fill the form</option>}
            {cs.map((c, i) => <option key={i} value={String(i)}>{c.name?.full || c.emails[0]?.value || c.companyName?.value || `Contact ${i + 1}`}{capture.saved.value.has(i) ? ' (saved)' : ''}</option>)}
          </select>
        </div>
      )}
      {cs[capture.chosen.value] && !blank && <p class="sources">{sourceWords(cs[capture.chosen.value].sources)}</p>}
      <NewLeadForm model={form} config={config} onOpen={onOpen} />
    </section>
  );
}
