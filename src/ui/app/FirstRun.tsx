import { useEffect, useRef, useState } from 'preact/hooks';
import type { ProfilePort } from '../ports.ts';
import { Input } from '../ds/index.ts';

type Mode = 'me' | 'team' | 'create';
const SUBMIT: Record<Mode, string> = { me: 'Start', team: 'Join team', create: 'Create workspace' };

/** First run: "just me, on this device", "join my team" with an invite link, or create a workspace on our relay. */
export function FirstRun({ profiles, onDone }: { profiles: ProfilePort; onDone: () => void }) {
  const [mode, setMode] = useState<Mode>('me');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [invite, setInvite] = useState('');
  const [relay, setRelay] = useState('');
  const [creationToken, setCreationToken] = useState('');
  const [workspaceName, setWorkspaceName] = useState('');
  const [carry, setCarry] = useState(true);
  const [error, setError] = useState('');
  const [fieldErr, setFieldErr] = useState<{ name?: string; email?: string }>({});
  const [busy, setBusy] = useState(false);
  // Opened from "Set up" (which is gone once this shows): focus on its title, not lost to the page.
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => { title.current?.focus(); }, []);
  const text = (id: string, label: string, value: string, set: (v: string) => void, type = 'text') => (
    <div class="field"><label for={id}>{label}</label><input id={id} type={type} value={value} aria-invalid={error ? 'true' : undefined} onInput={(e) => set((e.currentTarget as HTMLInputElement).value)} /></div>
  );
  return (
    <form class="first-run" noValidate aria-labelledby="fr-h" onSubmit={async (e) => {
      e.preventDefault();
      setBusy(true); setError(''); setFieldErr({});
      try {
        if (mode === 'me') await profiles.justMe({ name, email });
        else if (mode === 'team') await profiles.join({ name, email, invite, carry });
        else await profiles.create({ name, email, relay, creationToken, workspaceName, carry });
        onDone();
      } catch (err) {
        const issues = (err as { issues?: { path: string; message: string }[] }).issues ?? [];
        const byField = Object.fromEntries(issues.filter((i) => i.path === 'name' || i.path === 'email').map((i) => [i.path, i.message]));
        if (Object.keys(byField).length) { setFieldErr(byField); document.getElementById(byField.name ? 'fr-name' : 'fr-email')?.focus(); }
        else setError((err as Error).message);
      } finally { setBusy(false); }
    }}>
      <h1 id="fr-h" ref={title} tabIndex={-1}>Welcome to Outpost</h1>
      <fieldset>
        <legend>How will you use it?</legend>
        <label class="choice"><input type="radio" name="mode" checked={mode === 'me'} onChange={() => setMode('me')} /> Just me, on this device</label>
        <label class="choice"><input type="radio" name="mode" checked={mode === 'team'} onChange={() => setMode('team')} /> Join my team (invite link)</label>
        <label class="choice"><input type="radio" name="mode" checked={mode === 'create'} onChange={() => setMode('create')} /> Create a team workspace on our relay</label>
      </fieldset>
      <p class="hint">Your name and email show on what you own and log, for you and your teammates.</p>
      <Input id="fr-name" label="Your name" required autoComplete="name" value={name} error={fieldErr.name} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
      <Input id="fr-email" label="Your email" type="email" autoComplete="email" value={email} error={fieldErr.email} onInput={(e) => setEmail((e.currentTarget as HTMLInputElement).value)} />
      {mode === 'team' && (
        <div class="field">
          <label for="fr-invite">Invite link (relay address and token)</label>
          <textarea id="fr-invite" rows={3} value={invite} aria-invalid={error ? 'true' : undefined} onInput={(e) => setInvite((e.currentTarget as HTMLTextAreaElement).value)} />
        </div>
      )}
      {mode === 'create' && (
        <>
          {text('fr-relay', 'Relay address', relay, setRelay)}
          {text('fr-key', 'Workspace creation token (from the relay operator; empty if the relay is open to sign-ups)', creationToken, setCreationToken, 'password')}
          {text('fr-ws', 'Workspace name', workspaceName, setWorkspaceName)}
        </>
      )}
      {mode !== 'me' && <label class="choice"><input type="checkbox" checked={carry} onChange={(e) => setCarry((e.currentTarget as HTMLInputElement).checked)} /> Bring the records on this device into the team workspace</label>}
      {error && <p class="field-error" role="alert">{error}</p>}
      {busy && mode !== 'me' && <p class="hint" role="status">Connecting to the relay…</p>}
      <button type="submit" class="primary" disabled={busy}>{SUBMIT[mode]}</button>
    </form>
  );
}
