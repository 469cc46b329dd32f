// The one place where the page calls the WebAssembly package (loaded from /pkg/): the
// wizard and its form, the instance that values make, the catalog's instance validation,
// the mask, the time zone list and date previews, what a certificate holds. Everything else
// in the page goes through these functions.

/** A random idempotency seed for a new wizard (hex of 16 random bytes). */
function randomSeed() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The id a pool not created yet is checked with (the server gives it its own). */
const NEW_POOL_ID = 'new';

/**
 * @param {object} m  the loaded package (await load())
 */
export function services(m) {
  // pools as the module takes them (the API adds createdAt/updatedAt)
  const poolsOf = (context) => context.pools.map(({ id, name, limit, timeout }) => ({ id, name, limit, timeout }));
  // the connector's other instances, for sharing a rate limit (the module decides which may be shared)
  const sharingOf = (context) => ({
    instances: (context.instances ?? []).map(({ id, name, sharedLimitOf }) => ({ id, name, sharedLimitOf: sharedLimitOf ?? null })),
    instanceId: context.instanceId ?? null,
  });
  const wizardOptions = (context, extra = {}) => ({
    catalog: catalogOf(context),
    connectorId: context.definition.id,
    pools: poolsOf(context),
    existingNames: context.existingNames,
    ...sharingOf(context),
    now: Date.now(),
    ...extra,
  });

  const formOptions = (context) => ({ catalog: catalogOf(context), connectorId: context.definition.id, pools: poolsOf(context), ...sharingOf(context) });

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
    /** A new wizard for context {definition, pools, existingNames, instances, instanceId?}. */
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
    /**
     * What the module reads in a certificate with `passphrase`: {format, certificates:
     * [{subject, notBefore, notAfter}], privateKeyEncrypted, passphraseChecked}, or null when
     * it cannot read it (yet: an encrypted key needs the passphrase first).
     */
    certificateInfo(context, data, passphrase) {
      try {
        const r = m.validateInstance(catalogOf(context), {
          connectorId: context.definition.id, certificate: { data, passphrase: passphrase || null },
        }, { now: Date.now() });
        return (r.instance && r.instance.certificate) || null;
      } catch {
        return null;
      }
    },
    /**
     * Validates an instance (the shared shape) with the catalog's rules:
     * {valid, errors: [field error], warnings: [field error]}.
     */
    validateInstance(context, instance, { existingNames }) {
      return m.validateInstance(catalogOf(context), instance, { existingNames, pools: poolsOf(context), ...sharingOf(context), now: Date.now() });
    },
    /**
     * The inputs of every step for a connector, as the wizard describes them (labels,
     * types, options, help...), for the settings dialog of an existing instance:
     * {name: field, settings: [field], authMethod: field, methods: {id: [field]}}.
     */
    describeForm(context) {
      return m.describeForm(formOptions(context));
    },
    /**
     * The instance (shared shape) that field values make, by the module's payload rules:
     * only the chosen method's credentials, no certificate for a method that takes none.
     */
    buildInstance(context, values) {
      return m.buildInstance(formOptions(context), values);
    },
    /**
     * A connection pool checked by the module's rules: {pool, errors: [{field, code, message}]}
     * (`pool` the normalised pool, null while there are errors). `id` may be absent for a
     * pool not created yet (the server gives it one).
     */
    validatePool(pool) {
      const r = m.validatePool({ id: pool.id ?? NEW_POOL_ID, name: pool.name, limit: pool.limit, timeout: pool.timeout });
      const errors = r.problems.map((p) => {
        const field = p.pointer.replace(/^\//, '');
        return { ...m.fieldError(field, p.code, p.params ?? {}), field };
      });
      return { pool: r.valid ? r.pool : null, errors };
    },
    /** What the server shows in place of a stored secret, and takes back as "keep it". */
    mask: m.secretMask,
  };
}
