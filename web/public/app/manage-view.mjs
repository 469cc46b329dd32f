// The manage page: every connector of the catalog with its instances, found with a search
// box and a filter by the last connection test; per connector its documentation link, an
// "add new instance" button (opens the wizard), the instance count and the tests' outcome;
// per instance a status badge, its settings, its connection (connection-panel.mjs: a
// connection test, "Connect" for OAuth 2 authorisation code), its use through the request
// gateway (usage-panel.mjs) and deletion (after typing "confirm", in any case). On phones an
// instance shows its name, badge and method, with the other facts folded.
import { el, announce, replaceChildren } from './dom.mjs';
import { api } from './api.mjs';
import { openDialog } from './dialog.mjs';
import { formatInstant, isoInstant, formatRateLimit, formatCertificate } from './display.mjs';
import { listDrafts, removeDraft } from './drafts.mjs';
import { openInstanceSettings } from './instance-settings.mjs';
import { instanceConnection, announceConnectOutcome, hasConnectionTest } from './connection-panel.mjs';
import { showConfirmation } from './confirmation.mjs';
import { connectorHelpLink } from './help-link.mjs';
import { usageFacts } from './usage-panel.mjs';

const CONFIRM_WORD = 'confirm';
/** Phones: an instance's facts folded under its name (the stylesheet's compact list). */
const COMPACT = '(max-width: 30rem)';

/** What the last connection test of an instance says, for its badge and the filter. */
const STATUSES = {
  ok: 'Last test passed',
  failed: 'Last test failed',
  untested: 'Not tested yet',
  none: 'No test available',
};

/** The search box's text and the status filter: kept while the page is drawn again. */
const filter = { query: '', status: 'all' };

function statusOf(instance, method) {
  const status = instance.connection?.status;
  if (status === 'ok' || status === 'failed') return status;
  return hasConnectionTest(method) ? 'untested' : 'none';
}

/**
 * @param {HTMLElement} root
 * @param {{module: object, focusHeading?: boolean, focusConnector?: string, oauthFlowId?: string}} ctx
 */
/**
 * @param {HTMLElement} root
 * @param {{module: object, focusHeading?: boolean, focusConnector?: string, focusInstance?: string,
 *   confirmation?: string, oauthFlowId?: string}} ctx  `confirmation`: what the user just did, shown
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
  if (!root.isConnected) return; // the user went elsewhere while it loaded
  /** Draws the page again with fresh data; `more`: what to focus and confirm. */
  const again = (more) => renderManage(root, { module: ctx.module, ...more });
  const items = data.connectors.map((c) => connectorItem(c, data, ctx, again));
  const finder = finderOf(items, data);
  const view = el('section', { class: 'manage', 'aria-labelledby': 'manage-title' },
    el('div', { class: 'view-header' },
      el('h2', { id: 'manage-title', tabindex: '-1' }, 'Connectors'),
      el('a', { class: 'button', href: '#/pools', id: 'pools-link' }, `Connection pools (${data.pools.length})`)),
    draftsNotice(data.connectors),
    finder.root,
    el('ul', { class: 'connectors' }, items.map((item) => item.root)),
    finder.empty);
  root.replaceChildren(view);
  finder.apply({ announce: false });
  if (ctx.confirmation) showConfirmation(view, ctx.confirmation);
  const instanceHeading = ctx.focusInstance ? document.getElementById(instanceHeadingId(ctx.focusInstance)) : null;
  if (instanceHeading) {
    finder.reveal(instanceHeading);
    instanceHeading.focus();
    instanceHeading.scrollIntoView({ block: 'center' });
  } else if (ctx.focusConnector && document.getElementById(connectorHeadingId(ctx.focusConnector))) {
    const heading = document.getElementById(connectorHeadingId(ctx.focusConnector));
    finder.reveal(heading);
    heading.focus();
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

/**
 * The search box and the status filter over `items` (connectorItem), with the line that
 * says how many are shown and the message when nothing matches.
 */
function finderOf(items, data) {
  const total = items.reduce((n, item) => n + item.instances.length, 0);
  const search = el('input', {
    id: 'find', type: 'search', autocomplete: 'off', spellcheck: 'false', value: filter.query,
    'aria-describedby': 'find-help find-count',
  });
  const select = el('select', { id: 'find-status' },
    el('option', { value: 'all', selected: filter.status === 'all' }, 'All instances'),
    Object.entries(STATUSES).map(([value, label]) => el('option', { value, selected: filter.status === value }, label)));
  const count = el('p', { class: 'find-count meta', id: 'find-count' });
  const empty = el('p', { class: 'empty find-empty', hidden: true }, 'No connector or instance matches. ',
    el('button', { type: 'button', class: 'link-button', on: { click: () => { clear(); search.focus(); } } }, 'Show all'));
  let timer = null;

  const apply = ({ announce: say = true } = {}) => {
    const query = filter.query.trim().toLocaleLowerCase();
    let connectors = 0;
    let instances = 0;
    for (const item of items) {
      const connectorMatches = !query || item.text.includes(query);
      let shown = 0;
      for (const i of item.instances) {
        const visible = (connectorMatches || i.text.includes(query)) && (filter.status === 'all' || i.status === filter.status);
        i.root.hidden = !visible;
        if (visible) shown += 1;
      }
      const visible = shown > 0 || (connectorMatches && filter.status === 'all');
      item.root.hidden = !visible;
      item.filtered.hidden = !(visible && shown < item.instances.length);
      item.filtered.textContent = `${shown} of ${item.instances.length} shown`;
      if (visible) { connectors += 1; instances += shown; }
    }
    const filtered = Boolean(query) || filter.status !== 'all';
    const text = filtered
      ? `Showing ${connectors} of ${items.length} connectors and ${instances} of ${total} instances.`
      : `${items.length} connectors, ${total} instances.`;
    count.textContent = text;
    empty.hidden = connectors > 0;
    if (say) {
      clearTimeout(timer);
      // once typing pauses: a screen reader hears the count, not every keystroke's
      timer = setTimeout(() => announce(connectors ? text : 'No connector or instance matches.'), 500);
    }
  };
  const clear = () => {
    filter.query = '';
    filter.status = 'all';
    search.value = '';
    select.value = 'all';
    apply();
  };
  search.addEventListener('input', () => { filter.query = search.value; apply(); });
  select.addEventListener('change', () => { filter.status = select.value; apply(); });

  const root = el('div', { class: 'finder', role: 'search' },
    el('div', { class: 'finder-row' },
      el('div', { class: 'field finder-query' },
        el('label', { for: 'find' }, 'Find a connector or instance'),
        el('p', { class: 'help', id: 'find-help' }, 'Part of a name, or a system type such as erp or crm.'),
        search),
      el('div', { class: 'field finder-status' },
        el('label', { for: 'find-status' }, 'Show'),
        select)),
    count);
  return {
    root, empty, apply,
    /** Clears the filter when it hides `node` (an instance or connector to focus). */
    reveal(node) {
      if (node.closest('[hidden]')) clear();
    },
  };
}

async function loadAll() {
  const [list, pools] = await Promise.all([api.connectors(), api.pools()]);
  // the full definitions: the list's summaries leave out what a card needs of a method
  // (whether it has a connection test)
  const connectors = await Promise.all(list.map((c) => api.connector(c.id)));
  const instances = await api.instancesOf(connectors.map((c) => c.id));
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

/** A connector's list item with what the finder matches: {root, text, filtered, instances: [{root, text, status}]}. */
function connectorItem(connector, data, ctx, again) {
  const instances = data.instances.get(connector.id) || [];
  const headingId = connectorHeadingId(connector.id);
  const methodOf = (i) => (connector.authMethods || []).find((m) => m.id === i.authMethodId);
  const entries = instances.map((i) => {
    const status = statusOf(i, methodOf(i));
    return { instance: i, status, text: i.name.toLocaleLowerCase() };
  });
  const counts = Object.keys(STATUSES).map((key) => [key, entries.filter((e) => e.status === key).length]).filter(([, n]) => n);
  const filtered = el('span', { class: 'meta find-shown', hidden: true });
  const compact = window.matchMedia(COMPACT).matches;
  for (const entry of entries) {
    entry.root = el('li', null, instanceCard(connector, entry.instance, entry.status, data, { ...ctx, compact }, again));
  }
  const root = el('li', null, el('section', { class: 'connector card', 'aria-labelledby': headingId },
    el('div', { class: 'connector-header' },
      el('div', { class: 'connector-title' },
        el('h3', { id: headingId, tabindex: '-1' }, connector.name),
        el('p', { class: 'meta' },
          `${instances.length === 1 ? '1 instance' : `${instances.length} instances`} · ${connector.systemType} · version ${connector.version}`),
        counts.length ? el('ul', { class: 'status-counts', 'aria-label': `Last connection tests of ${connector.name}` },
          counts.map(([key, n]) => el('li', { class: ['badge', `badge-${key}`] }, `${n} ${STATUSES[key].toLocaleLowerCase()}`))) : null,
        connectorHelpLink(connector)),
      el('a', {
        class: 'button primary', href: `#/add/${encodeURIComponent(connector.id)}`,
        // the name begins with the visible text (speech users say what they see)
        'aria-label': `Add new instance for ${connector.name}`, dataset: { connector: connector.id },
      }, 'Add new instance')),
    filtered,
    instances.length
      ? el('ul', { class: 'instances' }, entries.map((e) => e.root))
      : el('p', { class: 'empty' }, 'No instances yet.')));
  const text = [connector.name, connector.id, connector.systemType, connector.protocol].join(' ').toLocaleLowerCase();
  return { root, text, filtered, instances: entries };
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

function instanceCard(connector, instance, status, data, ctx, again) {
  const method = (connector.authMethods || []).find((m) => m.id === instance.authMethodId);
  const pool = instance.poolId ? data.pools.find((p) => p.id === instance.poolId) : null;
  const titleId = instanceHeadingId(instance.id);
  const badge = el('span', { class: ['badge', `badge-${status}`], dataset: { status } }, STATUSES[status]);
  const connection = instanceConnection(connector, instance, method, titleId, {
    onRecorded: (recorded) => {
      const now = statusOf({ ...instance, connection: recorded }, method);
      badge.className = `badge badge-${now}`;
      badge.dataset.status = now;
      badge.textContent = STATUSES[now];
    },
  });
  const usage = usageFacts(instance, method);
  const row = (label, ...value) => [el('dt', null, label), el('dd', null, ...value)];
  queueMicrotask(usage.start); // once the card is in the document
  const focusHere = (more) => again({ focusInstance: instance.id, ...more });

  const facts = el('dl', { class: 'instance-facts' },
    instance.certificate ? row('Certificate', formatCertificate(instance.certificate)) : null,
    row('Time zone', instance.timeZone),
    row('Date format', el('code', null, instance.dateFormat)),
    row('Rate limit', rateLimitText(instance, data.instances.get(connector.id) || [])),
    row('Pool', pool ? el('a', { href: '#/pools' }, pool.name) : (instance.poolId || 'None')),
    row('Created', el('time', { datetime: isoInstant(instance.createdAt) }, formatInstant(instance.createdAt))),
    row('Last connection test', connection.lastTest),
    usage.row);
  return el('article', { class: 'instance', 'aria-labelledby': titleId, dataset: { instanceId: instance.id } },
    el('div', { class: 'instance-header' },
      el('h4', { id: titleId, class: 'instance-name', tabindex: '-1' }, instance.name),
      badge),
    el('p', { class: 'instance-method meta' }, method ? method.name : instance.authMethodId),
    // phones: the facts folded under the name, badge and method
    ctx.compact ? el('details', { class: 'instance-more' }, el('summary', null, 'Details'), facts) : facts,
    el('div', { class: 'instance-actions' },
      el('button', {
        type: 'button', class: 'settings-button', 'aria-describedby': titleId,
        on: {
          click: () => openInstanceSettings({
            module: ctx.module, connector, instance, pools: data.pools,
            onSaved: (saved) => focusHere({ confirmation: `Saved “${saved.name}”.` }),
            onTested: () => focusHere(),
          }),
        },
      }, 'Settings'),
      connection.buttons,
      el('button', {
        type: 'button', class: 'danger', 'aria-describedby': titleId,
        on: { click: () => confirmDelete(connector, instance, () => again({ focusConnector: connector.id, confirmation: `Deleted “${instance.name}”.` })) },
      }, 'Delete')));
}

/** Whether `text` is the confirmation word, in any case and with spaces around. */
const confirms = (text) => text.trim().toLocaleLowerCase() === CONFIRM_WORD;

function confirmDelete(connector, instance, onDeleted) {
  const input = el('input', { id: 'confirm-delete', type: 'text', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'confirm-delete-help confirm-delete-error' });
  const error = el('p', { class: 'field-error', id: 'confirm-delete-error', hidden: true });
  const submit = el('button', { type: 'submit', class: 'danger', disabled: true }, 'Delete instance');
  input.addEventListener('input', () => { submit.disabled = !confirms(input.value); });
  const form = el('form', { class: 'confirm-delete', novalidate: true },
    el('p', null, 'This deletes ', el('strong', null, instance.name), ` (${connector.name}) and its stored credentials. It cannot be undone.`),
    el('div', { class: 'field' },
      el('label', { for: 'confirm-delete' }, 'Type ', el('kbd', null, CONFIRM_WORD), ' to delete'),
      el('p', { class: 'help', id: 'confirm-delete-help' }, `The word ${CONFIRM_WORD}, in any case. This protects against deleting by accident.`),
      input, error),
    el('div', { class: 'actions' },
      el('button', { type: 'button', on: { click: () => dialog.close() } }, 'Cancel'),
      submit));
  const dialog = openDialog({ title: `Delete ${instance.name}?`, content: [form], className: 'dialog-narrow' });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!confirms(input.value)) return;
    submit.disabled = true;
    try {
      await api.deleteInstance(connector.id, instance.id);
      announce(`${instance.name} was deleted.`);
      // closed meanwhile: the page went elsewhere, and the manage page is not shown
      if (!dialog.dialog.open) return;
      dialog.close();
      onDeleted();
    } catch (e) {
      error.textContent = `Could not delete: ${e.message}`;
      error.hidden = false;
      submit.disabled = false;
    }
  });
  input.focus();
}
