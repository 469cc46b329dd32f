// Type-checks the wizard's declarations the way a page uses them (tsc --noEmit).
import { load, WizardError } from 'connector-instances';
import type { Wizard, WizardView, WizardField, WizardDraft, WizardSubmission, WizardFormDescription, WizardValue } from 'connector-instances';

async function main(): Promise<void> {
  const m = await load();
  const catalog = m.loadCatalog([], { pools: [] });
  const wizard: Wizard = m.createWizard({ catalog, connectorId: 'shopify', existingNames: [], now: new Date() });
  let view: WizardView = wizard.view();
  const first: WizardField | undefined = view.fields[0];
  if (first && !first.secret) view = wizard.set(first.key, first.value);
  view = wizard.next();
  if (view.step === 'review') view = wizard.next();
  if (view.actions.includes('submission')) {
    const { payload, idempotencyKey }: WizardSubmission = wizard.submission();
    view = wizard.applyResponse({ status: 201, body: { id: 'x', ...payload } });
    void idempotencyKey;
  }
  view = wizard.applyNetworkError(new Error('offline'));
  const draft: WizardDraft = wizard.save({ includeSecrets: false });
  const again: Wizard = m.restoreWizard(draft, { catalog, migrate: true });
  const dropped: string[] = again.migration?.dropped ?? [];
  // @ts-expect-error null is no draft (run time: draft_invalid)
  m.restoreWizard(null, { catalog });
  try {
    wizard.goTo('name');
  } catch (e) {
    if (e instanceof WizardError) void e.code;
  }
  const current: WizardValue = wizard.currentInstance().authMethodId;
  const form: WizardFormDescription = m.describeForm({ catalog, connectorId: 'shopify' });
  const methodFields: WizardField[] = form.methods['access_token'] ?? [];
  const built = m.buildInstance({ catalog, connectorId: 'shopify', pools: [] }, { name: 'x', 'rateLimit.amount': 2, poolId: null });
  wizard.dispose();
  again.dispose();
  void [view, dropped, current, form.authMethod, methodFields, built.credentials];
}
void main;
