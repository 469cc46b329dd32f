// The add-instance wizard page: step navigation. It renders the view model the WebAssembly
// wizard answers (step, fields, errors, actions, progress, summary) and forwards what the
// user does to it; every rule (which step comes next, which fields a step has, what is
// valid) lives in the module. A step's fields are shown by the form view (form-view.mjs),
// the connection test of the credentials step by the connection panel
// (connection-panel.mjs). The draft (without secrets) is saved after every action, when
// typing pauses and when the page is unloaded, once something was entered, and offered
// again after a reload. Each step the user moves to is an entry of the browser's history
// (same URL, the step in its state): the browser's Back and Forward go through the steps.
// Cancel asks first once something was entered.
import { el, announce, replaceChildren } from './dom.mjs';
import { api, ApiError, NetworkError } from './api.mjs';
import { createFormView } from './form-view.mjs';
import { createConnectionPanel } from './connection-panel.mjs';
import { saveDraft, loadDraft, removeDraft } from './drafts.mjs';
import { formatInstant, formatCertificate } from './display.mjs';
import { services as moduleServices } from './module-services.mjs';
import { poolOffer } from './pools-view.mjs';
import { connectorHelpLink } from './help-link.mjs';
import { takeOAuthReturn } from './oauth-return.mjs';
import { openDialog } from './dialog.mjs';

/**
 * @param {HTMLElement} root
 * @param {{module: object, connectorId: string, resume: boolean, done: (connectorId: string, created?: object) => void}} ctx
 * @returns {Promise<() => void>} called when the user navigates away (the draft stays)
 */
export async function renderWizard(root, ctx) {
  const { connectorId } = ctx;
  const svc = moduleServices(ctx.module);
  replaceChildren(root, el('p', { class: 'loading' }, 'Loading the wizard…'));

  let context;
  try {
    const [definition, pools, instances] = await Promise.all([
      api.connector(connectorId), api.pools(), api.instances(connectorId),
    ]);
    context = { definition, pools, existingNames: instances.map((i) => i.name), instances };
  } catch (e) {
    replaceChildren(root, el('p', { class: 'error-banner', role: 'alert' },
      e instanceof ApiError && e.status === 404 ? 'This connector does not exist.' : `Could not open the wizard: ${e.message}`),
    el('p', null, el('a', { href: '#/' }, 'Back to the connectors')));
    return () => {};
  }
  if (!root.isConnected) return () => {}; // the user went elsewhere while it loaded

  const state = { wizard: null, left: false };
  // back from the provider's "Connect" page: the wizard as it was, secrets included
  const oauth = ctx.oauthFlowId ? takeOAuthReturn(ctx.oauthFlowId) : null;
  const stored = oauth ? null : loadDraft(connectorId);
  if (stored && !ctx.resume) {
    const choice = await offerDraft(root, context.definition, stored);
    if (state.left) return () => {};
    if (choice === 'discard') removeDraft(connectorId);
    ctx = { ...ctx, resume: choice === 'resume' };
  }
  let notice = null;
  let restored = false;  // a draft or a wizard back from the provider: values entered already
  if (ctx.resume && stored) {
    try {
      const draft = svc.restoreWizard(stored.draft, context);
      state.wizard = draft.wizard;
      restored = true;
      if (draft.migration) {
        notice = `The connector changed since this draft was saved (version ${draft.migration.fromVersion} → ${draft.migration.toVersion}).`
          + (draft.migration.dropped.length ? ` These values no longer apply and were dropped: ${draft.migration.dropped.join(', ')}.` : '');
      }
    } catch (e) {
      removeDraft(connectorId);
      notice = `The saved draft could not be resumed (${e.message}); starting over.`;
    }
  }
  if (oauth) {
    try {
      state.wizard = svc.restoreWizard(oauth.draft, context).wizard;
      restored = true;
    } catch (e) {
      notice = `The wizard could not be restored after connecting (${e.message}); starting over.`;
    }
  }
  if (!state.wizard) state.wizard = svc.createWizard(context);

  const page = new WizardPage(root, ctx, svc, state.wizard, context);
  page.hasInput = restored;
  page.render(state.wizard.view(), { notice, initial: true });
  if (oauth && !notice) page.connection.showOAuthOutcome(ctx.oauthFlowId);
  return () => { state.left = true; page.navigatedAway(); };
}

/** Asks whether to resume a stored draft; resolves 'resume' or 'discard'. */
function offerDraft(root, definition, stored) {
  return new Promise((resolve) => {
    const resume = el('button', { type: 'button', class: 'primary', on: { click: () => resolve('resume') } }, 'Resume draft');
    const discard = el('button', { type: 'button', on: { click: () => resolve('discard') } }, 'Start over');
    replaceChildren(root, el('section', { class: 'card draft-offer', 'aria-labelledby': 'draft-offer-title' },
      el('h2', { id: 'draft-offer-title' }, `New ${definition.name} instance`),
      el('p', null, stored.name ? `You have an unfinished instance “${stored.name}”` : 'You have an unfinished instance',
        `, saved ${formatInstant(stored.savedAt)}. Secrets are never saved in drafts: you will type them again.`),
      el('div', { class: 'actions' }, discard, resume)));
    resume.focus();
  });
}

/** The steps where values are entered or reviewed: each one shown is a history entry. */
const EDITING_STEPS = new Set(['name', 'settings', 'authType', 'credentials', 'review']);

/** How long typing pauses before what was typed is kept in the draft. */
const TYPING_PAUSE_MS = 500;

class WizardPage {
  constructor(root, ctx, svc, wizard, context) {
    this.root = root;
    this.ctx = ctx;
    this.svc = svc;
    this.wizard = wizard;
    this.context = context;
    this.signature = '';
    this.view = null;
    this.busy = false;
    this.hasInput = false;  // whether the user entered a value: no draft before
    this.pendingSave = null;
    // errors shown at a field that the wizard's view does not carry (the check when the
    // field was left, a connection test): field path -> error, until the field is fixed
    this.kept = new Map();
    this.formView = createFormView({
      svc, context, idPrefix: 'w',
      fields: () => (this.view ? this.shownFields(this.view) : []),
      passphrase: () => this.entered().certificate?.passphrase,
      set: (key, value) => this.set(key, value),
      leave: (key) => this.leave(key),
      controls: '.wizard-actions, .steps, .error-summary, .connection-test',
      summaryTitleId: 'error-summary-title',
    });
    this.connection = createConnectionPanel({
      connectorId: ctx.connectorId,
      methods: context.definition.authMethods || [],
      entered: () => this.entered(),
      form: { flush: () => this.formView.flush(), showError: (key, error) => this.showError(key, error) },
      check: (key) => this.checkField(key),
      idle: () => !this.busy && !this.finished,
      keep: () => ({ connectorId: ctx.connectorId, draft: this.wizard.save({ includeSecrets: true }) }),
      leaving: () => { this.saveDraft(); this.finished = true; },
    });
    this.build();
  }

  build() {
    this.title = el('h2', { id: 'wizard-title' }, `New ${this.context.definition.name} instance`);
    this.progress = el('p', { class: 'progress', id: 'wizard-progress' });
    this.stepList = el('ol', { class: 'steps', 'aria-label': 'Steps' });
    this.notice = el('p', { class: 'notice', role: 'status', hidden: true });
    this.failure = el('div', { class: 'error-banner', role: 'alert', hidden: true });
    this.stepTitle = el('h3', { class: 'step-title', id: 'step-title', tabindex: '-1' });
    this.body = el('div', { class: 'step-body' });
    this.backButton = el('button', { type: 'button', class: 'back' }, 'Back');
    this.nextButton = el('button', { type: 'submit', class: 'primary next' }, 'Next');
    this.cancelButton = el('button', { type: 'button', class: 'cancel link-button' }, 'Cancel');
    this.form = el('form', { class: 'wizard-form', novalidate: true, 'aria-labelledby': 'step-title' },
      this.formView.summary, this.stepTitle, this.body,
      el('div', { class: 'wizard-actions' }, this.cancelButton, el('span', { class: 'spacer' }), this.backButton, this.nextButton));
    this.section = el('section', { class: 'wizard card', 'aria-labelledby': 'wizard-title', 'aria-describedby': 'wizard-progress' },
      this.title, connectorHelpLink(this.context.definition, 'Where to find the values this wizard asks for: '),
      this.progress, this.stepList, this.notice, this.failure, this.form);
    this.root.replaceChildren(this.section);

    this.form.addEventListener('submit', (event) => { event.preventDefault(); this.next(); });
    // what is typed is kept in the draft once typing pauses, and when the page is unloaded
    // (a reload), before the field is left
    this.form.addEventListener('input', () => {
      clearTimeout(this.pendingSave);
      this.pendingSave = setTimeout(() => this.keepTyped(), TYPING_PAUSE_MS);
    });
    this.onPageHide = () => this.keepTyped();
    window.addEventListener('pagehide', this.onPageHide);
    this.onPopState = (event) => this.historyMoved(event.state);
    window.addEventListener('popstate', this.onPopState);
    this.formView.guardControls(this.section);
    this.backButton.addEventListener('click', () => {
      this.formView.flush();
      this.act(() => this.wizard.back(), { moved: true });
    });
    this.cancelButton.addEventListener('click', () => this.cancel());
  }

  /** A value was entered: the wizard takes it (answers whether it did). */
  set(key, value) {
    if (this.busy || this.finished) return false;
    let view;
    try {
      view = this.wizard.set(key, value);
    } catch (e) {
      announce(e.message, { assertive: true });
      return false;
    }
    this.hasInput = true;
    const untested = this.connection.changed(key);
    if (untested && untested !== key) this.kept.delete(untested);
    this.saveDraft();
    if (this.kept.has(key)) this.keep(key, this.checkField(key));
    this.render(view);
    return true;
  }

  /** The view's fields, with the errors kept at fields the view shows none for. */
  shownFields(view) {
    return view.fields.map((f) => (f.error || !this.kept.has(f.key) ? f : { ...f, error: this.kept.get(f.key) }));
  }

  /** Keeps `error` at the field `key` (none: the field has no error now). */
  keep(key, error) {
    if (error) this.kept.set(key, error);
    else this.kept.delete(key);
  }

  /** Shows `error` at the field `key` and keeps it there until the field is fixed. */
  showError(key, error, { announce: say = false } = {}) {
    this.keep(key, error);
    this.formView.showError(key, error, { announce: say });
  }

  /** The first error the wizard's check finds about the field `key` now, or null. */
  checkField(key) {
    try {
      return this.wizard.check(key).errors[0] || null;  // the module's check, the wizard unchanged
    } catch {
      return null;  // the step's errors still come on next
    }
  }

  /**
   * The user left a field: show its errors now (the wizard's check of that field). Not
   * when focus went to a wizard button (the form view does not call this then).
   */
  leave(key) {
    if (this.busy || this.finished || !this.view || !this.formView.placed(key)) return;
    this.showError(key, this.checkField(key), { announce: true });
  }

  /**
   * The instance the values entered so far make, secrets included: the module builds it
   * (the page keeps no copy of the values).
   */
  entered() {
    // after the page was left the wizard is freed: nothing is entered any more
    if (this.wizard.disposed) return { authMethodId: null, credentials: {}, certificate: null };
    return this.wizard.currentInstance();
  }

  act(action, { moved = false } = {}) {
    if (this.busy || this.finished) return null;
    let view;
    try {
      view = action();
    } catch (e) {
      announce(e.message, { assertive: true });
      return null;
    }
    this.saveDraft();
    this.render(view, { moved });
    return view;
  }

  next() {
    if (this.busy) return;
    this.formView.flush();
    const before = this.view.step;
    const view = this.act(() => this.wizard.next(), { moved: true });
    if (!view) return;
    if (view.step === 'submitting') this.submit();
    else if (view.step === before && view.errors.length) this.formView.showErrors(view.errors);
  }

  async submit() {
    const { payload, idempotencyKey } = this.wizard.submission();
    this.setBusy(true, 'Creating the instance…');
    let view;
    try {
      const response = await api.createInstance(this.ctx.connectorId, payload, idempotencyKey);
      view = this.wizard.applyResponse({ status: response.status, body: response.body });
    } catch (e) {
      if (e instanceof ApiError) view = this.wizard.applyResponse({ status: e.status, body: e.body });
      else view = this.wizard.applyNetworkError(e instanceof NetworkError ? e.message : String(e.message));
    } finally {
      this.setBusy(false);
    }
    if (view.step === 'created') {
      removeDraft(this.ctx.connectorId);
      this.finished = true;
      const name = view.instance && view.instance.name;
      announce(`Instance ${name} created.`);
      this.ctx.done(this.ctx.connectorId, view.instance);
      return;
    }
    this.saveDraft();
    this.render(view, { moved: true });
    if (view.errors.length) this.formView.showErrors(view.errors);
  }

  /** Cancel: at once when nothing was entered, otherwise once the user confirms. */
  cancel() {
    if (this.busy || this.finished) return;
    this.formView.flush();
    if (!this.hasInput) { this.discard(); return; }
    const keep = el('button', { type: 'button', class: 'primary' }, 'Keep editing');
    const discard = el('button', { type: 'button', class: 'danger' }, 'Discard');
    const dialog = openDialog({
      title: 'Discard this instance?', className: 'dialog-narrow',
      content: [
        el('p', null, 'What you entered will be lost and nothing will be created.'),
        el('div', { class: 'actions' }, discard, keep),
      ],
      onClose: () => { this.confirming = null; },
    });
    this.confirming = dialog;
    keep.addEventListener('click', () => dialog.close());
    discard.addEventListener('click', () => { dialog.close(); this.discard(); });
    keep.focus();
  }

  /** Ends the wizard without creating anything, and forgets its draft. */
  discard() {
    try { this.wizard.cancel(); } catch { /* already ended */ }
    removeDraft(this.ctx.connectorId);
    this.finished = true;
    announce('Cancelled. Nothing was created.');
    this.ctx.done(this.ctx.connectorId);
  }

  /** The user went elsewhere in the page: the draft keeps what was entered. */
  navigatedAway() {
    clearTimeout(this.pendingSave);
    window.removeEventListener('pagehide', this.onPageHide);
    window.removeEventListener('popstate', this.onPopState);
    this.confirming?.close();
    if (!this.finished) {
      this.formView.flush();
      this.saveDraft();
    }
    this.finished = true;
    // frees the session in the module now rather than when it is collected
    if (typeof this.wizard.dispose === 'function') this.wizard.dispose();
  }

  /** Sends what was typed and not sent yet (set() saves the draft). */
  keepTyped() {
    clearTimeout(this.pendingSave);
    if (this.busy || this.finished) return;
    this.formView.flush();
  }

  saveDraft() {
    // nothing entered yet: no draft (an opened and left wizard leaves no "unfinished instance")
    if (this.finished || !this.hasInput) return;
    try {
      const draft = this.wizard.save({ includeSecrets: false });
      const name = (draft.values && typeof draft.values.name === 'string') ? draft.values.name : '';
      saveDraft(this.ctx.connectorId, draft, { name });
    } catch { /* no draft in this state */ }
  }

  setBusy(busy, message) {
    this.busy = busy;
    this.section.setAttribute('aria-busy', String(busy));
    for (const b of [this.nextButton, this.backButton, this.cancelButton]) b.disabled = busy;
    if (busy) {
      this.nextButton.textContent = message;
      announce(message);
    }
  }

  render(view, { moved = false, notice = null, initial = false } = {}) {
    const stepChanged = !this.view || this.view.step !== view.step;
    if (stepChanged) this.kept.clear();
    this.view = view;
    const { position, count } = view.progress;
    this.progress.textContent = `Step ${position} of ${count}: ${view.title}`;
    this.renderSteps(view);
    if (notice) { this.notice.textContent = notice; this.notice.hidden = false; }
    else if (stepChanged && !initial) this.notice.hidden = true;
    if (view.failure) {
      this.failure.textContent = view.failure.kind === 'network'
        ? `The instance was not created: ${view.failure.message} Your values are kept; try again.`
        : `The server refused the instance: ${view.failure.message}`;
      this.failure.hidden = false;
    } else {
      this.failure.hidden = true;
    }
    if (stepChanged) this.formView.hideSummary();
    this.stepTitle.textContent = view.title;
    this.nextButton.textContent = view.nextLabel || 'Next';
    this.nextButton.hidden = !view.actions.includes('next');
    this.backButton.hidden = !view.actions.includes('back');
    this.cancelButton.hidden = !view.actions.includes('cancel');

    const signature = `${view.step}|${view.fields.map((f) => `${f.key}:${f.type}:${f.locked}`).join(',')}`;
    if (signature !== this.signature || view.step === 'review') {
      this.signature = signature;
      this.renderBody(view);
    } else {
      // a shown summary follows the fixes (set() clears a field's errors)
      this.formView.update(view.errors);
    }
    this.recordStep(view, { initial });
    if (moved && stepChanged) {
      this.stepTitle.focus();
      announce(`Step ${position} of ${count}: ${view.title}`);
    } else if (initial) {
      this.stepTitle.focus();
    }
  }

  /**
   * Makes the step shown an entry of the browser's history: the first one replaces the
   * wizard's entry, each step moved to after it is a new entry (same URL).
   */
  recordStep(view, { initial }) {
    if (!EDITING_STEPS.has(view.step)) return;
    const entry = { wizard: this.ctx.connectorId, step: view.step };
    const current = history.state;
    if (current && current.wizard === entry.wizard && current.step === entry.step) return;
    if (initial || !current || current.wizard !== entry.wizard) history.replaceState(entry, '');
    else history.pushState(entry, '');
  }

  /** The browser's Back or Forward reached an entry of this wizard: show its step. */
  historyMoved(entry) {
    if (!entry || entry.wizard !== this.ctx.connectorId || !this.view || entry.step === this.view.step) return;
    if (this.busy || this.finished || !EDITING_STEPS.has(this.view.step)) return;
    this.confirming?.close();
    this.formView.flush();
    const view = this.act(() => this.wizard.goTo(entry.step), { moved: true });
    if (!view) return;
    // Forward past a step with errors stops there: the entry says where the wizard is
    if (view.step !== entry.step) {
      history.replaceState({ wizard: this.ctx.connectorId, step: view.step }, '');
      if (view.errors.length) this.formView.showErrors(view.errors);
    }
  }

  renderSteps(view) {
    this.stepList.replaceChildren(...view.steps.map((s, i) => {
      const label = `${i + 1}. ${s.title}`;
      let content;
      if (!s.current && s.reachable && view.actions.includes('goTo')) {
        content = el('button', { type: 'button', class: 'step-link link-button' }, label);
        content.addEventListener('click', () => {
          this.formView.flush();
          const v = this.act(() => this.wizard.goTo(s.id), { moved: true });
          if (v && v.step !== s.id && v.errors.length) this.formView.showErrors(v.errors);
        });
      } else {
        content = el('span', null, label);
      }
      return el('li', { class: [s.current ? 'current' : null, s.reachable ? 'reachable' : null], 'aria-current': s.current ? 'step' : null }, content);
    }));
  }

  renderBody(view) {
    this.formView.clear();
    if (view.step === 'review' || view.step === 'submitting') {
      this.body.replaceChildren(this.renderReview(view));
      return;
    }
    // an input that shows or hides others (sharing a rate limit) keeps the focus it had
    const focused = this.body.contains(document.activeElement) ? document.activeElement.id : '';
    replaceChildren(this.body, this.formView.layout(this.shownFields(view)));
    if (focused) document.getElementById(focused)?.focus();
    if (!view.fields.length) this.body.append(el('p', null, 'Nothing to enter on this step.'));
    if (view.step === 'settings') this.body.append(poolOffer(this.context) ?? []);
    if (view.step === 'credentials') this.body.append(this.connection.render() ?? []);
  }

  /**
   * How the review shows an item: the certificate by what the module reads in it (subject
   * and expiry; the module's summary shows only the mask of this secret), others as the
   * module displays them.
   */
  reviewDisplay(item) {
    if (item.key === 'certificate' && item.display !== '') {
      const { certificate } = this.entered();
      const info = certificate && certificate.data ? this.svc.certificateInfo(this.context, certificate.data, certificate.passphrase) : null;
      const read = formatCertificate(info);
      if (read) return read;
    }
    return item.display;
  }

  renderReview(view) {
    const sections = view.summary.map((section) => el('section', { class: 'review-section', 'aria-labelledby': `review-${section.step}` },
      el('div', { class: 'review-header' },
        el('h4', { id: `review-${section.step}` }, section.title),
        view.actions.includes('goTo') && section.changeable ? el('button', {
          type: 'button', class: 'link-button', 'aria-label': `Change ${section.title}`,
          on: { click: () => this.act(() => this.wizard.goTo(section.step), { moved: true }) },
        }, 'Change') : null),
      section.items.length
        ? el('dl', { class: 'review-items' }, section.items.map((item) => [
          el('dt', null, item.label),
          el('dd', { class: item.secret ? 'secret' : null }, item.display === '' ? el('span', { class: 'none' }, '—') : this.reviewDisplay(item)),
        ]))
        : el('p', { class: 'none' }, 'Nothing entered.')));
    const errors = view.errors.length ? el('ul', { class: 'review-errors' }, view.errors.map((e) => el('li', null, e.message))) : null;
    const warnings = view.warnings && view.warnings.length
      ? el('div', { class: 'field-warning' }, el('p', null, 'Warnings (they do not stop you):'), el('ul', null, view.warnings.map((w) => el('li', null, w.message))))
      : null;
    return el('div', { class: 'review' }, errors, warnings, sections);
  }
}
