import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { embedSnippet, formActionUrl, relayHttpUrl, WEB_FORM_HONEYPOT } from './web-form-embed.ts';

describe('web-to-lead embed snippet', () => {
  it('derives the relay HTTP address and the form action from the ws:// address', () => {
    expect(relayHttpUrl('ws://127.0.0.1:1234')).toBe('http://127.0.0.1:1234');
    expect(relayHttpUrl('wss://crm.example.com/relay/')).toBe('https://crm.example.com/relay');
    expect(formActionUrl('ws://relay.local:8080/', 'ws 1', 'contact')).toBe('http://relay.local:8080/forms/ws%201/contact');
    expect(() => relayHttpUrl('https://crm.example.com')).toThrow(/should start with ws:\/\/ or wss:\/\//);
  });

  it('is a plain form posting to the relay with labelled inputs, required marks, the honeypot and a submit button', () => {
    const html = embedSnippet({ id: 'contact', name: 'Contact us', fields: ['name', 'email', 'phone', 'message'], required: ['email', 'name'] }, 'http://127.0.0.1:1234/forms/acme/contact');
    const { document } = parseHTML(`<html><body>${html}</body></html>`);
    const form = document.querySelector('form')!;
    expect(form.getAttribute('method')).toBe('post');
    expect(form.getAttribute('action')).toBe('http://127.0.0.1:1234/forms/acme/contact');
    const controls = [...form.querySelectorAll('input, textarea')].map((e) => [e.getAttribute('name'), e.getAttribute('type') ?? e.tagName.toLowerCase(), e.hasAttribute('required')]);
    expect(controls).toEqual([['name', 'text', true], ['email', 'email', true], ['phone', 'tel', false], ['message', 'textarea', false], [WEB_FORM_HONEYPOT, 'input', false]]);
    const labels = Object.fromEntries(['name', 'email', 'phone', 'message'].map((f) => [f, form.querySelector(`label[for="${form.querySelector(`[name="${f}"]`)!.id}"]`)?.textContent]));
    expect(labels).toEqual({ name: 'Name *', email: 'Email *', phone: 'Phone', message: 'Message' });
    // The honeypot sits in a block hidden from people and screen readers, off screen.
    const trap = form.querySelector(`[name="${WEB_FORM_HONEYPOT}"]`)!.closest('[aria-hidden="true"]');
    expect(trap?.getAttribute('style')).toBe('position:absolute;left:-10000px');
    expect(trap?.tagName.toLowerCase()).toBe('div');
    expect(form.querySelector('button[type="submit"]')?.textContent).toBe('Send');
  });

  it('escapes what an admin typed: a form name cannot break out of the attribute', () => {
    const html = embedSnippet({ id: 'x', name: '"><script>alert(1)</script>', fields: ['email'], required: [] }, 'http://r/forms/a/x?"');
    expect(html).not.toContain('<script>');
    const { document } = parseHTML(`<html><body>${html}</body></html>`);
    expect(document.querySelector('form')!.getAttribute('aria-label')).toBe('"><script>alert(1)</script>');
    expect(document.querySelectorAll('script')).toHaveLength(0);
  });
});
