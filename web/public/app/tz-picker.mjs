// The time zone input: a combobox (ARIA 1.2 pattern) whose list shows every zone with its
// offset now, filtered as the user types (by name, region, offset or abbreviation).
// Whatever is typed is what gets set when the user leaves the input: the module decides
// whether it names a zone (it also accepts link names such as "US/Eastern").
import { el } from './dom.mjs';
import { fieldFrame, textBinding, textOf } from './fields.mjs';

const MAX_SHOWN = 60;

/** Lower-case, with "_" and "/" read as spaces, for matching what people type. */
function fold(text) {
  return String(text).toLowerCase().replace(/[_/]+/g, ' ');
}

/**
 * @param {() => Array<{id: string, label?: string, offsetText?: string, abbreviation?: string, aliases?: string[]}>} zonesNow
 *   the zones with their current offsets (from the time module)
 */
export function timeZoneWidget(zonesNow) {
  return function timeZoneField(field, host) {
    const frame = fieldFrame(field, host, { control: null });
    const listId = `${frame.id}-list`;
    const input = el('input', {
      id: frame.id, name: field.key, type: 'text', role: 'combobox', autocomplete: 'off', spellcheck: 'false',
      'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId,
      'aria-describedby': frame.describedBy, required: field.required,
    });
    const toggle = el('button', { type: 'button', class: 'combo-toggle', tabindex: '-1', 'aria-label': 'Show time zones', 'aria-controls': listId }, '▾');
    // tabindex -1: the list scrolls, and a scroller is in the Tab order of its own; focus
    // stays in the input (aria-activedescendant), and Tab leaves the field
    const list = el('ul', { id: listId, role: 'listbox', class: 'combo-list', 'aria-label': `${field.label} suggestions`, hidden: true, tabindex: '-1' });
    const count = el('p', { class: 'visually-hidden', 'aria-live': 'polite' });
    const nowLine = el('p', { class: 'zone-now', id: `${frame.id}-now` });
    input.setAttribute('aria-describedby', `${frame.describedBy} ${frame.id}-now`);
    frame.root.insertBefore(el('div', { class: 'combo' }, el('div', { class: 'combo-row' }, input, toggle), list, count), frame.error);
    frame.root.insertBefore(nowLine, frame.error);

    let zones = null;  // loaded on first use: ~450 entries
    const allZones = () => {
      if (!zones) {
        zones = zonesNow().map((z) => ({
          ...z,
          haystack: fold([z.id, z.label, z.offsetText, z.abbreviation, ...(z.aliases || [])].filter(Boolean).join(' ')),
        }));
      }
      return zones;
    };
    let shown = [];
    let active = -1;
    // the zone as typed, an empty one too: the module says it is required (null would
    // stand for "the connector's default" and pass)
    const binding = textBinding(input, field, host, (text) => text.trim());

    const optionId = (i) => `${frame.id}-opt-${i}`;
    const setActive = (i) => {
      active = i;
      for (const [j, li] of [...list.children].entries()) li.setAttribute('aria-selected', String(j === i));
      if (i >= 0 && list.children[i]) {
        input.setAttribute('aria-activedescendant', optionId(i));
        list.children[i].scrollIntoView({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    };
    const open = (filterText) => {
      const words = fold(filterText).split(' ').filter(Boolean);
      const matches = allZones().filter((z) => words.every((w) => z.haystack.includes(w)));
      shown = matches.slice(0, MAX_SHOWN);
      list.replaceChildren(...shown.map((z, i) => el('li', {
        id: optionId(i), role: 'option', 'aria-selected': 'false', class: 'combo-option', dataset: { zone: z.id },
      }, el('span', { class: 'zone-name' }, z.id), ' ', el('span', { class: 'zone-offset' }, z.offsetText ? `UTC${z.offsetText}` : ''))));
      if (!shown.length) list.append(el('li', { class: 'combo-empty', role: 'presentation' }, 'No matching time zone'));
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      count.textContent = matches.length > MAX_SHOWN
        ? `${matches.length} time zones match; the first ${MAX_SHOWN} are listed. Type more to narrow.`
        : `${matches.length} time zone${matches.length === 1 ? '' : 's'} match.`;
      setActive(-1);
    };
    const close = () => {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      setActive(-1);
    };
    const flush = () => binding.flush();
    const choose = (i) => {
      input.value = shown[i].id;
      close();
      flush();
    };

    input.addEventListener('input', () => open(input.value));
    input.addEventListener('keydown', (event) => {
      const isOpen = !list.hidden;
      if (event.key === 'ArrowDown') {
        event.preventDefault();
        if (!isOpen) open(input.value === binding.sent ? '' : input.value);
        if (shown.length) setActive(Math.min(active + 1, shown.length - 1));
      } else if (event.key === 'ArrowUp') {
        event.preventDefault();
        if (isOpen && shown.length) setActive(Math.max(active - 1, 0));
      } else if (event.key === 'Enter') {
        if (isOpen && active >= 0) { event.preventDefault(); choose(active); }
      } else if (event.key === 'Escape') {
        if (isOpen) { event.preventDefault(); event.stopPropagation(); close(); }
      } else if (event.key === 'Home' || event.key === 'End') {
        if (isOpen && active >= 0 && shown.length) {
          event.preventDefault();
          setActive(event.key === 'Home' ? 0 : shown.length - 1);
        }
      }
    });
    // mousedown (not click): the choice is made before the input loses focus
    list.addEventListener('mousedown', (event) => {
      const li = event.target.closest('li[role=option]');
      if (!li) return;
      event.preventDefault();
      choose([...list.children].indexOf(li));
    });
    toggle.addEventListener('click', () => {
      if (list.hidden) { open(''); input.focus(); } else close();
    });
    input.addEventListener('blur', () => {
      close();
      flush();
    });

    const handle = {
      key: field.key, root: frame.root, control: input,
      update(f) {
        field = f;
        binding.update(f);
        const text = textOf(f.value);
        // the chosen zone's offset now (from the module's list; links are not listed)
        const zone = text ? allZones().find((z) => z.id === text) : null;
        nowLine.textContent = zone ? `Now UTC${zone.offsetText}${zone.abbreviation ? ` (${zone.abbreviation})` : ''}` : '';
        nowLine.hidden = !zone;
        frame.showMessages(f, [input]);
      },
      flush,
      focus: () => input.focus(),
    };
    handle.update(field);
    return handle;
  };
}
