// The settings dialog of an existing instance: a "Settings" tab (name, pool with a clear
// button, time zone, date format, rate limit) and an "Authentication" tab (method and
// credentials, the connector's documentation link, and "Test connection" of the saved
// instance when its method has a test). The inputs are the ones the wizard describes, shown by the form view
// (form-view.mjs); values are checked by the module's instance validation when the user
// leaves a field and by the server on save.
// Stored secrets are never sent to the page: they show as set, and leaving them untouched
// keeps them (the request leaves them out).
import { el, announce, replaceChildren } from './dom.mjs';
import { api, ApiError } from './api.mjs';
import { openDialog } from './dialog.mjs';
import { createFormView } from './form-view.mjs';
import { services as moduleServices } from './module-services.mjs';
import { instanceConnection } from './connection-panel.mjs';
import { connectorHelpLink } from './help-link.mjs';

const ID_PREFIX = 'e';

/** Field path -> value, from a stored instance (secrets are null: the page never has them). */
function valuesOf(instance) {
  const values = {
    name: instance.name,
    timeZone: instance.timeZone,
    dateFormat: instance.dateFormat,
    'rateLimit.amount': instance.rateLimit ? instance.rateLimit.amount : null,
    'rateLimit.unit': instance.rateLimit ? instance.rateLimit.unit : null,
    poolId: instance.poolId ?? null,
    sharedLimitOf: instance.sharedLimitOf ?? null,
    authMethodId: instance.authMethodId,
  };
  const secrets = instance.secrets || {};
  for (const [key, value] of Object.entries(instance.credentials || {})) {
    values[`credentials.${key}`] = secrets[`credentials.${key}`] ? null : value;
  }
  values.certificate = null;
  values['certificate.passphrase'] = null;
  return values;
}

/** Which secrets the server holds for this instance: Set of field paths. */
function storedSecretsOf(instance) {
  const stored = new Set();
  for (const [key, info] of Object.entries(instance.secrets || {})) {
    if (info && info.secretSet) stored.add(key === 'certificate.data' ? 'certificate' : key);
  }
  return stored;
}

/**
 * The PUT body (shared instance shape, built by the module from the values). A secret the
 * user did not type is left out, so the server keeps it; the certificate object is left out
 * when neither its data nor its passphrase changed, and stands for "keep" with the mask
 * where only one of them changed.
 */
function payloadOf(svc, context, values, changed, fields) {
  const entered = {};
  for (const f of fields) if (!f.secret || changed.has(f.key)) entered[f.key] = values[f.key] ?? null;
  const body = svc.buildInstance(context, entered);
  const certificateField = fields.some((f) => f.key === 'certificate');
  if (!certificateField) body.certificate = null;
  else if (changed.has('certificate') || changed.has('certificate.passphrase')) {
    body.certificate = {
      data: changed.has('certificate') ? values.certificate : svc.mask,
      passphrase: changed.has('certificate.passphrase') ? values['certificate.passphrase'] : svc.mask,
    };
  } else delete body.certificate;
  return body;
}

/** Laravel's {field: [message]} as field errors. */
function fromLaravel(errors) {
  return Object.entries(errors || {}).map(([field, messages]) => ({ field, code: 'server', message: messages[0] }));
}

/**
 * @param {{module: object, connector: object, instance: object, onSaved: (saved: object) => void,
 *   onTested?: () => void}} o  `onTested`: a test recorded a result and the dialog closed without saving
 */
export async function openInstanceSettings({ module, connector, instance: summary, onSaved, onTested }) {
  const svc = moduleServices(module);
  let context;
  let instance;
  let form;
  try {
    const [definition, pools, all, fresh] = await Promise.all([
      api.connector(connector.id), api.pools(), api.instances(connector.id), api.instance(connector.id, summary.id),
    ]);
    instance = fresh;
    const others = all.filter((i) => i.id !== instance.id);
    context = { definition, pools, existingNames: others.map((i) => i.name), instances: others, instanceId: instance.id };
    form = svc.describeForm(context);
  } catch (e) {
    announce(`Could not open the settings of ${summary.name}: ${e.message}`, { assertive: true });
    return;
  }

  const values = valuesOf(instance);
  // an instance that shares another's limit has none of its own: clearing the share starts
  // from the connector's defaults, as the wizard does
  for (const spec of form.settings) if (spec.shownUnless && values[spec.key] === null) values[spec.key] = spec.value ?? null;
  const storedSecrets = storedSecretsOf(instance);
  const changed = new Set();  // fields the user has entered something in
  const touched = new Set();  // fields the user has left: their errors show
  let errors = [];            // the latest errors (module or server)

  // the module's form says which inputs another one hides (the own rate limit while another's is shared)
  const shown = (spec) => !spec.shownUnless || values[spec.shownUnless] === null || values[spec.shownUnless] === undefined || values[spec.shownUnless] === '';
  const settingsFields = () => [form.name, ...form.settings].filter(shown);
  const currentFields = () => [...settingsFields(), form.authMethod, ...(form.methods[values.authMethodId] || [])];
  const fieldOf = (spec) => {
    const stored = storedSecrets.has(spec.key) && values.authMethodId === instance.authMethodId && !changed.has(spec.key);
    const error = errors.find((e) => e.field === spec.key && (touched.has(spec.key) || e.code === 'server'));
    return {
      ...spec,
      value: spec.secret ? null : (values[spec.key] ?? null),
      hasValue: spec.secret ? (stored || (values[spec.key] !== null && values[spec.key] !== undefined && values[spec.key] !== '')) : values[spec.key] != null,
      error: error || null,
      warning: null,
      // the stored certificate as the server read it (subject, expiry), while it is kept
      stored: spec.key === 'certificate' && stored ? instance.certificate : null,
    };
  };

  /** The module's findings for the values now; untouched stored secrets are the server's to check. */
  const validate = () => {
    const untouchedStored = (key) => storedSecrets.has(key) && !changed.has(key) && values.authMethodId === instance.authMethodId;
    const probe = payloadOf(svc, context, values, changed, currentFields());
    // for the check only, untouched stored secrets count as present (the server has them)
    const fields = currentFields();
    for (const f of fields) {
      if (f.secret && f.key.startsWith('credentials.') && untouchedStored(f.key)) probe.credentials[f.key.slice('credentials.'.length)] = svc.mask;
    }
    if (fields.some((f) => f.key === 'certificate') && !probe.certificate && untouchedStored('certificate')) {
      probe.certificate = { data: svc.mask, passphrase: null };
    }
    let result;
    try {
      result = svc.validateInstance(context, probe, { existingNames: context.existingNames });
    } catch (e) {
      return [{ field: 'name', code: 'internal', message: e.message }];
    }
    return result.errors.filter((e) => !(untouchedStored(e.field) || (e.field.startsWith('certificate') && untouchedStored('certificate') && !changed.has('certificate'))));
  };

  const shownErrors = () => errors.filter((e) => touched.has(e.field) || e.code === 'server');
  const refresh = () => formView.update(shownErrors());

  const settingsPanel = el('div', { id: 'tab-panel-settings', role: 'tabpanel', 'aria-labelledby': 'tab-settings', tabindex: '0' });
  const authPanel = el('div', { id: 'tab-panel-auth', role: 'tabpanel', 'aria-labelledby': 'tab-auth', tabindex: '0', hidden: true });

  const formView = createFormView({
    svc, context, idPrefix: ID_PREFIX,
    fields: () => currentFields().map(fieldOf),
    passphrase: () => values['certificate.passphrase'],
    set(key, value) {
      values[key] = value;
      changed.add(key);
      errors = errors.filter((e) => e.field !== key);
      if (key === 'authMethodId') renderAuthPanel();
      else if (form.settings.some((f) => f.shownUnless === key)) renderSettingsPanel();
      else refresh();
      return true;
    },
    leave(key) {
      touched.add(key);
      // what the server said stays until its field changes (set() drops it)
      errors = [...validate(), ...errors.filter((e) => e.code === 'server' || e.code === 'request')];
      refresh();
      formView.showError(key, errors.find((e) => e.field === key) || null, { announce: true });
    },
    controls: '.actions, .tabs, .dialog-header',
    reveal: (root) => selectTab(settingsPanel.contains(root) ? 0 : 1, { focus: false }),
  });

  const renderSettingsPanel = () => {
    const focused = settingsPanel.contains(document.activeElement) ? document.activeElement.id : '';
    formView.drop((key) => key === 'name' || form.settings.some((f) => f.key === key));
    replaceChildren(settingsPanel, formView.layout(settingsFields().map(fieldOf)));
    if (focused) document.getElementById(focused)?.focus();
  };
  // the saved instance's test: what is stored, not what is typed here
  let tested = false;
  const savedMethod = (context.definition.authMethods || []).find((m) => m.id === instance.authMethodId);
  const connection = instanceConnection(context.definition, instance, savedMethod, 'settings-test-note', { onRecorded: () => { tested = true; } });
  const testBox = connection.buttons[0]
    ? el('div', { class: 'settings-test' },
      el('h3', null, 'Connection test'),
      el('p', { class: 'help', id: 'settings-test-note' }, 'Tests the saved settings. Save your changes first to test them.'),
      el('div', { class: 'instance-actions' }, connection.buttons[0]),
      el('p', { class: 'settings-test-result' }, 'Last test: ', connection.lastTest))
    : el('p', { class: 'meta settings-test' }, 'No connection test available for this authentication method.');
  const helpLink = connectorHelpLink(context.definition, 'Where to find these values: ');
  function renderAuthPanel() {
    formView.drop((key) => key === 'authMethodId' || key.startsWith('credentials.') || key.startsWith('certificate'));
    const switched = values.authMethodId !== instance.authMethodId;
    replaceChildren(authPanel,
      helpLink,
      switched ? el('p', { class: 'notice' }, 'Another authentication method: enter its credentials (the stored ones belong to the previous method).') : null,
      formView.layout([form.authMethod, ...(form.methods[values.authMethodId] || [])].map(fieldOf)),
      testBox);
  }
  renderSettingsPanel();
  renderAuthPanel();

  const tabs = [
    el('button', { type: 'button', role: 'tab', id: 'tab-settings', 'aria-controls': 'tab-panel-settings', 'aria-selected': 'true' }, 'Settings'),
    el('button', { type: 'button', role: 'tab', id: 'tab-auth', 'aria-controls': 'tab-panel-auth', 'aria-selected': 'false', tabindex: '-1' }, 'Authentication'),
  ];
  const panels = [settingsPanel, authPanel];
  const selectTab = (i, { focus = true } = {}) => {
    tabs.forEach((t, j) => {
      t.setAttribute('aria-selected', String(i === j));
      t.tabIndex = i === j ? 0 : -1;
      panels[j].hidden = i !== j;
    });
    if (focus) tabs[i].focus();
  };
  tabs.forEach((t, i) => {
    t.addEventListener('click', () => selectTab(i));
    t.addEventListener('keydown', (event) => {
      const to = { ArrowRight: (i + 1) % tabs.length, ArrowLeft: (i + tabs.length - 1) % tabs.length, Home: 0, End: tabs.length - 1 }[event.key];
      if (to !== undefined) { event.preventDefault(); selectTab(to); }
    });
  });

  const save = el('button', { type: 'submit', class: 'primary' }, 'Save changes');
  const formEl = el('form', { class: 'instance-settings', novalidate: true },
    formView.summary,
    el('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Instance settings' }, tabs),
    settingsPanel, authPanel,
    el('div', { class: 'actions' },
      el('button', { type: 'button', on: { click: () => dialog.close() } }, 'Cancel'),
      save));
  let saved = false;
  const dialog = openDialog({
    title: `Settings of ${instance.name}`, content: [formEl],
    // the card shows what a test recorded
    onClose: () => { if (tested && !saved && onTested) onTested(); },
  });
  formView.guardControls(dialog.dialog);

  const showErrors = (list) => {
    errors = list;
    for (const e of list) touched.add(e.field);
    refresh();
    formView.showErrors(list);
  };

  formEl.addEventListener('submit', async (event) => {
    event.preventDefault();
    formView.flush();
    for (const f of currentFields()) touched.add(f.key);
    const found = validate();
    if (found.length) return showErrors(found);
    save.disabled = true;
    try {
      const answer = await api.updateInstance(connector.id, instance.id, payloadOf(svc, context, values, changed, currentFields()));
      saved = true;
      announce(`Saved ${answer.name}.`);
      // closed meanwhile: the page went elsewhere, and the manage page is not shown
      if (!dialog.dialog.open) return;
      dialog.close();
      onSaved(answer);
    } catch (e) {
      if (e instanceof ApiError && e.status === 422 && e.errors) showErrors(fromLaravel(e.errors));
      else showErrors([{ field: '', code: 'request', message: `Could not save: ${e.message}` }]);
    } finally {
      save.disabled = false;
    }
  });
  formView.focus('name');
}
