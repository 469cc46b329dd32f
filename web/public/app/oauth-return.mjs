// The way back from "Connect" (OAuth 2 authorisation code): before the browser leaves for
// the provider, what started it is kept in this tab's sessionStorage (never localStorage),
// keyed by the flow id; when the provider sends the browser back to /#oauth=<flowId>, the
// entry is read once and removed.
//  - from the wizard: the wizard WITH its secrets (the create that follows must carry the
//    same credentials for the backend to attach the tokens it holds for this flow);
//  - from a saved instance's card: only its connector and id (the backend stored the
//    tokens on the instance itself).
const KEY = (flowId) => `cis-oauth:${flowId}`;

/** Keeps {connectorId, draft} or {connectorId, instanceId} for the return of the flow `flowId`. */
export function keepForOAuth(flowId, entry) {
  sessionStorage.setItem(KEY(flowId), JSON.stringify(entry));
}

/**
 * Where the flow `flowId` was started: {connectorId, instanceId?} (instanceId for a saved
 * instance), or null (unknown here: another tab, expired). The entry stays until taken.
 */
export function oauthOrigin(flowId) {
  try {
    const entry = JSON.parse(sessionStorage.getItem(KEY(flowId)) || 'null');
    if (!entry || typeof entry.connectorId !== 'string') return null;
    return typeof entry.instanceId === 'string'
      ? { connectorId: entry.connectorId, instanceId: entry.instanceId }
      : { connectorId: entry.connectorId };
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
