// The connection pools view (#/pools): every pool with its limit, its timeout and the
// instances that use it; "New pool", "Edit" and "Delete" (refused, with the instances
// named, while any instance uses the pool). The pool form's values are checked by the
// module's validatePool when a field is left and on save; the server checks them again.
// Opened from the wizard ("Create a connection pool") it links back to that wizard.
import { el, announce, replaceChildren } from './dom.mjs';
import { api, ApiError } from './api.mjs';
import { openDialog } from './dialog.mjs';
import { createFormView } from './form-view.mjs';
import { services as moduleServices } from './module-services.mjs';
import { showConfirmation } from './confirmation.mjs';

const ID_PREFIX = 'p';

/** The pool form's inputs (labels and help are the page's words; the rules are the module's). */
const POOL_FIELDS = [
  { key: 'name', label: 'Name', type: 'text', required: true, help: 'Tells this pool apart from the others.' },
  {
    key: 'limit', label: 'Concurrent requests', type: 'integer', required: true,
    help: 'At most this many requests of all the pool\'s instances run at the same time; the others wait.',
  },
  {
    key: 'timeout', label: 'Wait timeout (seconds)', type: 'integer', required: false,
    help: 'How long a request waits for a free place before it fails. Empty: it waits as long as it takes.',
  },
];

/**
 * For the wizard's settings step: "Create a connection pool" when the connector has a
 * concurrency limit and there is no pool to join yet (null otherwise). The pools view
 * opens its form and links back to the wizard, whose draft keeps what was entered.
 */
export function poolOffer(context) {
  if (!context.definition.concurrencyLimit || context.pools.length) return null;
  return el('p', { class: 'notice pool-offer' },
    `${context.definition.name} instances can share a connection pool, which limits their concurrent requests together. There is no pool yet. `,
    el('a', { href: `#/pools?new=1&for=${encodeURIComponent(context.definition.id)}` }, 'Create a connection pool'));
}

const poolHeadingId = (id) => `pool-${id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
const instancesText = (n) => (n === 1 ? '1 instance' : `${n} instances`);

/**
 * @param {HTMLElement} root
 * @param {{module: object, focusHeading?: boolean, focusPool?: string, create?: boolean,
 *   forConnector?: string, confirmation?: string}} ctx  `create` opens the new pool form;
 *   `forConnector` is the wizard that sent the user here (a link goes back to it)
 */
export async function renderPools(root, ctx) {
  root.replaceChildren(el('p', { class: 'loading' }, 'Loading pools…'));
  let data;
  try {
    const [connectors, pools] = await Promise.all([api.connectors(), api.pools()]);
    const instances = await api.instancesOf(connectors.map((c) => c.id));
    data = { connectors, pools, instances };
  } catch (e) {
    replaceChildren(root, el('p', { class: 'error-banner', role: 'alert' }, `Could not load the pools: ${e.message}`));
    return;
  }
  if (!root.isConnected) return; // the user went elsewhere while it loaded
  const svc = moduleServices(ctx.module);
  const again = (more) => renderPools(root, { module: ctx.module, forConnector: ctx.forConnector, ...more });
  const wizardOf = ctx.forConnector ? data.connectors.find((c) => c.id === ctx.forConnector) : null;
  const users = usersOf(data);

  const newButton = el('button', {
    type: 'button', class: 'primary',
    on: {
      click: () => openPoolForm({
        svc, pool: null,
        onSaved: (saved) => again({ focusPool: saved.id, confirmation: `Pool “${saved.name}” created.` }),
      }),
    },
  }, 'New pool');

  const view = el('section', { class: 'pools-view', 'aria-labelledby': 'pools-title' },
    el('nav', { class: 'view-nav', 'aria-label': 'Pages' },
      el('a', { href: '#/' }, 'Connectors'),
      wizardOf ? el('a', { href: `#/add/${encodeURIComponent(wizardOf.id)}?resume=1` }, `Back to the new ${wizardOf.name} instance`) : null),
    el('div', { class: 'view-header' },
      el('h2', { id: 'pools-title', tabindex: '-1' }, 'Connection pools'),
      newButton),
    el('p', { class: 'intro' },
      'Instances of connectors with a concurrency limit can join a pool: together they run at most the pool\'s number of requests at the same time.'),
    data.pools.length
      ? el('ul', { class: 'pools' }, data.pools.map((pool) => el('li', null,
        poolCard(pool, users.get(pool.id) || [], {
          edit: () => openPoolForm({
            svc, pool,
            onSaved: (saved) => again({ focusPool: saved.id, confirmation: `Pool “${saved.name}” saved.` }),
          }),
          remove: () => confirmDeletePool(pool, users.get(pool.id) || [],
            () => again({ focusHeading: true, confirmation: `Pool “${pool.name}” deleted.` })),
        }))))
      : el('p', { class: 'empty' }, 'No pools yet.'));
  root.replaceChildren(view);
  if (ctx.confirmation) showConfirmation(view, ctx.confirmation);
  if (ctx.focusPool && document.getElementById(poolHeadingId(ctx.focusPool))) {
    document.getElementById(poolHeadingId(ctx.focusPool)).focus();
  } else if (ctx.create) {
    newButton.focus();
    newButton.click();
  } else if (ctx.focusHeading) {
    document.getElementById('pools-title').focus();
  }
}

/** poolId -> [{instance, connector}] of every instance in a pool. */
function usersOf(data) {
  const out = new Map();
  for (const connector of data.connectors) {
    for (const instance of data.instances.get(connector.id) || []) {
      if (!instance.poolId) continue;
      if (!out.has(instance.poolId)) out.set(instance.poolId, []);
      out.get(instance.poolId).push({ instance, connector });
    }
  }
  return out;
}

function usersList(users) {
  return el('ul', { class: 'pool-users' }, users.map(({ instance, connector }) => el('li', null,
    el('a', { href: `#/?instance=${encodeURIComponent(instance.id)}` }, instance.name), ` (${connector.name})`)));
}

function poolCard(pool, users, { edit, remove }) {
  const titleId = poolHeadingId(pool.id);
  const row = (label, ...value) => [el('dt', null, label), el('dd', null, ...value)];
  return el('article', { class: 'pool card', 'aria-labelledby': titleId, dataset: { poolId: pool.id } },
    el('h3', { id: titleId, class: 'pool-name', tabindex: '-1' }, pool.name),
    el('dl', { class: 'instance-facts' },
      row('Concurrent requests', String(pool.limit)),
      row('Wait timeout', pool.timeout === null || pool.timeout === undefined ? 'None: requests wait as long as it takes' : `${pool.timeout} s`),
      row('Used by', users.length ? [instancesText(users.length), usersList(users)] : 'No instance')),
    el('div', { class: 'instance-actions' },
      el('button', { type: 'button', 'aria-describedby': titleId, on: { click: edit } }, 'Edit'),
      el('button', { type: 'button', class: 'danger', 'aria-describedby': titleId, on: { click: remove } }, 'Delete')));
}

/** The form of a new pool (`pool` null) or of an existing one, in a dialog. */
function openPoolForm({ svc, pool, onSaved }) {
  const values = { name: pool?.name ?? null, limit: pool?.limit ?? null, timeout: pool?.timeout ?? null };
  const touched = new Set();
  let errors = [];
  const validate = () => svc.validatePool({ id: pool?.id, ...values }).errors.filter((e) => e.field !== 'id');
  // what the server said stays until its field changes (set() drops it), not when a field is left
  const kept = () => errors.filter((e) => e.code === 'server' || e.code === 'request');
  const shownErrors = () => errors.filter((e) => touched.has(e.field) || e.code === 'server');
  const fields = () => POOL_FIELDS.map((f) => ({
    ...f, value: values[f.key], hasValue: values[f.key] !== null,
    error: shownErrors().find((e) => e.field === f.key) || null, warning: null,
  }));
  const formView = createFormView({
    svc, context: {}, idPrefix: ID_PREFIX, summaryTitleId: 'pool-form-summary',
    fields,
    passphrase: () => null,
    set(key, value) {
      values[key] = value;
      errors = errors.filter((e) => e.field !== key);
      formView.update(shownErrors());
      return true;
    },
    leave(key) {
      touched.add(key);
      errors = [...validate(), ...kept()];
      formView.update(shownErrors());
      formView.showError(key, shownErrors().find((e) => e.field === key) || null, { announce: true });
    },
    controls: '.actions, .dialog-header',
  });
  const save = el('button', { type: 'submit', class: 'primary' }, pool ? 'Save changes' : 'Create pool');
  const form = el('form', { class: 'pool-form', novalidate: true },
    formView.summary,
    formView.layout(fields()),
    el('div', { class: 'actions' },
      el('button', { type: 'button', on: { click: () => dialog.close() } }, 'Cancel'),
      save));
  const dialog = openDialog({ title: pool ? `Edit ${pool.name}` : 'New connection pool', content: [form], className: 'dialog-narrow' });
  formView.guardControls(dialog.dialog);

  const showErrors = (list) => {
    errors = list;
    for (const e of list) touched.add(e.field);
    formView.update(shownErrors());
    formView.showErrors(list);
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    formView.flush();
    for (const f of POOL_FIELDS) touched.add(f.key);
    const found = validate();
    if (found.length) return showErrors(found);
    save.disabled = true;
    try {
      const body = { name: values.name, limit: values.limit, timeout: values.timeout };
      const saved = pool ? await api.updatePool(pool.id, body) : await api.createPool(body);
      announce(pool ? `Pool ${saved.name} saved.` : `Pool ${saved.name} created.`);
      // closed meanwhile: the page went elsewhere
      if (!dialog.dialog.open) return;
      dialog.close();
      onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError && e.status === 422 && e.errors) {
        showErrors(Object.entries(e.errors).map(([field, messages]) => ({ field, code: 'server', message: messages[0] })));
      } else showErrors([{ field: '', code: 'request', message: `Could not save: ${e.message}` }]);
    } finally {
      save.disabled = false;
    }
  });
  formView.focus('name');
}

/** Deleting a pool: refused with the instances named while any uses it. */
function confirmDeletePool(pool, users, onDeleted) {
  const error = el('p', { class: 'field-error', id: 'pool-delete-error', role: 'alert', hidden: true });
  const inUse = (list) => el('div', { class: 'pool-in-use' },
    el('p', null, el('strong', null, pool.name), ` is used by ${instancesText(list.length)}. Move ${list.length === 1 ? 'it' : 'them'} to another pool (or to none) in ${list.length === 1 ? 'its' : 'their'} settings first:`),
    usersList(list));
  if (users.length) {
    const close = el('button', { type: 'button', class: 'primary', on: { click: () => dialog.close() } }, 'Close');
    const dialog = openDialog({
      title: `${pool.name} cannot be deleted`, className: 'dialog-narrow',
      content: [inUse(users), el('div', { class: 'actions' }, close)],
    });
    close.focus();
    return;
  }
  const submit = el('button', { type: 'submit', class: 'danger' }, 'Delete pool');
  const cancel = el('button', { type: 'button', on: { click: () => dialog.close() } }, 'Cancel');
  const form = el('form', { class: 'confirm-delete', novalidate: true },
    el('p', null, 'No instance uses ', el('strong', null, pool.name), '. Deleting it cannot be undone.'), error,
    el('div', { class: 'actions' }, cancel, submit));
  const dialog = openDialog({ title: `Delete ${pool.name}?`, className: 'dialog-narrow', content: [form] });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      await api.deletePool(pool.id);
      announce(`Pool ${pool.name} deleted.`);
      if (!dialog.dialog.open) return;
      dialog.close();
      onDeleted();
    } catch (e) {
      // an instance joined the pool since the page was shown
      error.textContent = e instanceof ApiError && e.code === 'pool_in_use'
        ? `Could not delete: ${e.message} Reload the page to see which instances use it.`
        : `Could not delete: ${e.message}`;
      error.hidden = false;
      submit.disabled = false;
      cancel.focus();
    }
  });
  cancel.focus();
}
