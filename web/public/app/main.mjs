// The page's entry: loads the WebAssembly package, checks the session, then shows the
// manage page (#/, #/?instance=<id> with that instance in focus), the add-instance wizard
// (#/add/<connectorId>) or the connection pools (#/pools; #/pools?new=1&for=<connectorId>
// opens the new pool form for that connector's wizard).
import { el, replaceChildren, announce } from './dom.mjs';
import { api, whenUnauthenticated } from './api.mjs';
import { renderLogin } from './login-view.mjs';
import { renderManage } from './manage-view.mjs';
import { renderWizard } from './wizard-view.mjs';
import { renderPools } from './pools-view.mjs';
import { oauthOrigin } from './oauth-return.mjs';

const main = document.getElementById('main');
const userBox = document.getElementById('app-user');
let module = null;
let leaveCurrent = null;  // the current view's clean-up (the wizard saves its draft)
let signedIn = false;
// Views load their data before they draw, and a later navigation may finish first. Each
// navigation draws into a container of its own: one that was left draws into a detached
// container and never over the view navigated to.
let shownSlot = null;

/** A new container for the view of a navigation, in place of the one shown. */
function newSlot() {
  shownSlot = el('div', { class: 'view' });
  main.replaceChildren(shownSlot);
  return shownSlot;
}

function route() {
  const hash = location.hash || '#/';
  const [path, query = ''] = hash.slice(1).split('?');
  const params = new URLSearchParams(query);
  const oauth = /^oauth=([A-Za-z0-9-]+)$/.exec(path);
  if (oauth) {
    const origin = oauthOrigin(oauth[1]);
    if (origin && origin.instanceId) {
      // back from "Connect" on a saved instance's card: the manage page, with the outcome
      history.replaceState(null, '', '#/');
      return { view: 'manage', oauthFlowId: oauth[1], focusConnector: origin.connectorId };
    }
    // back from "Connect" in the wizard: the wizard that started it, at the URL of that wizard
    if (origin) {
      history.replaceState(null, '', `#/add/${encodeURIComponent(origin.connectorId)}`);
      return { view: 'wizard', connectorId: origin.connectorId, resume: false, oauthFlowId: oauth[1] };
    }
    history.replaceState(null, '', '#/');
    return { view: 'manage', notice: 'The authorisation finished, but the wizard that started it is not open in this tab. Start it again.' };
  }
  const add = /^\/add\/([^/]+)$/.exec(path);
  if (add) return { view: 'wizard', connectorId: decodeURIComponent(add[1]), resume: params.get('resume') === '1' };
  if (path === '/pools') return { view: 'pools', create: params.get('new') === '1', forConnector: params.get('for') };
  return { view: 'manage', focusInstance: params.get('instance') };
}

async function show({ focus = true } = {}) {
  if (leaveCurrent) {
    const leave = leaveCurrent;
    leaveCurrent = null;
    leave();
  }
  const r = route();
  const slot = newSlot();
  if (r.view === 'wizard') {
    document.title = 'Add instance · Connector instances';
    const leave = await renderWizard(slot, {
      module, connectorId: r.connectorId, resume: r.resume, oauthFlowId: r.oauthFlowId,
      // `created`: the new instance, shown in focus with a visible confirmation
      done: (connectorId, created = null) => { pendingFocus = { connectorId, created }; location.hash = '#/'; },
    });
    // left while it loaded: it lets go of the window's events at once
    if (slot === shownSlot) leaveCurrent = leave;
    else leave();
  } else if (r.view === 'pools') {
    document.title = 'Connection pools · Connector instances';
    await renderPools(slot, { module, focusHeading: focus, create: r.create, forConnector: r.forConnector });
  } else {
    document.title = 'Connector instances';
    const after = pendingFocus;
    pendingFocus = null;
    await renderManage(slot, {
      module, focusHeading: focus, focusConnector: after?.connectorId ?? r.focusConnector,
      focusInstance: after?.created?.id ?? r.focusInstance,
      confirmation: after?.created ? `Instance “${after.created.name}” created.` : null,
      oauthFlowId: r.oauthFlowId,
    });
    if (r.notice && slot === shownSlot) announce(r.notice, { assertive: true });
  }
}
let pendingFocus = null;

function showSignedIn(session) {
  signedIn = true;
  replaceChildren(userBox,
    el('span', { class: 'user-name' }, `Signed in as ${session.name}`), ' ',
    el('button', {
      type: 'button', class: 'link-button',
      on: { click: async () => { await api.signOut().catch(() => {}); signIn(); } },
    }, 'Sign out'));
}

function signIn() {
  signedIn = false;
  if (leaveCurrent) { const leave = leaveCurrent; leaveCurrent = null; leave(); }
  userBox.replaceChildren();
  document.title = 'Sign in · Connector instances';
  renderLogin(newSlot(), {
    onSignedIn: (session) => {
      showSignedIn(session);
      announce(`Signed in as ${session.name}.`);
      show();
    },
  });
}

async function boot() {
  // the session is asked while the module loads; its failure is reported after the module's
  const sessionAnswer = api.session().then((value) => ({ value }), (error) => ({ error }));
  try {
    const pkg = await import('/pkg/index.mjs');
    module = await pkg.load();
  } catch (e) {
    replaceChildren(main, el('p', { class: 'error-banner', role: 'alert' },
      `The page could not load its WebAssembly module: ${e.message}`));
    return;
  }
  whenUnauthenticated(() => signIn());
  window.addEventListener('hashchange', () => { if (signedIn) show(); });
  let session;
  try {
    const answer = await sessionAnswer;
    if (answer.error) throw answer.error;
    session = answer.value;
  } catch (e) {
    replaceChildren(main, el('p', { class: 'error-banner', role: 'alert' }, `The server could not be reached: ${e.message}`));
    return;
  }
  if (!session) return signIn();
  showSignedIn(session);
  await show({ focus: false });
}

boot();
