import { describe, expect, it } from 'vitest';
import { AVATAR_COLOURS, avatarColour, initials, MAX_AVATAR_DATA_URL, safeAvatarImage } from './avatar.ts';
import { createToasts } from './toast-model.ts';
import { dayText, shortDay } from './time.ts';

describe('avatar', () => {
  it('takes the first letters of the first and last words', () => {
    expect(initials('Ada King Lovelace')).toBe('AL');
    expect(initials('  grace  ')).toBe('G');
    expect(initials('émile zola')).toBe('ÉZ');
    expect(initials('sam.lee@example.com')).toBe('SC');
    expect(initials('— ')).toBe('?');
    expect(initials('')).toBe('?');
  });
  it('a company’s skip its legal form and a leading article; a short name in capitals is its own', () => {
    const co = (n: string) => initials(n, 'company');
    expect(co('ACME GmbH')).toBe('A');
    expect(co('The Boring Company')).toBe('B');
    expect(co('3M')).toBe('3M');
    expect(co('IBM')).toBe('IBM');
    expect(co('株式会社トヨタ')).toBe('ト');
    expect(co('ソニー株式会社')).toBe('ソ');
    expect(co('Analytical Engines Ltd.')).toBe('AE');
    expect(co('Acme Holdings GmbH & Co. KG')).toBe('AH');
    expect(co('Bank of America Corp.')).toBe('BA');
    expect(co('Die Zeit')).toBe('Z');
    expect(co('The')).toBe('T');
    expect(co('GmbH')).toBe('G');
    expect(co('ACME')).toBe('A');
    expect(co('')).toBe('?');
    // A person's initials keep their rule: "The" is a name there, and "3M" is not an acronym.
    expect(initials('The Boring Company')).toBe('TC');
  });
  it('gives one name one colour from the palette', () => {
    expect(avatarColour('Ada')).toBe(avatarColour('Ada'));
    expect(AVATAR_COLOURS).toContain(avatarColour('Someone else'));
  });
  it('shows only a captured data: image, never a URL to fetch', () => {
    expect(safeAvatarImage('data:image/png;base64,iVBORw0KGgo=')).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect(safeAvatarImage('https://tracker.example/favicon.ico')).toBeUndefined();
    expect(safeAvatarImage('data:text/html;base64,PGgxPg==')).toBeUndefined();
    expect(safeAvatarImage('data:image/png;base64,"><script>')).toBeUndefined();
    expect(safeAvatarImage(`data:image/png;base64,${'A'.repeat(MAX_AVATAR_DATA_URL)}`)).toBeUndefined();
    expect(safeAvatarImage(42)).toBeUndefined();
  });
});

describe('toasts', () => {
  const manual = () => { const due: (() => void)[] = []; return { due, setTimeout: ((fn: () => void) => { due.push(fn); return 0; }) as unknown as typeof setTimeout }; };
  it('shows the same message once', () => {
    const t = createToasts(manual());
    t.show('Could not save: offline', 'error');
    t.show('Could not save: offline', 'error');
    expect(t.toasts.value.map((x) => x.message)).toEqual(['Could not save: offline']);
  });
  it('drops a success still on screen when an error arrives', () => {
    const t = createToasts(manual());
    t.show('Lead saved', 'success');
    t.show('Email is not valid', 'error');
    expect(t.toasts.value.map((x) => x.message)).toEqual(['Email is not valid']);
  });
  it('dismisses infos after a while but keeps errors until dismissed', () => {
    const clock = manual();
    const t = createToasts(clock);
    t.show('Saved', 'success');
    const err = t.show('Refused', 'error');
    expect(clock.due).toHaveLength(1);
    clock.due[0]();
    expect(t.toasts.value.map((x) => x.message)).toEqual(['Refused']);
    t.dismiss(err);
    expect(t.toasts.value).toEqual([]);
  });
});

describe('days in words', () => {
  it('a calendar day reads as that day in the reader\'s locale, never as ISO; a bad one reads as nothing', () => {
    const local = new Date(2026, 7, 31).getTime();
    const dateStyle = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(local);
    expect(dayText('2026-08-31')).toBe(dateStyle);
    expect(dayText(local)).toBe(dateStyle);
    expect(shortDay('2026-08-31')).toBe(new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' }).format(local));
    expect(shortDay('2026-08-31')).not.toMatch(/\d{2}-\d{2}/);
    expect(shortDay('last week')).toBe('');
    expect(dayText('not a date')).toBe('');
  });
});
