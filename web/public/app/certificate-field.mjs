// The client certificate input: upload .pem/.crt/.key (text, several files are joined) or
// .p12/.pfx (binary, sent as base64), or paste PEM text. The module checks what was given
// (format, passphrase, expiry) when the user leaves the field or moves on; the page only
// reads files. What was given is never shown back: a private key in clear on the screen is
// a leak, so the box is emptied once its text is taken, and a paste goes straight to the
// module. The status line says what the module read (subject, expiry).
import { el } from './dom.mjs';
import { fieldFrame } from './fields.mjs';
import { formatCertificate } from './display.mjs';

const ACCEPT = '.pem,.crt,.cer,.key,.p12,.pfx';
const BINARY = /\.(p12|pfx)$/i;

function base64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The certificate text of the chosen files: PEM files joined, or one PKCS#12 file in base64. */
export async function readCertificateFiles(files) {
  const list = [...files];
  const binary = list.filter((f) => BINARY.test(f.name));
  if (binary.length) {
    if (list.length > 1) throw new Error('Choose one .p12/.pfx file on its own.');
    return base64(new Uint8Array(await binary[0].arrayBuffer()));
  }
  const texts = await Promise.all(list.map((f) => f.text()));
  return texts.map((t) => t.trim()).join('\n');
}

/**
 * @param {(data: string) => object|null} [inspect]  what the module reads in the
 *   certificate with the passphrase entered ({format, certificates, privateKeyEncrypted,
 *   passphraseChecked}), or null when it cannot read it (yet: an encrypted key needs the
 *   passphrase first)
 */
export function certificateWidget(inspect) {
  return function certificateField(field, host) {
    const frame = fieldFrame(field, host, { control: null, group: true });
    const fileId = `${frame.id}-file`;
    const file = el('input', { id: fileId, type: 'file', accept: ACCEPT, multiple: true, 'aria-describedby': `${frame.describedBy} ${frame.id}-status` });
    const text = el('textarea', {
      id: frame.id, name: field.key, rows: 6, spellcheck: 'false', autocomplete: 'off', class: 'pem',
      placeholder: '-----BEGIN CERTIFICATE-----', 'aria-describedby': `${frame.id}-pem-help ${frame.describedBy} ${frame.id}-status`,
    });
    const status = el('p', { class: 'cert-status', id: `${frame.id}-status`, 'aria-live': 'polite' });
    frame.root.insertBefore(el('div', { class: 'certificate' },
      el('div', { class: 'sub-field' }, el('label', { for: fileId }, 'Upload a file (.pem, .crt, .key, .p12 or .pfx)'), file),
      el('div', { class: 'sub-field' }, el('label', { for: frame.id }, 'or paste PEM text'),
        el('p', { class: 'help', id: `${frame.id}-pem-help` }, 'The text is taken when you paste it or leave the box, and is not shown again.'),
        text),
      status), frame.error);

    let sent = '';
    let origin = '';  // "Loaded a.crt, a.key" or "Pasted text"
    const summary = () => {
      const info = sent && inspect ? inspect(sent) : null;
      if (!info) return '';
      const read = formatCertificate(info);
      const unchecked = info.privateKeyEncrypted && info.passphraseChecked === false
        ? ' The browser cannot check the passphrase of this key (its cipher is an old one); the server checks it when the instance is saved.'
        : '';
      return `${read ? ` ${read}.` : ''}${unchecked}`;
    };
    const showStatus = () => {
      status.textContent = sent === '' ? '' : `${origin}.${summary()}`;
    };
    const send = (data, from) => {
      if (data === sent) return;
      sent = data;
      origin = from;
      host.set(field.key, data === '' ? null : data);
      showStatus();
    };
    /** Takes the box's text (once) and empties the box. */
    const takeText = () => {
      const pasted = text.value.trim();
      if (pasted === '') return;
      text.value = '';
      send(pasted, 'Pasted text (not shown)');
    };
    file.addEventListener('change', async () => {
      if (!file.files.length) return;
      const names = [...file.files].map((f) => f.name).join(', ');
      try {
        const data = await readCertificateFiles(file.files);
        text.value = '';
        send(data, `Loaded ${names}`);
        host.leave(field.key);
      } catch (e) {
        status.textContent = `Could not read ${names}: ${e.message}`;
      }
    });
    // a paste goes to the module without being shown
    text.addEventListener('paste', (event) => {
      const pasted = event.clipboardData ? event.clipboardData.getData('text') : '';
      if (!pasted.trim()) return;
      event.preventDefault();
      text.value = pasted;
      takeText();
    });
    text.addEventListener('change', takeText);
    text.addEventListener('blur', takeText);

    const handle = {
      key: field.key, root: frame.root, control: text,
      update(f) {
        field = f;
        if (f.hasValue && !sent) {
          const stored = f.stored ? ` ${formatCertificate(f.stored)}.` : '';
          status.textContent = `A certificate is set and kept.${stored} Upload or paste another one to replace it.`;
        } else if (!f.hasValue && !sent) status.textContent = '';
        frame.showMessages(f, [text, file]);
      },
      flush: takeText,
      /** The passphrase changed: what the module reads of the certificate may change too. */
      refresh: showStatus,
      focus: () => file.focus(),
    };
    handle.update(field);
    return handle;
  };
}
