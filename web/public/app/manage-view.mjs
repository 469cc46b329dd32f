// The manage page: every connector of the catalog with its instances, an "add new
// instance" button per connector (opens the wizard), and per instance its settings,
// a connection test, "Connect" for OAuth 2 authorisation code (authorise again at the
// provider: revoked or expired access) and deletion (after typing "confirm").
import { el, announce, replaceChildren } from './dom.mjs';
import { api } from './api.mjs';
import { openDialog } from './dialog.mjs';
import { formatInstant, isoInstant, formatRateLimit } from './display.mjs';
import { listDrafts, removeDraft } from './drafts.mjs';
import { openInstanceSettings } from './instance-settings.mjs';
import { keepForOAuth, takeOAuthReturn } from './oauth-return.mjs';

const CONFIRM_WORD = 'confirm';

/**
 * @param {HTMLElement} root
 * @param {{module: object, focusHeading?: boolean, focusConnector?: string, oauthFlowId?: string}} ctx
 */
export async function renderManage(root, ctx) {
  const status = el('p', { class: 'loading' }, 'Loading connectors…');
  root.replaceChildren(status);
  let data;
  try {
    data = await loadAll();
  } catch (e) {
    replaceChildren(root, el('p', { class: 'error-banner', role: 'alert' }, `Could not load the connectors: ${e.message}`));
    return;
  }
  const view = el('section', { class: 'manage', 'aria-labelledby': 'manage-title' },
    el('h2', { id: 'manage-title', tabindex: '-1' }, 'Connectors'),
    draftsNotice(data.connectors),
    el('ul', { class: 'connectors' },
      data.connectors.map((c) => el('li', null, connectorSection(c, data, ctx, () => renderManage(root, { ...ctx, focusConnector: c.id }))))));
  root.replaceChildren(view);
  if (ctx.focusConnector) {
    document.getElementById(connectorHeadingId(ctx.focusConnector))?.focus();
  } else if (ctx.focusHeading) {
    document.getElementById('manage-title').focus();
  }
  if (ctx.oauthFlowId) await announceOAuthOutcome(ctx.oauthFlowId, data);
}

/** Back from "Connect" on an instance: what the provider and the test after it said. */
async function announceOAuthOutcome(flowId, data) {
  const origin = takeOAuthReturn(flowId);
  const instance = origin && (data.instances.get(origin.connectorId) || []).find((i) => i.id === origin.instanceId);
  const name = instance ? instance.name : 'The instance';
  let flow;
  try {
    flow = await api.oauthFlow(flowId);
  } catch (e) {
    announce(`${name}: the authorisation could not be checked: ${e.message}`, { assertive: true });
    return;
  }
  if (flow.status !== 'connected') {
    announce(`${name}: access was not granted: ${flow.error ? flow.error.message : 'the authorisation is not complete.'}`, { assertive: true });
    return;
  }
  const r = flow.result || {};
  announce(r.status === 'ok' ? `${name}: access granted. Connection test passed.`
    : `${name}: access granted, but the connection test failed: ${r.message}`, { assertive: r.status !== 'ok' });
  if (instance) document.getElementById(`instance-${instance.id}`)?.focus();
}

async function loadAll() {
  const [connectors, pools] = await Promise.all([api.connectors(), api.pools()]);
  const instances = new Map(await Promise.all(connectors.map(async (c) => [c.id, await api.instances(c.id)])));
  return { connectors, pools, instances };
}

const connectorHeadingId = (id) => `connector-${id.replace(/[^A-Za-z0-9_-]/g, '-')}`;

function draftsNotice(connectors) {
  const drafts = listDrafts().filter((d) => connectors.some((c) => c.id === d.connectorId));
  if (!drafts.length) return null;
  const nameOf = (id) => connectors.find((c) => c.id === id).name;
  return el('aside', { class: 'notice', 'aria-labelledby': 'drafts-title' },
    el('h3', { id: 'drafts-title' }, 'Unfinished instances'),
    el('ul', { class: 'drafts' }, drafts.map((d) => {
      const item = el('li', null,
        el('span', null, d.name ? `“${d.name}” for ${nameOf(d.connectorId)}` : `A new ${nameOf(d.connectorId)} instance`,
          ', saved ', el('time', { datetime: isoInstant(d.savedAt) }, formatInstant(d.savedAt))),
        ' ',
        el('a', { class: 'button', href: `#/add/${encodeURIComponent(d.connectorId)}?resume=1` }, 'Resume'),
        ' ',
        el('button', {
          type: 'button',
          on: {
            click: () => {
              removeDraft(d.connectorId);
              const list = item.parentElement;
              item.remove();
              if (!list.children.length) list.closest('aside').remove();
              announce('Draft discarded.');
              document.getElementById('manage-title')?.focus();
            },
          },
        }, 'Discard'));
      return item;
    })));
}

function connectorSection(connector, data, ctx, refresh) {
  const instances = data.instances.get(connector.id) || [];
  const headingId = connectorHeadingId(connector.id);
  const count = instances.length === 1 ? '1 instance' : `${instances.length} instances`;
  return el('section', { class: 'connector card', 'aria-labelledby': headingId },
    el('div', { class: 'connector-header' },
      el('div', null,
        el('h3', { id: headingId, tabindex: '-1' }, connector.name),
        el('p', { class: 'meta' }, `${count} · version ${connector.version}`)),
      el('a', {
        class: 'button primary', href: `#/add/${encodeURIComponent(connector.id)}`,
        'aria-label': `Add new ${connector.name} instance`, dataset: { connector: connector.id },
      }, 'Add new instance')),
    instances.length
      ? el('ul', { class: 'instances' }, instances.map((i) => el('li', null, instanceCard(connector, i, data, ctx, refresh))))
      : el('p', { class: 'empty' }, 'No instances yet.'));
}

function instanceCard(connector, instance, data, ctx, refresh) {
  const method = (connector.authMethods || []).find((m) => m.id === instance.authMethodId);
  const pool = instance.poolId ? data.pools.find((p) => p.id === instance.poolId) : null;
  const testText = el('span', { class: 'test-result' });
  showConnection(testText, instance.connection);
  const titleId = `instance-${instance.id}`;

  const row = (label, ...value) => [el('dt', null, label), el('dd', null, ...value)];
  const testButton = el('button', { type: 'button', 'aria-describedby': titleId }, 'Test connection');
  testButton.addEventListener('click', async () => {
    testButton.disabled = true;
    try {
      const result = await api.testInstance(connector.id, instance.id);
      // what the instance now records (a method without a check request records nothing)
      const recorded = result.code === 'not_configured' ? instance.connection : result;
      showConnection(testText, recorded, result.code === 'not_configured' ? result.message : null);
      announce(`${instance.name}: ${result.status === 'ok' ? 'Connection test passed.' : `Connection test failed: ${result.message}`}`,
        { assertive: result.status !== 'ok' });
    } catch (e) {
      announce(`Could not test ${instance.name}: ${e.message}`, { assertive: true });
    } finally {
      testButton.disabled = false;
    }
  });

  // OAuth 2 authorisation code: authorise again at the provider (the backend stores the new
  // tokens on the instance and tests it before sending the browser back here)
  const connectButton = method && method.type === 'oauth2_authorization_code'
    ? el('button', { type: 'button', class: 'connect-button', 'aria-describedby': titleId }, 'Connect')
    : null;
  connectButton?.addEventListener('click', async () => {
    connectButton.disabled = true;
    try {
      const started = await api.startOAuth({ connectorId: connector.id, instanceId: instance.id });
      keepForOAuth(started.flowId, { connectorId: connector.id, instanceId: instance.id });
      location.assign(started.authorizeUrl);
    } catch (e) {
      connectButton.disabled = false;
      announce(`Could not start the authorisation of ${instance.name}: ${e.message}`, { assertive: true });
    }
  });

  return el('article', { class: 'instance', 'aria-labelledby': titleId, dataset: { instanceId: instance.id } },
    el('h4', { id: titleId, class: 'instance-name', tabindex: '-1' }, instance.name),
    el('dl', { class: 'instance-facts' },
      row('Authentication', method ? method.name : instance.authMethodId),
      row('Time zone', instance.timeZone),
      row('Date format', el('code', null, instance.dateFormat)),
      row('Rate limit', formatRateLimit(instance.rateLimit)),
      row('Pool', pool ? pool.name : (instance.poolId || 'None')),
      row('Created', el('time', { datetime: isoInstant(instance.createdAt) }, formatInstant(instance.createdAt))),
      row('Last connection test', testText)),
    el('div', { class: 'instance-actions' },
      el('button', {
        type: 'button', class: 'settings-button', 'aria-describedby': titleId,
        on: { click: () => openInstanceSettings({ module: ctx.module, connector, instance, pools: data.pools, onSaved: refresh }) },
      }, 'Settings'),
      testButton,
      connectButton,
      el('button', {
        type: 'button', class: 'danger', 'aria-describedby': titleId,
        on: { click: () => confirmDelete(connector, instance, refresh) },
      }, 'Delete')));
}

/**
 * The instance's last connection test (`connection`: untested, ok or failed with its
 * message and time) into `node`; `note` is shown when a test ran but recorded nothing.
 */
function showConnection(node, connection, note = null) {
  const c = connection || { status: 'untested' };
  node.classList.remove('test-passed', 'test-failed');
  if (c.status === 'ok' || c.status === 'failed') node.classList.add(c.status === 'ok' ? 'test-passed' : 'test-failed');
  const when = c.testedAt ? [' (', el('time', { datetime: isoInstant(c.testedAt) }, formatInstant(c.testedAt)), ')'] : [];
  const head = c.status === 'ok' ? 'Passed' : c.status === 'failed' ? 'Failed' : 'Not tested yet';
  replaceChildren(node, el('span', { class: 'test-status' }, head), ...when,
    c.status === 'failed' && c.message ? el('span', { class: 'test-message' }, c.message) : null,
    note ? el('span', { class: 'test-message' }, note) : null);
}

function confirmDelete(connector, instance, refresh) {
  const input = el('input', { id: 'confirm-delete', type: 'text', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'confirm-delete-help confirm-delete-error' });
  const error = el('p', { class: 'field-error', id: 'confirm-delete-error', hidden: true });
  const submit = el('button', { type: 'submit', class: 'danger', disabled: true }, 'Delete instance');
  input.addEventListener('input', () => { submit.disabled = input.value.trim() !== CONFIRM_WORD; });
  const form = el('form', { class: 'confirm-delete', novalidate: true },
    el('p', null, 'This deletes ', el('strong', null, instance.name), ` (${connector.name}) and its stored credentials. It cannot be undone.`),
    el('div', { class: 'field' },
      el('label', { for: 'confirm-delete' }, 'Type ', el('kbd', null, CONFIRM_WORD), ' to delete'),
      el('p', { class: 'help', id: 'confirm-delete-help' }, 'This protects against deleting by accident.'),
      input, error),
    el('div', { class: 'actions' },
      el('button', { type: 'button', on: { click: () => dialog.close() } }, 'Cancel'),
      submit));
  const dialog = openDialog({ title: `Delete ${instance.name}?`, content: [form], className: 'dialog-narrow' });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (input.value.trim() !== CONFIRM_WORD) return;
    submit.disabled = true;
    try {
      await api.deleteInstance(connector.id, instance.id);
      dialog.close();
      announce(`${instance.name} was deleted.`);
      refresh();
    } catch (e) {
      error.textContent = `Could not delete: ${e.message}`;
      error.hidden = false;
      submit.disabled = false;
    }
  });
  input.focus();
}
