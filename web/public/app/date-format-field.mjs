// The date format input: the module's presets as a choice, plus a custom pattern, with a
// live preview the module formats (now, in the zone chosen on the same step).
import { el } from './dom.mjs';
import { fieldFrame, textBinding } from './fields.mjs';

/**
 * @param {(zone: string|null, pattern: string) => {text?: string, error?: string}} preview
 * @param {() => string|null} currentZone  the time zone entered so far
 */
export function dateFormatWidget(preview, currentZone) {
  return function dateFormatField(field, host) {
    const frame = fieldFrame(field, host, { control: null, group: true });
    const presetId = `${frame.id}-preset`;
    const custom = 'custom';
    const select = el('select', { id: presetId, 'aria-describedby': frame.describedBy },
      field.options.map((o, i) => el('option', { value: String(i) }, o.label)),
      el('option', { value: custom }, 'Custom pattern…'));
    const input = el('input', {
      id: frame.id, name: field.key, type: 'text', autocomplete: 'off', spellcheck: 'false',
      class: 'pattern', required: field.required, 'aria-describedby': `${frame.describedBy} ${frame.id}-preview`,
    });
    const previewText = el('output', { id: `${frame.id}-preview`, class: 'preview', for: frame.id });
    frame.root.insertBefore(el('div', { class: 'date-format' },
      el('div', { class: 'sub-field' }, el('label', { for: presetId }, 'Preset'), select),
      el('div', { class: 'sub-field' }, el('label', { for: frame.id }, 'Pattern'), input),
      el('p', { class: 'preview-line' }, 'Preview: ', previewText)), frame.error);

    // the pattern as typed, an empty one too: the module says it is required (null would
    // stand for "the connector's default" and pass)
    const binding = textBinding(input, field, host, (text) => text);
    const syncSelect = () => {
      const i = field.options.findIndex((o) => o.value === input.value);
      select.value = i >= 0 ? String(i) : custom;
    };
    const refreshPreview = () => {
      if (input.value === '') { previewText.textContent = '—'; previewText.classList.remove('preview-error'); return; }
      const result = preview(currentZone(), input.value);
      previewText.textContent = result.error ? `cannot preview (${result.error})` : result.text;
      previewText.classList.toggle('preview-error', Boolean(result.error));
    };
    const flush = () => binding.flush();
    select.addEventListener('change', () => {
      if (select.value === custom) { input.focus(); return; }
      input.value = field.options[Number(select.value)].value;
      refreshPreview();
      flush();
    });
    input.addEventListener('input', () => { syncSelect(); refreshPreview(); });
    input.addEventListener('change', flush);
    input.addEventListener('blur', flush);

    const handle = {
      key: field.key, root: frame.root, control: input,
      update(f) {
        field = f;
        binding.update(f);
        syncSelect();
        refreshPreview();
        frame.showMessages(f, [input, select]);
      },
      flush,
      focus: () => input.focus(),
      /** The zone changed elsewhere on the step: format the preview again. */
      refresh: refreshPreview,
    };
    handle.update(field);
    return handle;
  };
}
