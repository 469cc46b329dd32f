// A form of field widgets, as the wizard and the settings dialog show one: it builds each
// field's widget from the module's field description (fields.mjs and the special widgets),
// keeps the widgets by field path, lays them out (the rate limit's amount and unit side by
// side, advanced fields folded), puts errors on their fields and shows the summary of a
// refused form. The owner holds the values and asks the module what is valid; this only
// shows what it is given.
import { el, announce, replaceChildren, fieldId } from './dom.mjs';
import { renderField } from './fields.mjs';
import { timeZoneWidget } from './tz-picker.mjs';
import { dateFormatWidget } from './date-format-field.mjs';
import { certificateWidget } from './certificate-field.mjs';

/** Fields shown as radio buttons (all choices at once) rather than a select. */
const RADIO_KEYS = ['authMethodId'];

/** A field's widget to show again when another field changes (what it displays depends on it). */
const DEPENDENTS = { timeZone: 'dateFormat', 'certificate.passphrase': 'certificate' };

const problems = (n) => (n === 1 ? 'There is 1 problem' : `There are ${n} problems`);

/**
 * @param {object} o
 * @param {object} o.svc  the module's services (module-services.mjs)
 * @param {object} o.context  {definition, pools, existingNames}
 * @param {string} o.idPrefix  prefix of the element ids (two forms may be on one page)
 * @param {() => object[]} o.fields  the fields shown now (view-model fields with value and error)
 * @param {() => string|null} o.passphrase  the certificate passphrase entered (the module never shows secrets)
 * @param {(key: string, value: unknown) => boolean} o.set  a value was entered; answers whether it was taken
 * @param {(key: string) => void} o.leave  focus left the field: the owner may show its errors now
 * @param {string} o.controls  selector of the owner's own buttons: focus going there does not
 *   count as leaving a field (the button acts; a message appearing under the pointer would
 *   move the button away from the click)
 * @param {string} [o.summaryTitleId]  id of the summary's heading, which then labels it
 * @param {(root: HTMLElement) => void} [o.reveal]  makes a placed field visible (a tab panel)
 */
export function createFormView(o) {
  const handles = new Map();
  const fieldOf = (key) => o.fields().find((f) => f.key === key);

  const host = {
    idPrefix: o.idPrefix,
    mask: o.svc.mask,
    radio: RADIO_KEYS,
    widgets: {
      timezone: timeZoneWidget(() => o.svc.zonesNow()),
      date_format: dateFormatWidget((zone, pattern) => o.svc.previewFormat(zone, pattern), () => fieldOf('timeZone')?.value ?? null),
      certificate: certificateWidget((data) => o.svc.certificateInfo(o.context, data, o.passphrase())),
    },
    set(key, value) {
      if (o.set(key, value) && DEPENDENTS[key]) handles.get(DEPENDENTS[key])?.refresh?.();
    },
    leave(key, to) {
      if (to && to.closest && to.closest(o.controls)) return;
      o.leave(key);
    },
  };

  // a group, so that its name from the heading counts (ARIA 1.2 prohibits naming a plain div)
  const summary = el('div', { class: 'error-summary', role: 'group', tabindex: '-1', hidden: true, 'aria-labelledby': o.summaryTitleId });

  const place = (field) => {
    const handle = renderField(field, host);
    handles.set(field.key, handle);
    return handle.root;
  };

  const focus = (key) => {
    const handle = handles.get(key);
    if (!handle) return;
    if (o.reveal) o.reveal(handle.root);
    const details = handle.root.closest('details');
    if (details) details.open = true;
    handle.focus();
  };

  /** The summary's list from `errors` (hidden when there are none left). */
  const fillSummary = (errors) => {
    const shown = new Set(o.fields().map((f) => f.key));
    const items = errors.map((e) => {
      const label = fieldOf(e.field)?.label;
      const text = label ? `${label}: ${e.message}` : e.message;
      if (!shown.has(e.field) || !handles.has(e.field)) return el('li', null, text);
      const link = el('a', { href: `#${fieldId(e.field, o.idPrefix)}` }, text);
      link.addEventListener('click', (event) => { event.preventDefault(); focus(e.field); });
      return el('li', null, link);
    });
    replaceChildren(summary,
      // h3: the summary comes first under the view's h2 (the wizard's title, the dialog's)
      el('h3', { id: o.summaryTitleId }, `${problems(errors.length)} to fix`),
      el('ul', null, items));
    summary.hidden = errors.length === 0;
  };

  return {
    /** The error summary's box, for the owner to place at the top of its form. */
    summary,

    /**
     * Places `fields` (new widgets) and answers the nodes to show: the main fields in
     * order, the rate limit's amount and unit in one row, advanced fields in a fold that is
     * open when one of them shows an error.
     */
    layout(fields) {
      const main = [];
      const advanced = [];
      let rateRow = null;
      for (const field of fields) {
        const root = place(field);
        if (field.key.startsWith('rateLimit.') && !field.advanced) {
          if (!rateRow) main.push(rateRow = el('div', { class: 'field-row' }));
          rateRow.append(root);
        } else (field.advanced ? advanced : main).push(root);
      }
      const hasAdvancedError = fields.some((f) => f.advanced && f.error);
      return [...main, advanced.length ? el('details', { class: 'advanced', open: hasAdvancedError },
        el('summary', null, `Advanced settings (${advanced.length})`), advanced) : null];
    },

    /** Forgets every placed widget (their nodes are about to go). */
    clear() {
      handles.clear();
    },

    /** Forgets the placed widgets of the fields `drop(key)` is true for. */
    drop(drop) {
      for (const key of [...handles.keys()]) if (drop(key)) handles.delete(key);
    },

    /** Whether the field `key` is shown and placed. */
    placed(key) {
      return Boolean(fieldOf(key)) && handles.has(key);
    },

    /** Shows every field as it is now; a shown summary follows the fixes (`errors`: what is left). */
    update(errors) {
      for (const f of o.fields()) handles.get(f.key)?.update(f);
      if (!summary.hidden) fillSummary(errors);
    },

    /** Puts `error` (or none) on the field `key`, announcing it when asked. */
    showError(key, error, { announce: say = false } = {}) {
      const field = fieldOf(key);
      const handle = handles.get(key);
      if (!field || !handle) return;
      handle.update({ ...field, error });
      if (say && error) announce(`${field.label}: ${error.message}`);
    },

    /** The summary of a refused form: listed, announced, and focus on the first field with an error. */
    showErrors(errors) {
      fillSummary(errors);
      announce(`${problems(errors.length)}: ${errors.map((e) => e.message).join(' ')}`, { assertive: true });
      const first = errors.find((e) => fieldOf(e.field) && handles.has(e.field));
      if (first) focus(first.field);
      else summary.focus();
    },

    hideSummary() {
      summary.hidden = true;
    },

    /**
     * Keeps the focus in the field being edited while a mouse button presses one of the
     * owner's controls inside `container`: the field is left when the control acts (the
     * control sends what was typed first), so nothing that leaving the field changes (an
     * error appearing or going, a test result cleared) moves the control between the press
     * and the release, which would lose the click.
     */
    guardControls(container) {
      container.addEventListener('mousedown', (event) => {
        if (event.button !== 0 || !event.target.closest?.(o.controls)) return;
        const active = document.activeElement;
        if ([...handles.values()].some((h) => h.root.contains(active))) event.preventDefault();
      });
    },

    /** Sends what was typed and not sent yet, in every field. */
    flush() {
      for (const handle of handles.values()) handle.flush();
    },

    focus,
  };
}
