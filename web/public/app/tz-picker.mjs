// The time zone input: a combobox (ARIA 1.2 pattern) whose list shows every zone with its
// offset now, filtered as the user types (by name, region, offset, abbreviation or another
// name of the zone). Tab and Enter take the highlighted suggestion, or the only one, or the
// zone whose name was typed exactly; while the list is open Enter chooses and never
// submits the form. Text that names no zone is set as typed (the module says it is not a
// zone) and the zone the module suggests is offered ("Did you mean Europe/Berlin?"). A zone
// chosen through another of its names (US/Eastern) says which zone that name stands for.
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
    const suggestion = el('p', { class: 'zone-suggestion', id: `${frame.id}-suggestion`, hidden: true });
    input.setAttribute('aria-describedby', `${frame.describedBy} ${frame.id}-now ${frame.id}-suggestion`);
    frame.root.insertBefore(el('div', { class: 'combo' }, el('div', { class: 'combo-row' }, input, toggle), list, count), frame.error);
    frame.root.insertBefore(nowLine, frame.error);
    frame.root.insertBefore(suggestion, frame.error);

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
    /** The zone called `name` (its id or another of its names, any case), or null. */
    const zoneNamed = (name) => {
      const wanted = String(name).trim().toLowerCase();
      if (!wanted) return null;
      return allZones().find((z) => z.id.toLowerCase() === wanted)
        ?? allZones().find((z) => (z.aliases || []).some((a) => a.toLowerCase() === wanted)) ?? null;
    };
    let shown = [];
    let matchCount = 0;
    let active = -1;
    // the name typed for the zone last chosen, when it was another name of it (US/Eastern)
    let chosenAs = null;
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
      matchCount = matches.length;
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
    /** Puts `zone` in the input (typed as `typed`) and sends it. */
    const take = (zone, typed) => {
      chosenAs = typed && typed.trim().toLowerCase() !== zone.id.toLowerCase() && zoneNamed(typed) === zone ? typed.trim() : null;
      input.value = zone.id;
      close();
      flush();
    };
    const choose = (i) => take(shown[i], input.value);
    /**
     * What Tab or Enter takes from the open list: the highlighted option, the zone whose
     * name was typed, or the only match; null when the choice is the user's to make.
     */
    const pick = () => {
      if (list.hidden) return null;
      if (active >= 0) return shown[active];
      return zoneNamed(input.value) ?? (matchCount === 1 ? shown[0] : null);
    };

    input.addEventListener('input', () => { chosenAs = null; open(input.value); });
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
        if (!isOpen) return;
        // choosing in the list: Enter never submits the step meanwhile
        event.preventDefault();
        const zone = pick();
        if (zone) take(zone, input.value);
        else if (!matchCount) { close(); flush(); }
        else count.textContent = `${matchCount} time zones match: choose one with the arrow keys, or type more.`;
      } else if (event.key === 'Tab') {
        // the value goes with the focus (blur sends it)
        const zone = pick();
        if (zone) take(zone, input.value);
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

    const showSuggestion = (f) => {
      const text = textOf(f.value).trim();
      // the module's validation names the zone it most likely meant
      const suggested = f.error && text && !zoneNamed(text) ? f.error.params?.suggestion : null;
      const near = suggested ? zoneNamed(suggested) : null;
      if (!near) { suggestion.hidden = true; suggestion.replaceChildren(); return; }
      const accept = el('button', { type: 'button', class: 'link-button' }, near.id);
      accept.addEventListener('click', () => { take(near, null); input.focus(); });
      suggestion.replaceChildren('Did you mean ', accept, '?');
      suggestion.hidden = false;
    };

    const handle = {
      key: field.key, root: frame.root, control: input,
      update(f) {
        field = f;
        binding.update(f);
        const text = textOf(f.value);
        // the chosen zone's offset now (from the module's list), and what another name of
        // the zone stands for
        const zone = text ? zoneNamed(text) : null;
        const alias = zone && text.toLowerCase() !== zone.id.toLowerCase() ? text : (zone && chosenAs) || null;
        nowLine.textContent = zone
          ? `${alias ? `${alias} is another name for ${zone.id}. ` : ''}Now UTC${zone.offsetText}${zone.abbreviation ? ` (${zone.abbreviation})` : ''}`
          : '';
        nowLine.hidden = !zone;
        frame.showMessages(f, [input]);
        showSuggestion(f);
      },
      flush,
      focus: () => input.focus(),
    };
    handle.update(field);
    return handle;
  };
}
