import { describe, expect, it } from 'vitest';
import { NotFoundError, PermissionError, RuleError, ValidationError, WebForm } from '../../../src/domain/index.ts';
import { readConfig } from '../../../src/store/config-store.ts';
import { addWebForm, retireConfigItem, updateWebForm } from '../../../src/store/lifecycle/index.ts';
import { runAdmin } from '../../../src/bridge/lifecycle.ts';
import { refused, workspace } from './helpers.ts';

/** Issue 7: web-to-lead forms defined by admins in the config doc (the relay serves them). */
describe('web-to-lead forms', () => {
  it('adds a form with defaults the relay accepts: source Web form, email required when asked for', () => {
    const { docs, repo } = workspace();
    const form = addWebForm(repo, { name: ' Contact us ', fields: ['name', 'email', 'message'] });
    expect(form).toEqual({ id: form.id, name: 'Contact us', fields: ['name', 'email', 'message'], required: ['email'], sourceId: 'web-form', enabled: true });
    expect(WebForm.parse(readConfig(docs.config).forms[0])).toEqual(form);
    const phoneOnly = addWebForm(repo, { name: 'Call me', fields: ['phone', 'phone'], required: ['phone'], sourceId: 'cold-call', statusId: 'open', redirectUrl: 'https://acme.example/thanks' });
    expect(phoneOnly).toMatchObject({ fields: ['phone'], required: ['phone'], sourceId: 'cold-call', statusId: 'open', redirectUrl: 'https://acme.example/thanks' });
  });

  it('edits a form under the same id; an emptied redirect or status is removed', () => {
    const { repo } = workspace();
    const form = addWebForm(repo, { name: 'Demo', fields: ['email'], statusId: 'open', redirectUrl: 'https://a.example/ok' });
    const edited = updateWebForm(repo, form.id, { name: 'Demo request', fields: ['email', 'companyName'], required: ['email', 'companyName'], redirectUrl: '', statusId: '' });
    expect(edited).toEqual({ id: form.id, name: 'Demo request', fields: ['email', 'companyName'], required: ['email', 'companyName'], sourceId: 'web-form', enabled: true });
    expect(updateWebForm(repo, form.id, { enabled: false }).enabled).toBe(false);
  });

  it('refuses bad forms with the field at fault, writing nothing', () => {
    const { docs, repo } = workspace();
    addWebForm(repo, { id: 'contact', name: 'Contact', fields: ['email'] });
    refused(docs, () => addWebForm(repo, { name: 'contact', fields: ['email'] }), RuleError, 'name');
    refused(docs, () => addWebForm(repo, { id: 'contact', name: 'Other', fields: ['email'] }), RuleError, 'id');
    refused(docs, () => addWebForm(repo, { name: '', fields: ['email'] }), ValidationError, 'name');
    refused(docs, () => addWebForm(repo, { name: 'No fields', fields: [] }), ValidationError, 'fields');
    refused(docs, () => addWebForm(repo, { name: 'Not a list', fields: 'email' as never }), ValidationError, 'fields');
    refused(docs, () => addWebForm(repo, { name: 'Odd field', fields: ['shoeSize' as 'email'] }), ValidationError, 'fields.0');
    expect(refused(docs, () => addWebForm(repo, { name: 'Stray', fields: ['name'], required: ['email'] }), RuleError, 'required').message).toMatch(/must be on the form: Email/);
    refused(docs, () => addWebForm(repo, { name: 42 as never, fields: ['email'] }), ValidationError, 'name');
    refused(docs, () => addWebForm(repo, { name: 'Num', fields: ['email'], redirectUrl: 7 as never }), ValidationError, 'redirectUrl');
    refused(docs, () => addWebForm(repo, { name: 'Src', fields: ['email'], sourceId: 'nope' }), RuleError, 'sourceId');
    retireConfigItem(repo, 'sources', 'advertising');
    expect(refused(docs, () => addWebForm(repo, { name: 'Ads', fields: ['email'], sourceId: 'advertising' }), RuleError, 'sourceId').message).toMatch(/retired/);
    refused(docs, () => addWebForm(repo, { name: 'St', fields: ['email'], statusId: 'hot' }), RuleError, 'statusId');
    refused(docs, () => addWebForm(repo, { name: 'Js', fields: ['email'], redirectUrl: 'javascript:alert(1)' }), RuleError, 'redirectUrl');
    refused(docs, () => updateWebForm(repo, 'missing', { name: 'X' }), NotFoundError);
    refused(docs, () => updateWebForm(repo, 'contact', { required: ['phone'] }), RuleError, 'required');
  });

  it('only admins define forms', () => {
    const { docs, repo, as } = workspace();
    addWebForm(repo, { id: 'contact', name: 'Contact', fields: ['email'] });
    for (const role of ['member', 'viewer'] as const) {
      const r = as({ memberId: 'x', role });
      expect(refused(docs, () => addWebForm(r, { name: 'Mine', fields: ['email'] }), PermissionError).message).toMatch(/Admins only/);
      refused(docs, () => updateWebForm(r, 'contact', { enabled: false }), PermissionError);
    }
  });

  it('is reachable through the bridge admin actions', () => {
    const { repo } = workspace();
    const form = runAdmin(repo, { action: 'addForm', input: { name: 'Contact', fields: ['email', 'message'] } }) as { id: string };
    runAdmin(repo, { action: 'updateForm', id: form.id, patch: { required: ['email', 'message'] } });
    expect(readConfig(repo.docs.config).forms).toMatchObject([{ id: form.id, required: ['email', 'message'] }]);
  });
});
