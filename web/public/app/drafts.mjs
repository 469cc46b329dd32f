// Wizard drafts in the browser's localStorage, one per connector. What is stored is the
// module's own draft (wizard.save() without secrets), plus when it was saved and the
// name typed so far (to tell drafts apart when offering them). Storage can be missing or
// full (private windows, quotas): then drafts are simply not kept.
const PREFIX = 'connector-instances.draft.';

function storage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Stores the draft of `connectorId`. Returns whether it was stored. */
export function saveDraft(connectorId, draft, { name = '' } = {}) {
  const s = storage();
  if (!s) return false;
  try {
    s.setItem(PREFIX + connectorId, JSON.stringify({ savedAt: Date.now(), name, draft }));
    return true;
  } catch {
    return false;
  }
}

/** {savedAt, name, draft} or null. */
export function loadDraft(connectorId) {
  const s = storage();
  if (!s) return null;
  try {
    const entry = JSON.parse(s.getItem(PREFIX + connectorId) || 'null');
    return entry && typeof entry === 'object' && entry.draft ? entry : null;
  } catch {
    return null;
  }
}

export function removeDraft(connectorId) {
  const s = storage();
  if (!s) return;
  try { s.removeItem(PREFIX + connectorId); } catch { /* nothing to do */ }
}

/** Every stored draft: [{connectorId, savedAt, name}]. */
export function listDrafts() {
  const s = storage();
  if (!s) return [];
  const out = [];
  for (let i = 0; i < s.length; i += 1) {
    const key = s.key(i);
    if (!key || !key.startsWith(PREFIX)) continue;
    const connectorId = key.slice(PREFIX.length);
    const entry = loadDraft(connectorId);
    if (entry) out.push({ connectorId, savedAt: entry.savedAt, name: entry.name || '' });
  }
  return out.sort((a, b) => b.savedAt - a.savedAt);
}
