import { useState } from 'preact/hooks';
import type { ProfilePort } from '../ports.ts';

/** First run: "just me, on this device" or "join my team" with an invite link. */
export function FirstRun({ profiles, onDone }: { profiles: ProfilePort; onDone: () => void }) {
  const [mode, setMode] = useState<'me' | 'team'>('me');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [invite, setInvite] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form class="first-run" aria-labelledby="fr-h" onSubmit={async (e) => {
      e.preventDefault();
      setBusy(true); setError('');
      try {
        if (mode === 'me') await profiles.justMe({ name, email });
        else await profiles.join({ name, email, invite });
        onDone();
      } catch (err) {
        setError((err as Error).message);
      } finally { setBusy(false); }
    }}>
      <h1 id="fr-h">Welcome to Outpost</h1>
      <fieldset>
        <legend>How will you use it?</legend>
        <label class="choice"><input type="radio" name="mode" checked={mode === 'me'} onChange={() => setMode('me')} /> Just me, on this device</label>
        <label class="choice"><input type="radio" name="mode" checked={mode === 'team'} onChange={() => setMode('team')} /> Join my team (invite link)</label>
      </fieldset>
      <div class="field"><label for="fr-name">Your name</label><input id="fr-name" value={name} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} /></div>
      <div class="field"><label for="fr-email">Your email</label><input id="fr-email" value={email} onInput={(e) => setEmail((e.currentTarget as HTMLInputElement).value)} /></div>
      {mode === 'team' && (
        <div class="field">
          <label for="fr-invite">Invite link (relay address and token)</label>
          <textarea id="fr-invite" rows={3} value={invite} aria-invalid={error ? 'true' : undefined} onInput={(e) => setInvite((e.currentTarget as HTMLTextAreaElement).value)} />
        </div>
      )}
      {error && <p class="field-error" role="alert">{error}</p>}
      <button type="submit" class="primary" disabled={busy}>{mode === 'me' ? 'Start' : 'Join team'}</button>
    </form>
  );
}
