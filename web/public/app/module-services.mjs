// The one place where the page calls the WebAssembly package (loaded from /pkg/): the
// wizard, the catalog's instance validation, the time zone list and date previews, the
// certificate summary. Everything else in the page goes through these functions.

/** A random idempotency seed for a new wizard (hex of 16 random bytes). */
function randomSeed() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The instance (shared shape, docs/architecture.md) from field paths and values:
 * "rateLimit.amount" -> rateLimit.amount, "credentials.x" -> credentials.x,
 * "certificate" / "certificate.passphrase" -> certificate.data / .passphrase.
 */
export function instanceOf(connectorId, values) {
  const out = { connectorId, credentials: {} };
  for (const [key, value] of Object.entries(values)) {
    if (key.startsWith('credentials.')) {
      if (value !== null && value !== undefined) out.credentials[key.slice('credentials.'.length)] = value;
    } else if (key === 'rateLimit.amount' || key === 'rateLimit.unit') {
      out.rateLimit = { ...(out.rateLimit || {}), [key.slice('rateLimit.'.length)]: value };
    } else if (key === 'certificate') {
      if (value !== null && value !== undefined) out.certificate = { ...(out.certificate || {}), data: value };
    } else if (key === 'certificate.passphrase') {
      if (value !== null && value !== undefined) out.certificate = { ...(out.certificate || {}), passphrase: value };
    } else {
      out[key] = value;
    }
  }
  if (out.certificate && out.certificate.data === undefined) delete out.certificate;
  return out;
}

/**
 * @param {object} m  the loaded package (await load())
 */
export function services(m) {
  // pools as the module takes them (the API adds createdAt/updatedAt)
  const poolsOf = (context) => context.pools.map(({ id, name, limit, timeout }) => ({ id, name, limit, timeout }));
  const wizardOptions = (context, extra = {}) => ({
    catalog: catalogOf(context),
    connectorId: context.definition.id,
    pools: poolsOf(context),
    existingNames: context.existingNames,
    now: Date.now(),
    ...extra,
  });

  let zones = null;
  const catalogs = new WeakMap();
  const catalogOf = (context) => {
    // one loaded catalog per fetched definition (a context and its copies share it)
    let c = catalogs.get(context.definition);
    if (!c) {
      c = m.loadCatalog([context.definition], { pools: poolsOf(context) });
      catalogs.set(context.definition, c);
    }
    return c;
  };

  return {
    /** A new wizard for context {definition, pools, existingNames}. */
    createWizard(context) {
      return m.createWizard(wizardOptions(context, { idempotencyKey: randomSeed() }));
    },
    /** {wizard, migration} from a stored draft; throws when the draft cannot be used. */
    restoreWizard(draft, context) {
      const wizard = m.restoreWizard(draft, wizardOptions(context, { migrate: true }));
      return { wizard, migration: wizard.migration };
    },
    /** Every zone with its offset now: [{id, label, offsetText, abbreviation, aliases}]. */
    zonesNow() {
      if (!zones) zones = m.time.zones(Date.now()).flatMap((group) => group.zones);
      return zones;
    },
    /** The date format applied to now in `zone` (UTC while the zone is not valid): {text} or {error}. */
    previewFormat(zone, pattern) {
      let r;
      try {
        r = m.time.preview(zone || 'UTC', pattern, Date.now());
      } catch {
        try { r = m.time.preview('UTC', pattern, Date.now()); } catch (e) { return { error: e.message }; }
      }
      if (r.check && r.check.ok === false) return { error: r.check.error ? r.check.error.message : 'not a valid format' };
      return { text: r.text };
    },
    /** One line about a certificate (what the module read: format, subject, expiry), or null. */
    describeCertificate(context, data, passphrase) {
      try {
        const r = m.validateInstance(catalogOf(context), {
          connectorId: context.definition.id, certificate: { data, passphrase: passphrase || null },
        }, { now: Date.now() });
        const info = r.instance && r.instance.certificate;
        if (!info) return null;
        if (!info.certificates || !info.certificates.length) {
          // a PKCS#12 file whose certificates use a cipher the module does not open (legacy
          // RC2/3DES): its structure and MAC are checked, not what is inside
          return info.format === 'pkcs12' ? 'PKCS#12 file; its certificate is encrypted with a legacy cipher, so its dates cannot be shown here.' : null;
        }
        const c = info.certificates[0];
        const until = new Date(c.notAfter).toISOString().slice(0, 10);
        return `${info.format === 'pkcs12' ? 'PKCS#12' : 'PEM'}: ${c.subject || 'certificate'}, valid until ${until}${info.privateKeyEncrypted ? ', private key encrypted' : ''}.`;
      } catch {
        return null;
      }
    },
    /**
     * Validates an instance (the shared shape) with the catalog's rules:
     * {valid, errors: [field error], warnings: [field error]}.
     */
    validateInstance(context, instance, { existingNames }) {
      return m.validateInstance(catalogOf(context), instance, { existingNames, pools: poolsOf(context), now: Date.now() });
    },
    /**
     * The inputs of every step for a connector, as the wizard describes them (labels,
     * types, options, help...), for the settings dialog of an existing instance:
     * {name: field, settings: [field], authMethod: field, methods: {id: [field]}}.
     * Found by walking a scratch wizard through its steps with the defaults.
     */
    describeForm(context) {
      const w = m.createWizard(wizardOptions({ ...context, existingNames: [] }, { idempotencyKey: randomSeed() }));
      try {
        let v = w.view();
        const name = v.fields.find((f) => f.key === 'name');
        w.set('name', 'form description');
        v = w.next();
        const settings = v.fields;
        v = w.next();
        const authMethod = v.fields.find((f) => f.key === 'authMethodId');
        const methods = {};
        for (const option of authMethod.options) {
          w.set('authMethodId', option.value);
          v = w.next();
          methods[option.value] = v.fields;
          w.back();
        }
        return { name, settings, authMethod, methods };
      } finally {
        if (typeof w.dispose === 'function') w.dispose();
      }
    },
  };
}
