// The way back from "Connect" (OAuth 2 authorisation code): before the browser leaves for
// the provider, the wizard is saved WITH its secrets in this tab's sessionStorage (never
// localStorage), keyed by the flow id; when the provider sends the browser back to
// /#oauth=<flowId>, the entry is read once and removed. The create that follows must carry
// the same credentials for the backend to attach the tokens it holds for this flow.
const KEY = (flowId) => `cis-oauth:${flowId}`;

/** Keeps {connectorId, draft, values} for the return of the flow `flowId`. */
export function keepForOAuth(flowId, entry) {
  sessionStorage.setItem(KEY(flowId), JSON.stringify(entry));
}

/** The connector the flow `flowId` was started for, or null (unknown here: another tab, expired). */
export function oauthConnector(flowId) {
  try {
    const entry = JSON.parse(sessionStorage.getItem(KEY(flowId)) || 'null');
    return entry && typeof entry.connectorId === 'string' ? entry.connectorId : null;
  } catch {
    return null;
  }
}

/** The kept entry for `flowId`, removed from storage; null when there is none. */
export function takeOAuthReturn(flowId) {
  let entry = null;
  try { entry = JSON.parse(sessionStorage.getItem(KEY(flowId)) || 'null'); } catch { entry = null; }
  sessionStorage.removeItem(KEY(flowId));
  return entry;
}
