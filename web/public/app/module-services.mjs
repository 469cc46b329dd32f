// The one place where the page calls the WebAssembly package (loaded from /pkg/): the
// wizard, the catalog's instance validation, the time zone list and date previews, the
// certificate summary. Everything else in the page goes through these functions.

/** A random idempotency seed for a new wizard (hex of 16 random bytes). */
function randomSeed() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * @param {object} m  the loaded package (await load())
 */
export function services(m) {
  const wizardOptions = (context, extra = {}) => ({
    catalog: { definitions: [context.definition], pools: context.pools },
    connectorId: context.definition.id,
    pools: context.pools,
    existingNames: context.existingNames,
    now: Date.now(),
    ...extra,
  });

  let zones = null;
  const catalogs = new WeakMap();
  const catalogOf = (context) => {
    let c = catalogs.get(context);
    if (!c) {
      c = m.loadCatalog([context.definition], { pools: context.pools });
      catalogs.set(context, c);
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
      return m.restoreWizard(draft, wizardOptions(context, { migrate: true }));
    },
    /**
     * The errors the module finds for one field of the wizard's current step now, or null
     * when the module offers no such check (then errors show on `next`).
     */
    fieldErrors(wizard, key) {
      if (typeof wizard.validate !== 'function') return null;
      return wizard.validate().filter((e) => e.field === key);
    },
    /** Every zone with its offset now: [{id, label, offsetText, abbreviation, aliases}]. */
    zonesNow() {
      if (!zones) zones = m.timeZones(Date.now());
      return zones;
    },
    /** The date format applied to now in `zone`: {text} or {error}. */
    previewFormat(zone, pattern) {
      try {
        const r = m.previewDateFormat({ zone: zone || 'UTC', format: pattern, now: Date.now() });
        if (r.check && r.check.ok === false) return { error: r.check.error ? r.check.error.message : 'not a valid format' };
        return { text: r.text };
      } catch (e) {
        return { error: e.message };
      }
    },
    /** One line about a certificate (subject and expiry), or null. */
    describeCertificate(data) {
      if (typeof m.inspectCertificate !== 'function') return null;
      try {
        const r = m.inspectCertificate(data, { now: Date.now() });
        const cert = r.certificates && r.certificates[0];
        if (!cert) return null;
        return `${cert.subject || 'Certificate'}, valid until ${new Date(cert.notAfter).toISOString().slice(0, 10)}.`;
      } catch {
        return null;
      }
    },
    /**
     * Validates an instance (the shared shape) with the catalog's rules:
     * {valid, errors: [field error], warnings: [field error]}.
     */
    validateInstance(context, instance, { existingNames }) {
      return m.validateInstance(catalogOf(context), instance, { existingNames, pools: context.pools, now: Date.now() });
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
