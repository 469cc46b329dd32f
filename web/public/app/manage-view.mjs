// The manage page: every connector of the catalog with its instances, an "add new
// instance" button per connector (opens the wizard), and per instance its settings,
// its connection (connection-panel.mjs: a connection test, "Connect" for OAuth 2
// authorisation code), its use through the request gateway (usage-panel.mjs) and deletion
// (after typing "confirm").
import { el, announce, replaceChildren } from './dom.mjs';
import { api } from './api.mjs';
import { openDialog } from './dialog.mjs';
import { formatInstant, isoInstant, formatRateLimit, formatCertificate } from './display.mjs';
import { listDrafts, removeDraft } from './drafts.mjs';
import { openInstanceSettings } from './instance-settings.mjs';
import { instanceConnection, announceConnectOutcome } from './connection-panel.mjs';
import { usageFacts } from './usage-panel.mjs';

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
  if (ctx.oauthFlowId) {
    await announceConnectOutcome(ctx.oauthFlowId, {
      instanceOf: (connectorId, instanceId) => (data.instances.get(connectorId) || []).find((i) => i.id === instanceId),
      focus: (instance) => document.getElementById(instanceHeadingId(instance.id))?.focus(),
    });
  }
}

async function loadAll() {
  const [list, pools] = await Promise.all([api.connectors(), api.pools()]);
  // the full definitions: the list's summaries leave out what a card needs of a method
  // (whether it has a connection test)
  const connectors = await Promise.all(list.map((c) => api.connector(c.id)));
  const instances = new Map(await Promise.all(connectors.map(async (c) => [c.id, await api.instances(c.id)])));
  return { connectors, pools, instances };
}

const connectorHeadingId = (id) => `connector-${id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
const instanceHeadingId = (id) => `instance-${id}`;

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
        // the name begins with the visible text (speech users say what they see)
        'aria-label': `Add new instance for ${connector.name}`, dataset: { connector: connector.id },
      }, 'Add new instance')),
    instances.length
      ? el('ul', { class: 'instances' }, instances.map((i) => el('li', null, instanceCard(connector, i, data, ctx, refresh))))
      : el('p', { class: 'empty' }, 'No instances yet.'));
}

/** The card's rate limit: its own (and who shares it), or the one it shares. */
function rateLimitText(instance, siblings) {
  if (instance.sharedLimitOf) {
    const owner = siblings.find((i) => i.id === instance.sharedLimitOf);
    return owner ? `${formatRateLimit(owner.rateLimit)}, shared with ${owner.name}` : 'Shared with another instance';
  }
  const sharing = siblings.filter((i) => i.sharedLimitOf === instance.id).map((i) => i.name);
  return sharing.length ? `${formatRateLimit(instance.rateLimit)}, shared with ${sharing.join(', ')}` : formatRateLimit(instance.rateLimit);
}

function instanceCard(connector, instance, data, ctx, refresh) {
  const method = (connector.authMethods || []).find((m) => m.id === instance.authMethodId);
  const pool = instance.poolId ? data.pools.find((p) => p.id === instance.poolId) : null;
  const titleId = instanceHeadingId(instance.id);
  const connection = instanceConnection(connector, instance, method, titleId);
  const usage = usageFacts(instance, method);
  const row = (label, ...value) => [el('dt', null, label), el('dd', null, ...value)];
  queueMicrotask(usage.start); // once the card is in the document

  return el('article', { class: 'instance', 'aria-labelledby': titleId, dataset: { instanceId: instance.id } },
    el('h4', { id: titleId, class: 'instance-name', tabindex: '-1' }, instance.name),
    el('dl', { class: 'instance-facts' },
      row('Authentication', method ? method.name : instance.authMethodId),
      instance.certificate ? row('Certificate', formatCertificate(instance.certificate)) : null,
      row('Time zone', instance.timeZone),
      row('Date format', el('code', null, instance.dateFormat)),
      row('Rate limit', rateLimitText(instance, data.instances.get(connector.id) || [])),
      row('Pool', pool ? pool.name : (instance.poolId || 'None')),
      row('Created', el('time', { datetime: isoInstant(instance.createdAt) }, formatInstant(instance.createdAt))),
      row('Last connection test', connection.lastTest),
      usage.row),
    el('div', { class: 'instance-actions' },
      el('button', {
        type: 'button', class: 'settings-button', 'aria-describedby': titleId,
        on: { click: () => openInstanceSettings({ module: ctx.module, connector, instance, pools: data.pools, onSaved: refresh }) },
      }, 'Settings'),
      connection.buttons,
      el('button', {
        type: 'button', class: 'danger', 'aria-describedby': titleId,
        on: { click: () => confirmDelete(connector, instance, refresh) },
      }, 'Delete')));
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
      announce(`${instance.name} was deleted.`);
      // closed meanwhile: the page went elsewhere, and the manage page is not shown
      if (!dialog.dialog.open) return;
      dialog.close();
      refresh();
    } catch (e) {
      error.textContent = `Could not delete: ${e.message}`;
      error.hidden = false;
      submit.disabled = false;
    }
  });
  input.focus();
}
