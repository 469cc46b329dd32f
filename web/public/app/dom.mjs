// DOM building without HTML parsing: every string becomes a text node or an attribute
// value, never markup, so a user-supplied name such as `<img src=x onerror=...>` shows as
// text. Nothing here sets innerHTML, outerHTML or inline styles (the page runs under a
// Content-Security-Policy without 'unsafe-inline').

/**
 * Creates an element.
 * @param {string} tag
 * @param {object|null} [props]  attributes (strings, numbers, booleans: true -> "",
 *   false/null/undefined -> absent), `class` (string or array), `dataset` (object),
 *   `on` ({event: handler}), and the properties `value`, `checked`, `selected`, `disabled`
 *   set as properties.
 * @param {...(Node|string|number|null|undefined|false|Array)} children  strings become text
 */
export function el(tag, props, ...children) {
  const node = document.createElement(tag);
  if (props) setProps(node, props);
  append(node, children);
  return node;
}

const PROPERTIES = new Set(['value', 'checked', 'selected', 'disabled', 'indeterminate']);

function setProps(node, props) {
  for (const [name, value] of Object.entries(props)) {
    if (name === 'on') {
      for (const [event, handler] of Object.entries(value || {})) node.addEventListener(event, handler);
    } else if (name === 'class') {
      const list = Array.isArray(value) ? value.filter(Boolean) : String(value || '').split(/\s+/).filter(Boolean);
      node.classList.add(...list);
    } else if (name === 'dataset') {
      for (const [k, v] of Object.entries(value || {})) node.dataset[k] = String(v);
    } else if (PROPERTIES.has(name)) {
      node[name] = value;
    } else if (value === true) {
      node.setAttribute(name, '');
    } else if (value !== false && value !== null && value !== undefined) {
      node.setAttribute(name, String(value));
    }
  }
}

/** Appends children (nested arrays flattened; strings and numbers as text nodes). */
export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Removes every child of `node`, then appends `children`. */
export function replaceChildren(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/** Sets or removes attributes on an existing element (same rules as el). */
export function attrs(node, props) {
  setProps(node, props);
  return node;
}

let uid = 0;
/** A document-unique id with a readable prefix. */
export function uniqueId(prefix = 'id') {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** An id safe to derive from a field path ("credentials.api_key" -> "f-credentials-api_key"). */
export function fieldId(key, prefix = 'f') {
  return `${prefix}-${String(key).replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/**
 * Says `message` through the page's polite live region (screen readers read it once).
 * The region is emptied first so that the same message twice is announced twice.
 */
export function announce(message, { assertive = false } = {}) {
  const region = document.getElementById(assertive ? 'alert-region' : 'status-region');
  if (!region) return;
  region.textContent = '';
  // a new text node in a later task is what screen readers pick up reliably
  setTimeout(() => { region.textContent = message; }, 50);
}

/** The first focusable descendant (or the node itself). */
export function focusFirst(root) {
  const target = root.matches?.('input,select,textarea,button,[tabindex]')
    ? root
    : root.querySelector('input:not([type=hidden]):not([disabled]),select:not([disabled]),textarea:not([disabled]),button:not([disabled]),[tabindex="-1"],[tabindex="0"]');
  if (target) target.focus();
  return target;
}
