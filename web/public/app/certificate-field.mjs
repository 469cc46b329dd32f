// The client certificate input: upload .pem/.crt/.key (text, several files are joined) or
// .p12/.pfx (binary, sent as base64), or paste PEM text. The module checks what was given
// (format, expiry) when the user leaves the field or moves on; the page only reads files.
import { el } from './dom.mjs';
import { fieldFrame } from './fields.mjs';

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
 * @param {(data: string) => string|null} [describe]  a one-line summary of the certificate
 *   from the module (format, subject, expiry), or null when it cannot read it (yet: an
 *   encrypted key needs the passphrase first)
 */
export function certificateWidget(describe) {
  return function certificateField(field, host) {
    const frame = fieldFrame(field, host, { control: null, group: true });
    const fileId = `${frame.id}-file`;
    const file = el('input', { id: fileId, type: 'file', accept: ACCEPT, multiple: true, 'aria-describedby': `${frame.describedBy} ${frame.id}-status` });
    const text = el('textarea', {
      id: frame.id, name: field.key, rows: 6, spellcheck: 'false', autocomplete: 'off', class: 'pem',
      placeholder: '-----BEGIN CERTIFICATE-----', 'aria-describedby': `${frame.describedBy} ${frame.id}-status`,
    });
    const status = el('p', { class: 'cert-status', id: `${frame.id}-status`, 'aria-live': 'polite' });
    frame.root.insertBefore(el('div', { class: 'certificate' },
      el('div', { class: 'sub-field' }, el('label', { for: fileId }, 'Upload a file (.pem, .crt, .key, .p12 or .pfx)'), file),
      el('div', { class: 'sub-field' }, el('label', { for: frame.id }, 'or paste PEM text'), text),
      status), frame.error);

    let sent = '';
    let origin = '';  // "Loaded a.crt, a.key" or "Pasted text"
    const showStatus = () => {
      const summary = sent && describe ? describe(sent) : null;
      status.textContent = sent === '' ? '' : `${origin}.${summary ? ` ${summary}` : ''}`;
    };
    const send = (data, from) => {
      if (data === sent) return;
      sent = data;
      origin = from;
      host.set(field.key, data === '' ? null : data);
      showStatus();
    };
    file.addEventListener('change', async () => {
      if (!file.files.length) return;
      const names = [...file.files].map((f) => f.name).join(', ');
      try {
        const data = await readCertificateFiles(file.files);
        text.value = BINARY.test(file.files[0].name) ? '' : data;
        send(data, `Loaded ${names}`);
        host.leave(field.key);
      } catch (e) {
        status.textContent = `Could not read ${names}: ${e.message}`;
      }
    });
    text.addEventListener('change', () => { if (text.value.trim() !== '') send(text.value.trim(), 'Pasted text'); });
    text.addEventListener('blur', () => {
      if (text.value.trim() !== '') send(text.value.trim(), 'Pasted text');
    });

    const handle = {
      key: field.key, root: frame.root, control: text,
      update(f) {
        field = f;
        if (f.hasValue && !sent) status.textContent = 'A certificate is set and kept. Upload or paste another one to replace it.';
        else if (!f.hasValue && !sent) status.textContent = '';
        frame.showMessages(f, [text, file]);
      },
      flush: () => { if (text.value.trim() !== '') send(text.value.trim(), 'Pasted text'); },
      /** The passphrase changed: what the module reads of the certificate may change too. */
      refresh: showStatus,
      focus: () => file.focus(),
    };
    handle.update(field);
    return handle;
  };
}
