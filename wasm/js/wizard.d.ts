// Types of the add-instance wizard. Guide with examples: docs/api-wizard.md.
import type { Catalog, ConnectionPool, FieldError, InstanceRef, RateUnit } from './catalog.js';

export type WizardStepId =
  | 'name' | 'settings' | 'authType' | 'credentials' | 'review'
  | 'submitting' | 'created' | 'cancelled';

/** The steps the user moves through with next/back/goTo. */
export type EditingStepId = 'name' | 'settings' | 'authType' | 'credentials' | 'review';

export type WizardAction =
  | 'set' | 'next' | 'back' | 'goTo' | 'cancel' | 'reset'
  | 'submission' | 'applyResponse' | 'applyNetworkError';

/**
 * Widgets: text, multiline, secret, url, email, integer, number, enum, boolean (the
 * catalog's input types), timezone, date_format (free text with preset options),
 * certificate (PEM text, or a PKCS#12 file as base64).
 */
export type WizardFieldType =
  | 'text' | 'multiline' | 'secret' | 'url' | 'email' | 'integer' | 'number' | 'enum' | 'boolean'
  | 'timezone' | 'date_format' | 'certificate';

export type WizardValue = string | number | boolean | null;

export interface WizardChoice {
  value: WizardValue;
  label: string;
}

export interface WizardField {
  /** The field path set() takes and errors name: "name", "rateLimit.amount", "credentials.token". */
  key: string;
  label: string;
  type: WizardFieldType;
  /** The value as entered; always null for secrets (see hasValue). */
  value: WizardValue;
  /** A value is entered (not null, not ""): for secrets, show "entered" instead of the value. */
  hasValue: boolean;
  /** enum: the choices; date_format: presets; timezone: every zone (shared, frozen). */
  options: readonly WizardChoice[];
  required: boolean;
  /** Never echoed: render a password input, show hasValue. */
  secret: boolean;
  /** Fixed to its default: render read-only. */
  locked: boolean;
  /** Group under "Advanced". */
  advanced: boolean;
  /** May be set to null (a "none" choice). */
  clearable: boolean;
  /** The key of another input: while it holds a value this one is not shown nor sent (the rate limit while another instance's is shared). */
  shownUnless: string | null;
  help: string;
  error: FieldError | null;
  /** Does not block next (e.g. a date format whose dates cannot be read back exactly). */
  warning: FieldError | null;
}

export interface WizardStepLink {
  id: EditingStepId;
  title: string;
  current: boolean;
  /** goTo(id) is accepted now. */
  reachable: boolean;
}

export interface WizardSummaryItem {
  key: string;
  label: string;
  /** null for secrets */
  value: WizardValue;
  /** What to print: option label, "Yes"/"No", a mask for secrets, "" for none. */
  display: string;
  secret: boolean;
}

export interface WizardSubmitFailure {
  kind: 'network' | 'server';
  /** HTTP status, 0 for a network failure */
  status: number;
  message: string;
}

/** Everything the page renders; the page applies no rule of its own. */
export interface WizardView {
  step: WizardStepId;
  title: string;
  connector: { id: string; name: string; version: string };
  /** Among the steps shown: count is 4 when the authentication type step is left out. */
  progress: { position: number; count: number };
  steps: WizardStepLink[];
  fields: WizardField[];
  /** Every error of this step, including fields no input shows (review: all). */
  errors: FieldError[];
  warnings: FieldError[];
  actions: WizardAction[];
  /** "Next", "Create instance", "Retry"; "" when next is not allowed. */
  nextLabel: string;
  /**
   * review and submitting: sections name, settings, authType, credentials. A section whose
   * step is not shown (authType when the connector has one method) has changeable false.
   */
  summary: { step: EditingStepId; title: string; changeable: boolean; items: WizardSummaryItem[] }[];
  failure: WizardSubmitFailure | null;
  /** created: the stored instance the backend answered with, secrets masked. */
  instance: Record<string, unknown> | null;
}

/** The instance as submitted (docs/architecture.md, "Shared data shapes"). */
export interface WizardPayload {
  connectorId: string;
  name: WizardValue;
  timeZone: WizardValue;
  dateFormat: WizardValue;
  rateLimit: { amount: WizardValue; unit: RateUnit | WizardValue } | null;
  poolId: WizardValue;
  authMethodId: WizardValue;
  credentials: Record<string, WizardValue>;
  certificate: { data: WizardValue; passphrase: WizardValue } | null;
}

export interface WizardSubmission {
  /** The request body for the backend. */
  payload: WizardPayload;
  /** Send as the Idempotency-Key header: the same for every retry of this attempt. */
  idempotencyKey: string;
}

export interface WizardDraft {
  format: 'connector-instance-wizard-draft';
  formatVersion: 1;
  connector: { id: string; version: string };
  step: WizardStepId;
  reached: EditingStepId;
  values: Record<string, WizardValue>;
  errors: FieldError[];
  failure: WizardSubmitFailure | null;
  idempotency: { seed: string; attempt: number; open: boolean };
  created: Record<string, unknown> | null;
  secretsIncluded: boolean;
}

export interface WizardMigration {
  fromVersion: string;
  toVersion: string;
  /** Field paths whose values the new version has no place for. */
  dropped: string[];
}

export interface WizardContextOptions {
  /** A Catalog of loadCatalog(), or definitions (array or {definitions, pools}). */
  catalog: Catalog | Array<object | string> | { definitions: Array<object | string>; pools?: ConnectionPool[] | null };
  connectorId: string;
  /** Pools instances may join, instead of the catalog's. */
  pools?: ConnectionPool[] | null;
  /** Names of the connector's other instances (compared trimmed, case-insensitively). */
  existingNames?: string[];
  /** The connector's other instances: the settings offer sharing the rate limit of those with their own. */
  instances?: InstanceRef[] | null;
  /** The id of the instance being edited, when editing. */
  instanceId?: string | null;
  /** For certificate validity: epoch ms or a Date; default Date.now(); null: not checked. */
  now?: number | Date | null;
}

export interface CreateWizardOptions extends WizardContextOptions {
  /** Seed of the idempotency keys (the first attempt's key); default crypto.randomUUID(). */
  idempotencyKey?: string;
}

export interface RestoreWizardOptions extends Omit<WizardContextOptions, 'connectorId'> {
  /** Default: the draft's connector. */
  connectorId?: string;
  /** Migrate a draft of another connector version instead of refusing it. */
  migrate?: boolean;
}

/**
 * The wizard. Actions return the new view. Not allowed now -> WizardError
 * (action_not_allowed, step_not_allowed, unknown_field, field_not_on_step, field_locked,
 * invalid_value, invalid_response, wizard_disposed).
 */
export interface Wizard {
  readonly disposed: boolean;
  /** Set by restoreWizard when a draft of another connector version was migrated. */
  readonly migration: WizardMigration | null;
  view(): WizardView;
  /** One input of the current step; null clears it. */
  set(field: string, value: WizardValue): WizardView;
  /** Validates the step and moves on, or stays with field errors (see view.fields[].error). */
  next(): WizardView;
  back(): WizardView;
  goTo(step: EditingStepId): WizardView;
  cancel(): WizardView;
  reset(): WizardView;
  /** Only in the submitting step. */
  submission(): WizardSubmission;
  /** The instance the values entered so far make, secrets included (any step). */
  currentInstance(): WizardPayload;
  /** The backend's answer: 2xx created, 422 Laravel field errors, anything else a failure. */
  applyResponse(response: { status: number; body?: unknown }): WizardView;
  applyNetworkError(error?: string | Error): WizardView;
  /** Secrets are left out unless includeSecrets is true. */
  save(options?: { includeSecrets?: boolean }): WizardDraft;
  /** Validation of the current step now (or of one field of it), without changing the wizard. */
  check(field?: string): { errors: FieldError[]; warnings: FieldError[] };
  dispose(): void;
}

/** Every input of every step of a connector, each showing its default. */
export interface WizardFormDescription {
  name: WizardField;
  settings: WizardField[];
  authMethod: WizardField;
  /** By auth method id: its credentials, then certificate and passphrase when it takes one. */
  methods: Record<string, WizardField[]>;
}

export type WizardFormOptions = Pick<WizardContextOptions, 'catalog' | 'connectorId' | 'pools'>;

export interface WizardApi {
  /** The inputs the wizard shows for a connector (for editing a stored instance). */
  describeForm(options: WizardFormOptions): WizardFormDescription;
  /**
   * The instance that field values (as set() takes them) make, by the wizard's payload
   * rules: only the selected method's credentials; no certificate for a method that takes none.
   * A path the connector has no input for throws WizardError unknown_field (details.field).
   */
  buildInstance(options: WizardFormOptions, values: Record<string, WizardValue | undefined>): WizardPayload;
  /** Throws ArgumentError (options), WizardError connector_not_found / invalid_idempotency_key. */
  createWizard(options: CreateWizardOptions): Wizard;
  /**
   * Throws WizardError draft_invalid (details.pointer) for anything that is not a draft of
   * this format (text that is not JSON, null, {}), draft_connector_mismatch,
   * draft_version_mismatch (unless migrate).
   */
  restoreWizard(draft: WizardDraft | string, options: RestoreWizardOptions): Wizard;
}
