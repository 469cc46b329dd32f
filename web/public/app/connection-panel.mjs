// Testing a connection and "Connect" (OAuth 2 authorisation code: access granted at the
// provider's sign-in page) on the page: the panel under the wizard's credentials (values not
// saved yet) and the controls on a saved instance's card, with the outcome of a Connect
// when the provider sends the browser back. The backend runs the tests and the flows
// (docs/connection-test.md); this shows what it answers.
import { el, announce, replaceChildren } from './dom.mjs';
import { api, ApiError } from './api.mjs';
import { formatInstant, isoInstant } from './display.mjs';
import { keepForOAuth, takeOAuthReturn } from './oauth-return.mjs';

/** Whether access for `method` (an auth method of a definition) is granted at the provider ("Connect"). */
function connectsAtProvider(method) {
  return Boolean(method) && method.type === 'oauth2_authorization_code';
}

/** Whether `method` can be tested: its definition has a check request (docs/connection-test.md). */
export function hasConnectionTest(method) {
  return Boolean(method) && Boolean(method.check);
}

const NO_TEST = 'No connection test available';

let redirectUri = null;  // the server's answer, asked once per page load

/**
 * The callback URL Connect sends to the provider, read-only with a copy button: the value
 * to register at the provider (the backend's own callback; the definition has no input
 * for it).
 */
function callbackUrlBox() {
  const input = el('input', { id: 'callback-url', type: 'text', readonly: true, class: 'callback-url', 'aria-describedby': 'callback-url-help', value: '' });
  const copy = el('button', { type: 'button', class: 'copy-button', 'aria-describedby': 'callback-url-label' }, 'Copy');
  const fill = (uri) => { input.value = uri; };
  if (!redirectUri) redirectUri = api.oauthRedirectUri().then((r) => r.redirectUri);
  redirectUri.then(fill, () => { redirectUri = null; fill('(could not be read from the server)'); });
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(input.value);
      announce('Callback URL copied.');
    } catch {
      // no clipboard permission: the text is selected for the user to copy
      input.focus();
      input.select();
      announce('Copying is not allowed here: the URL is selected, copy it with the keyboard.');
    }
  });
  return el('div', { class: 'callback-url-box' },
    el('label', { for: 'callback-url', id: 'callback-url-label' }, 'Callback URL'),
    el('p', { class: 'help', id: 'callback-url-help' }, 'Register this URL as the callback (redirect) URL of the app at the provider. Connect sends it; it cannot be changed here.'),
    el('div', { class: 'copy-row' }, input, copy));
}

/**
 * Starts Connect with `body`; once the flow is started, `entry()` is kept for the way back
 * (oauth-return.mjs), `leaving()` runs and the browser goes to the provider.
 */
async function goToProvider(body, entry, leaving = () => {}) {
  const started = await api.startOAuth(body);
  keepForOAuth(started.flowId, entry());
  leaving();
  location.assign(started.authorizeUrl);
}

/**
 * The outcome of the Connect flow `flowId`: {granted: false, message} (message: why, or
 * null) or {granted: true, ok, field, message} (the connection test the backend ran after).
 */
async function connectOutcome(flowId) {
  const flow = await api.oauthFlow(flowId);
  if (flow.status !== 'connected') return { granted: false, message: flow.error ? flow.error.message : null };
  const r = flow.result || {};
  return { granted: true, ok: r.status === 'ok', field: r.field, message: r.message };
}

/**
 * Marks `button` busy (or not) without disabling it: a disabled button loses the focus,
 * which then falls to <body>. A busy button's clicks are ignored.
 */
function setButtonBusy(button, busy) {
  if (busy) button.setAttribute('aria-disabled', 'true');
  else button.removeAttribute('aria-disabled');
}
const isBusy = (button) => button.getAttribute('aria-disabled') === 'true';

/** A message for a request that got no result (422 on a field, network...). */
function requestProblem(e) {
  if (e instanceof ApiError && e.errors) return Object.values(e.errors).flat().join(' ');
  return e.message;
}

/**
 * "Test connection" (or "Connect" for an OAuth 2 authorisation code method) for values
 * being entered, with its result line, announced politely. Testing is optional.
 * @param {object} o
 * @param {string} o.connectorId
 * @param {object[]} o.methods  the definition's auth methods
 * @param {() => {authMethodId: string|null, credentials: object, certificate: object|null}} o.entered
 *   what has been entered so far, secrets included
 * @param {object} o.form  the form view (form-view.mjs) showing the values
 * @param {(key: string) => object|null} o.check  the module's first error about the field
 *   `key` now (its messages name the field by its label; the server's name its key)
 * @param {() => boolean} o.idle  whether the owner takes actions now
 * @param {() => object} o.keep  what to keep for the way back from the provider
 * @param {() => void} o.leaving  the browser is about to leave for the provider
 */
export function createConnectionPanel(o) {
  let result = null;  // the last result: {methodId, ok, field, message, lead, about}
  let line = null;    // the result line of the panel shown last

  const valuesKey = () => {
    const { credentials, certificate } = o.entered();
    return JSON.stringify([credentials, certificate]);
  };
  const currentMethod = () => {
    const id = o.entered().authMethodId;
    return o.methods.find((m) => m.id === id) || null;
  };
  /** The auth method, credentials and certificate to test, everything typed sent first. */
  const authentication = () => {
    o.form.flush();
    const { authMethodId, credentials, certificate } = o.entered();
    return { authMethodId, credentials, certificate };
  };

  /** The result line, and the message at the field it concerns; `about` the values it is about. */
  const show = (r) => {
    result = { ...r, about: valuesKey() };
    if (!line) return;
    line.className = `connection-result ${r.ok ? 'ok' : 'failed'}`;
    const text = r.lead ? `${r.lead} ${r.message}` : r.message;
    line.textContent = r.ok ? text : `${text} Fix the values and try again, or continue without a working connection.`;
    if (r.field && !r.ok) o.form.showError(r.field, { field: r.field, code: 'connection', message: r.message });
  };
  /** A new result: shown and announced (politely; the focus stays where it is). */
  const report = (r) => {
    show(r);
    if (line) announce(line.textContent);
  };

  /**
   * What the panel's button does: `request(method, authentication)` with `text` on the
   * result line meanwhile and the button disabled (the request enables it again when the
   * page stays); a request that fails shows as a failed result.
   */
  const attempt = async (button, text, request) => {
    if (!o.idle() || isBusy(button)) return;
    const method = currentMethod();
    const values = authentication();
    // a mouse press leaves the focus in the field being edited (form-view's guardControls)
    button.focus();
    setButtonBusy(button, true);
    line.className = 'connection-result';
    line.textContent = text;
    announce(text);
    try {
      await request(method, values);
    } catch (e) {
      report({ methodId: method.id, ok: false, message: requestProblem(e) });
      setButtonBusy(button, false);
    }
  };

  const test = (button) => attempt(button, 'Testing the connection…', async (method, values) => {
    const r = await api.testConnection(o.connectorId, values);
    // a failure at a field the module finds wrong too (empty, malformed): the module's message
    const known = r.status !== 'ok' && r.field ? o.check(r.field) : null;
    report({
      methodId: method.id, ok: r.status === 'ok', field: r.field, message: known ? known.message : r.message,
      lead: r.status === 'ok' ? 'Connection test passed.' : 'Connection test failed:',
    });
    setButtonBusy(button, false);
  });

  const connect = (button) => attempt(button, 'Starting the authorisation…',
    (method, values) => goToProvider({ connectorId: o.connectorId, ...values }, o.keep, o.leaving));

  return {
    /** The panel for the auth method entered (null when none is chosen). */
    render() {
      const method = currentMethod();
      if (!method) return null;
      const oauth = connectsAtProvider(method);
      if (!oauth && !hasConnectionTest(method)) {
        line = null;
        return el('div', { class: 'connection-test' },
          el('p', { class: 'connection-result' }, `${NO_TEST}: this authentication method defines no connection test. You can save without testing.`));
      }
      const button = el('button', { type: 'button', class: 'connection-button', 'aria-describedby': 'connection-result' },
        oauth ? 'Connect' : 'Test connection');
      // announced through the page's live region when a result comes (report)
      line = el('p', { class: 'connection-result', id: 'connection-result' });
      button.addEventListener('click', () => (oauth ? connect(button) : test(button)));
      if (result && result.methodId === method.id) show(result);
      return el('div', { class: 'connection-test' },
        oauth ? callbackUrlBox() : null,
        el('p', { class: 'help' }, oauth
          ? 'Connect opens the provider\'s sign-in page; you come back here when access is granted.'
          : 'Checks these values against the system now. You can also save without testing.'),
        button, line);
    },

    /**
     * The value of `key` was set: a result about other credentials goes. Answers the field
     * whose message from that result goes with it (null when none).
     */
    changed(key) {
      if (!result || !(key.startsWith('credentials.') || key.startsWith('certificate'))) return null;
      if (valuesKey() === result.about) return null;
      const field = result.ok ? null : result.field || null;
      result = null;
      if (line) { line.textContent = ''; line.className = 'connection-result'; }
      return field;
    },

    /** After the provider sent the browser back: the outcome of the flow. */
    async showOAuthOutcome(flowId) {
      const method = currentMethod();
      const methodId = method && method.id;
      let outcome;
      try {
        outcome = await connectOutcome(flowId);
      } catch (e) {
        report({ methodId, ok: false, message: requestProblem(e) });
        return;
      }
      if (outcome.granted) {
        report({
          methodId, ok: outcome.ok, field: outcome.field, message: outcome.message,
          lead: outcome.ok ? 'Access granted.' : 'Access granted, but the connection test failed:',
        });
      } else {
        report({ methodId, ok: false, message: outcome.message ?? 'The authorisation is not complete.' });
      }
    },
  };
}

/**
 * A saved instance's last connection test (`connection`: untested, ok or failed with its
 * message and time) into `node`; `note` is shown when a test ran but recorded nothing.
 */
function showLastTest(node, connection, note = null, { testable = true } = {}) {
  const c = connection || { status: 'untested' };
  node.classList.remove('test-passed', 'test-failed');
  if (c.status === 'ok' || c.status === 'failed') node.classList.add(c.status === 'ok' ? 'test-passed' : 'test-failed');
  const when = c.testedAt ? [' (', el('time', { datetime: isoInstant(c.testedAt) }, formatInstant(c.testedAt)), ')'] : [];
  const head = c.status === 'ok' ? 'Passed' : c.status === 'failed' ? 'Failed' : testable ? 'Not tested yet' : NO_TEST;
  replaceChildren(node, el('span', { class: 'test-status' }, head), ...when,
    c.status === 'failed' && c.message ? el('span', { class: 'test-message' }, c.message) : null,
    note ? el('span', { class: 'test-message' }, note) : null);
}

/**
 * The connection of a saved instance, for its card: the line of its last test, "Test
 * connection" and, for a method that connects at the provider, "Connect" (access granted
 * again: revoked or expired; the backend stores the new tokens on the instance and tests
 * it before sending the browser back).
 * @param {string} describedBy  id of the instance's heading (the buttons' description)
 * @param {{onRecorded?: (connection: object) => void}} [options]  called with what a test
 *   recorded on the instance
 * @returns {{lastTest: HTMLElement, buttons: Array<HTMLElement|null>}}
 */
export function instanceConnection(connector, instance, method, describedBy, { onRecorded } = {}) {
  const lastTest = el('span', { class: 'test-result' });
  // a method without a check request has no "Test connection" (Connect still tests after)
  const testable = hasConnectionTest(method);
  showLastTest(lastTest, instance.connection, null, { testable });

  const testButton = testable ? el('button', { type: 'button', 'aria-describedby': describedBy }, 'Test connection') : null;
  testButton?.addEventListener('click', async () => {
    if (isBusy(testButton)) return;
    setButtonBusy(testButton, true);
    try {
      const result = await api.testInstance(connector.id, instance.id);
      // what the instance now records (a method without a check request records nothing:
      // the definition changed since the page was shown)
      const untestable = result.code === 'not_configured';
      const recorded = untestable ? instance.connection : result;
      showLastTest(lastTest, recorded, untestable ? result.message : null, { testable: !untestable });
      if (!untestable && onRecorded) onRecorded(recorded);
      const said = result.status === 'ok' ? 'Connection test passed.'
        : untestable ? `${NO_TEST}: ${result.message}` : `Connection test failed: ${result.message}`;
      announce(`${instance.name}: ${said}`, { assertive: result.status !== 'ok' && !untestable });
    } catch (e) {
      announce(`Could not test ${instance.name}: ${e.message}`, { assertive: true });
    } finally {
      setButtonBusy(testButton, false);
    }
  });

  const connectButton = connectsAtProvider(method)
    ? el('button', { type: 'button', class: 'connect-button', 'aria-describedby': describedBy }, 'Connect')
    : null;
  connectButton?.addEventListener('click', async () => {
    if (isBusy(connectButton)) return;
    setButtonBusy(connectButton, true);
    try {
      await goToProvider({ connectorId: connector.id, instanceId: instance.id },
        () => ({ connectorId: connector.id, instanceId: instance.id }));
    } catch (e) {
      setButtonBusy(connectButton, false);
      announce(`Could not start the authorisation of ${instance.name}: ${e.message}`, { assertive: true });
    }
  });

  return { lastTest, buttons: [testButton, connectButton] };
}

/**
 * Back from Connect on a saved instance's card: announces what the provider and the test
 * after it said. `instanceOf(connectorId, instanceId)` finds the instance on the page;
 * `focus(instance)` moves focus to it once access was granted.
 */
export async function announceConnectOutcome(flowId, { instanceOf, focus }) {
  const origin = takeOAuthReturn(flowId);
  const instance = origin && instanceOf(origin.connectorId, origin.instanceId);
  const name = instance ? instance.name : 'The instance';
  let outcome;
  try {
    outcome = await connectOutcome(flowId);
  } catch (e) {
    announce(`${name}: the authorisation could not be checked: ${e.message}`, { assertive: true });
    return;
  }
  if (!outcome.granted) {
    announce(`${name}: access was not granted: ${outcome.message ?? 'the authorisation is not complete.'}`, { assertive: true });
    return;
  }
  announce(outcome.ok ? `${name}: access granted. Connection test passed.`
    : `${name}: access granted, but the connection test failed: ${outcome.message}`, { assertive: !outcome.ok });
  if (instance) focus(instance);
}
