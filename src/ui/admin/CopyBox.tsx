import { useRef, useState } from 'preact/hooks';

/** Read-only text (an invite link, an embed snippet) with a Copy button that says what happened. */
export function CopyBox({ id, label, text, rows = 2 }: { id: string; label: string; text: string; rows?: number }) {
  const area = useRef<HTMLTextAreaElement>(null);
  const [state, setState] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('Copied');
    } catch {
      area.current?.select();
      setState('The browser refused to copy: the text is selected, press Ctrl+C (⌘C on a Mac).');
    }
  };
  return (
    <div class="copy-box">
      <label for={id}>{label}</label>
      <textarea id={id} ref={area} class="snippet" readOnly rows={rows} value={text} onFocus={(e) => e.currentTarget.select()} />
      <button type="button" aria-label={`Copy: ${label}`} onClick={() => void copy()}>Copy</button>
      <span role="status" class="saved">{state}</span>
    </div>
  );
}
