// Field renderers driven by a view-model field object (the wizard's shape):
//   {key, label, type, value, hasValue, options: [{value, label}], required, secret,
//    locked, advanced, clearable, help, error: {field, code, message}|null, warning}
// Each renderer returns a handle {key, root, update(field), flush(), focus()}; the page
// never decides whether a value is valid, it only shows what the module says.
//
// host: what the form placing the field (form-view.mjs) gives it:
//   set(key, value)   a value was entered (on change)
//   leave(key, to)    focus left the field (all its controls; `to` is where it went):
//                     the form may show the field's errors now
//   idPrefix          prefix of element ids (two forms may be on one page)
//   mask              the module's mask, the placeholder of a secret that is set
//   widgets           {timezone, date_format, certificate}: renderers of special types
//   radio             keys of the fields shown as radio buttons
import { el, fieldId, append } from './dom.mjs';

/** The parts every field has: wrapper, label, help, error and warning lines. */
export function fieldFrame(field, host, { control, labelFor = true, group = false }) {
  const id = fieldId(field.key, host.idPrefix || 'f');
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const warningId = `${id}-warning`;
  const labelText = [field.label, field.required ? el('span', { class: 'required' }, ' (required)') : null,
    field.locked ? el('span', { class: 'locked-note' }, ' (fixed)') : null];
  const label = group
    ? el('legend', { id: `${id}-label` }, labelText)
    : el('label', { id: `${id}-label`, for: labelFor ? id : null }, labelText);
  const help = field.help ? el('p', { class: 'help', id: helpId }, field.help) : null;
  const error = el('p', { class: 'field-error', id: errorId, hidden: true });
  const warning = el('p', { class: 'field-warning', id: warningId, hidden: true });
  const root = el(group ? 'fieldset' : 'div', {
    class: ['field', `field-${field.type}`, field.advanced ? 'field-advanced' : null],
    dataset: { field: field.key },
  }, label, help, control, error, warning);
  const describedBy = [help ? helpId : null, errorId, warningId].filter(Boolean).join(' ');
  // leaving the field as a whole (not moving between its own controls, like an input and
  // its show/hide button); blur handlers of the controls have sent the value already
  root.addEventListener('focusout', (event) => {
    if (!root.contains(event.relatedTarget)) host.leave(field.key, event.relatedTarget);
  });
  return {
    id, root, label, error, warning, describedBy,
    /** Shows the field's error and warning; returns whether there is an error. */
    showMessages(f, inputs) {
      const message = f.error ? f.error.message : '';
      error.textContent = message ? `Error: ${message}` : '';
      error.hidden = !message;
      const note = !message && f.warning ? f.warning.message : '';
      warning.textContent = note ? `Warning: ${note}` : '';
      warning.hidden = !note;
      for (const input of inputs) {
        if (message) input.setAttribute('aria-invalid', 'true');
        else input.removeAttribute('aria-invalid');
      }
      root.classList.toggle('has-error', Boolean(message));
      return Boolean(message);
    },
  };
}

/** A form control's text as the value set() takes: null when empty, numbers for numeric inputs. */
export function valueFromText(type, text) {
  if (text === '') return null;
  if (type === 'integer' || type === 'number') {
    const trimmed = text.trim();
    // only a plain decimal becomes a number; anything else goes as typed and the module
    // says what is wrong with it
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) {
      const n = Number(trimmed);
      if (Number.isFinite(n)) return n;
    }
  }
  return text;
}

export function textOf(value) {
  return value === null || value === undefined ? '' : String(value);
}

/**
 * Keeps a text control and its field in step, for every field typed as text (plain, date
 * format, time zone): `flush()` sends what was typed, once per change and never for a
 * locked field; `update(f)` shows the module's value (normalised, or from a restored
 * draft) unless the user is typing in the control right now. `toValue` turns the text into
 * the value sent. `sent` is the text last sent or shown.
 */
export function textBinding(input, field, host, toValue) {
  let current = field;
  let sent = textOf(field.value);
  input.value = sent;
  return {
    get sent() { return sent; },
    flush() {
      if (current.locked || input.value === sent) return;
      sent = input.value;
      host.set(current.key, toValue(input.value));
    },
    update(f) {
      current = f;
      const text = textOf(f.value);
      if (text !== sent && document.activeElement !== input) { input.value = text; sent = text; }
    },
  };
}

const INPUT_TYPES = { email: 'email', url: 'url' };

function textField(field, host) {
  const multiline = field.type === 'multiline' || field.type === 'textarea';
  const numeric = field.type === 'integer' || field.type === 'number';
  const props = {
    name: field.key,
    required: field.required,
    readonly: field.locked,
    'aria-readonly': field.locked ? 'true' : null,
    spellcheck: 'false',
    autocomplete: 'off',
  };
  const input = multiline
    ? el('textarea', { ...props, rows: 4 })
    : el('input', {
      ...props,
      type: INPUT_TYPES[field.type] || 'text',
      inputmode: field.type === 'integer' ? 'numeric' : field.type === 'number' ? 'decimal' : null,
    });
  const frame = fieldFrame(field, host, { control: input });
  input.id = frame.id;
  input.setAttribute('aria-describedby', frame.describedBy);
  if (numeric) input.classList.add('numeric');
  const binding = textBinding(input, field, host, (text) => valueFromText(field.type, text));
  const flush = () => binding.flush();
  input.addEventListener('change', flush);
  input.addEventListener('blur', flush);
  const handle = {
    key: field.key, root: frame.root, control: input,
    update(f) {
      field = f;
      binding.update(f);
      frame.showMessages(f, [input]);
    },
    flush,
    focus: () => input.focus(),
  };
  handle.update(field);
  return handle;
}

/**
 * A secret: masked while typing, with a show/hide toggle. The module never gives a secret
 * back (value null, hasValue true): leaving the input empty keeps what was entered before.
 */
function secretField(field, host) {
  const input = el('input', {
    name: field.key, type: 'password', autocomplete: 'new-password', spellcheck: 'false',
    required: field.required && !field.hasValue, readonly: field.locked,
  });
  const frame = fieldFrame(field, host, { control: null });
  input.id = frame.id;
  const stateId = `${frame.id}-state`;
  const state = el('p', { class: 'secret-state', id: stateId });
  input.setAttribute('aria-describedby', `${frame.describedBy} ${stateId}`);
  const toggle = el('button', {
    type: 'button', class: 'toggle-secret', 'aria-controls': frame.id, 'aria-pressed': 'false',
    'aria-label': `Show ${field.label}`,
  }, 'Show');
  toggle.addEventListener('click', () => {
    const show = input.type === 'password';
    input.type = show ? 'text' : 'password';
    toggle.textContent = show ? 'Hide' : 'Show';
    toggle.setAttribute('aria-pressed', String(show));
    toggle.setAttribute('aria-label', `${show ? 'Hide' : 'Show'} ${field.label}`);
  });
  frame.root.insertBefore(el('div', { class: 'secret-row' }, input, toggle), frame.error);
  frame.root.insertBefore(state, frame.error);
  let sent = '';
  const flush = () => {
    if (field.locked || input.value === '' || input.value === sent) return;
    sent = input.value;
    host.set(field.key, input.value);
  };
  input.addEventListener('change', flush);
  input.addEventListener('blur', flush);
  const handle = {
    key: field.key, root: frame.root, control: input,
    update(f) {
      field = f;
      input.required = f.required && !f.hasValue;
      const kept = f.hasValue && input.value === '';
      input.placeholder = kept ? host.mask : '';
      state.textContent = f.hasValue
        ? (input.value === '' ? 'A value is set and kept. Type a new one to replace it.' : '')
        : '';
      state.hidden = !state.textContent;
      frame.showMessages(f, [input]);
    },
    flush,
    focus: () => input.focus(),
  };
  input.addEventListener('input', () => handle.update(field));
  handle.update(field);
  return handle;
}

function optionIndex(options, value) {
  return options.findIndex((o) => o.value === value || (o.value !== null && value !== null && String(o.value) === String(value)));
}

/** An enum as a select; a clearable one (the pool) gets a "None" choice and a clear button. */
function selectField(field, host) {
  const select = el('select', { name: field.key, required: field.required, disabled: field.locked });
  const frame = fieldFrame(field, host, { control: null });
  select.id = frame.id;
  select.setAttribute('aria-describedby', frame.describedBy);
  const placeholder = el('option', { value: '' }, field.clearable ? 'None' : 'Choose…');
  append(select, [placeholder, field.options.map((o, i) => el('option', { value: String(i) }, o.label))]);
  const row = el('div', { class: 'select-row' }, select);
  let clear = null;
  if (field.clearable) {
    clear = el('button', { type: 'button', class: 'clear-button', 'aria-label': `Clear ${field.label}` }, 'Clear');
    clear.addEventListener('click', () => {
      select.value = '';
      send();
      select.focus();
    });
    row.append(clear);
  }
  frame.root.insertBefore(row, frame.error);
  let sent;
  const current = () => (select.value === '' ? null : field.options[Number(select.value)].value);
  const send = () => {
    const value = current();
    if (value === sent) return;
    sent = value;
    host.set(field.key, value);
  };
  select.addEventListener('change', send);
  const handle = {
    key: field.key, root: frame.root, control: select,
    update(f) {
      field = f;
      const i = f.value === null || f.value === undefined ? -1 : optionIndex(f.options, f.value);
      select.value = i < 0 ? '' : String(i);
      placeholder.disabled = f.required && !f.clearable && i >= 0;
      sent = current();
      if (clear) clear.disabled = sent === null;
      frame.showMessages(f, [select]);
    },
    flush: send,
    focus: () => select.focus(),
  };
  handle.update(field);
  return handle;
}

/**
 * A choice shown all at once (the authentication type): radio buttons, each with its
 * label; arrow keys move between them (native radio behaviour).
 */
export function radioField(field, host) {
  const frame = fieldFrame(field, host, { control: null, group: true });
  const name = `${frame.id}-choice`;
  const radios = field.options.map((o, i) => el('input', {
    type: 'radio', name, id: `${frame.id}-${i}`, value: String(i), disabled: field.locked,
    'aria-describedby': frame.describedBy,
  }));
  const list = el('div', { class: 'choices', role: 'presentation' },
    field.options.map((o, i) => el('div', { class: 'choice' }, radios[i], el('label', { for: radios[i].id }, o.label))));
  frame.root.insertBefore(list, frame.error);
  let sent;
  const send = () => {
    const checked = radios.find((r) => r.checked);
    const value = checked ? field.options[Number(checked.value)].value : null;
    if (value === sent) return;
    sent = value;
    host.set(field.key, value);
  };
  for (const r of radios) {
    r.addEventListener('change', send);
  }
  const handle = {
    key: field.key, root: frame.root, control: radios[0],
    update(f) {
      field = f;
      const i = f.value === null || f.value === undefined ? -1 : optionIndex(f.options, f.value);
      radios.forEach((r, j) => { r.checked = j === i; });
      sent = i < 0 ? null : f.options[i].value;
      frame.showMessages(f, radios);
    },
    flush: send,
    focus: () => (radios.find((r) => r.checked) || radios[0])?.focus(),
  };
  handle.update(field);
  return handle;
}

function checkboxField(field, host) {
  const input = el('input', { type: 'checkbox', name: field.key, disabled: field.locked });
  const frame = fieldFrame(field, host, { control: null });
  input.id = frame.id;
  input.setAttribute('aria-describedby', frame.describedBy);
  // the box comes before its label text
  frame.root.classList.add('field-checkbox');
  frame.label.prepend(input);
  let sent;
  const send = () => {
    if (input.checked === sent) return;
    sent = input.checked;
    host.set(field.key, input.checked);
  };
  input.addEventListener('change', send);
  const handle = {
    key: field.key, root: frame.root, control: input,
    update(f) {
      field = f;
      input.checked = f.value === true;
      sent = f.value === null || f.value === undefined ? undefined : input.checked;
      frame.showMessages(f, [input]);
    },
    flush: () => {},
    focus: () => input.focus(),
  };
  handle.update(field);
  return handle;
}

/** A read-only display of a locked field (its default), with the option label when it has one. */
function lockedField(field, host) {
  const output = el('input', { type: 'text', readonly: true, 'aria-readonly': 'true', class: 'locked' });
  const frame = fieldFrame(field, host, { control: output });
  output.id = frame.id;
  output.setAttribute('aria-describedby', frame.describedBy);
  const handle = {
    key: field.key, root: frame.root, control: output,
    update(f) {
      field = f;
      const i = optionIndex(f.options || [], f.value);
      output.value = i >= 0 ? f.options[i].label : textOf(f.value);
      frame.showMessages(f, [output]);
    },
    flush: () => {},
    focus: () => output.focus(),
  };
  handle.update(field);
  return handle;
}

/**
 * The renderer for a field, by type. `host.widgets` supplies the special ones
 * (time zone picker, date format, certificate); `host.radio` lists keys shown as radios.
 */
export function renderField(field, host) {
  const widget = host.widgets && host.widgets[field.type];
  if (widget) return widget(field, host);
  if (field.locked && field.type !== 'boolean') return lockedField(field, host);
  if (field.secret || field.type === 'secret' || field.type === 'password') return secretField(field, host);
  if (host.radio && host.radio.includes(field.key)) return radioField(field, host);
  if (field.type === 'boolean') return checkboxField(field, host);
  if (field.type === 'enum' || (field.options && field.options.length && !['timezone', 'date_format'].includes(field.type))) {
    return selectField(field, host);
  }
  return textField(field, host);
}
