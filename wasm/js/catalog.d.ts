// Types of the catalog and validation API. Format: docs/connector-format.md;
// shared shapes: docs/architecture.md.

// One RateLimit type for the package: the scheduler's ({amount, unit}).
import type { RateLimit } from './schedule.js';

export type RateUnit = RateLimit['unit'];
export type AuthType =
  | 'basic'
  | 'token'
  | 'oauth2_client_credentials'
  | 'oauth2_authorization_code'
  | 'oauth1';
export type CertificateRequirement = 'none' | 'optional' | 'required';
export type InputType =
  | 'text' | 'secret' | 'url' | 'email' | 'integer' | 'number' | 'enum' | 'boolean' | 'multiline';

/** A variable as the catalog returns it: every member present, defaults filled in. */
export interface Variable {
  key: string;
  label: string;
  alias: string | null;
  /** Normalised: a string, a number (integer/number) or a boolean; null when none. */
  default: string | number | boolean | null;
  required: boolean;
  advanced: boolean;
  locked: boolean;
  secret: boolean;
  type: InputType;
  /** enum only */
  options?: string[];
  /** Where the value is found, in words (absent when the definition gives none). */
  help?: string;
  /** ECMAScript-compatible subset, matched against the whole value. */
  pattern?: string;
  patternDescription?: string;
  /** integer/number: bounds of the value; other types: bounds of the length in characters. */
  min?: number;
  max?: number;
}

export interface AuthMethodSummary {
  id: string;
  name: string;
  type: AuthType;
  certificate: CertificateRequirement;
}

export interface AuthMethod extends AuthMethodSummary {
  variables: Variable[];
  /** How the backend tests the credentials (docs/connection-test.md); absent: not testable. */
  check?: CheckRequest;
  basic?: { username: string; password: string };
  token?: { value: string; header?: string; query?: string; scheme?: string };
  oauth2?: OAuth2Settings;
  oauth1?: OAuth1Settings;
}

/** Strings are templates: "{{key}}" names a variable of the method. */
export interface CheckRequest {
  method: 'GET' | 'HEAD' | 'POST';
  url: string;
  successStatus: number[];
  headers: Record<string, string>;
}

export interface OAuth2Settings {
  tokenUrl: string;
  /** authorization code only */
  authorizeUrl?: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  clientAuthentication: 'basic' | 'body';
  tokenKey: string;
  expiresInKey: string;
  refreshTokenKey: string;
  /** authorization code only */
  pkce?: boolean;
}

export interface OAuth1Settings {
  consumerKey: string;
  consumerSecret: string;
  token: string;
  tokenSecret: string;
  realm?: string;
  signatureMethod: 'HMAC-SHA256' | 'HMAC-SHA1';
}

export interface ConnectorSummary {
  id: string;
  name: string;
  version: string;
  systemType: string;
  protocol: string;
  helpUrl: string | null;
  defaults: { timeZone: string; dateFormat: string; rateLimit: RateLimit };
  concurrencyLimit: boolean;
  authMethods: AuthMethodSummary[];
}

export interface ConnectorDefinition extends Omit<ConnectorSummary, 'authMethods'> {
  authMethods: AuthMethod[];
}

export interface ConnectionPool {
  id: string;
  name: string;
  limit: number;
  /** seconds, or null: no timeout */
  timeout: number | null;
}

/** A problem in a definition or pool document. */
export interface DefinitionProblem {
  /** RFC 6901 JSON Pointer into the definition (or pool) */
  pointer: string;
  code: string;
  message: string;
  params?: Record<string, unknown>;
}

/** A problem of one item of a catalog: which item, and the problem inside it. */
export interface CatalogProblem extends DefinitionProblem {
  source: 'definitions' | 'pools';
  index: number;
  id: string | null;
}

export interface Catalog {
  /** Definitions and pools that were skipped, and why. */
  readonly problems: CatalogProblem[];
  readonly disposed: boolean;
  connectors(): ConnectorSummary[];
  connector(id: string): ConnectorDefinition | null;
  authMethods(connectorId: string): AuthMethod[] | null;
  pools(): ConnectionPool[];
  /** The method an instance naming none uses (the only one), or null. */
  defaultAuthMethod(connectorId: string): string | null;
  /** Which values are secret for a method (null/undefined: the default one); null for an unknown connector. */
  secretFields(connectorId: string, authMethodId?: unknown): SecretFields | null;
  /** Frees the catalog inside the module (also done when the object is garbage-collected). */
  dispose(): void;
}

/** An instance as submitted (wizard payload, backend request body). */
/**
 * An instance as submitted. Any other member (a misspelt `timezone`) is a field error
 * `unknown_field` at its path, also inside rateLimit and certificate.
 */
export interface InstanceInput {
  connectorId: string;
  name: string;
  /** omitted: the connector's default */
  timeZone?: string;
  dateFormat?: string;
  /** omitted: the connector's default; must be omitted or null with sharedLimitOf */
  rateLimit?: RateLimit | null;
  poolId?: string | null;
  /** The id of another instance whose rate limit this one uses (one of context.instances). */
  sharedLimitOf?: string | null;
  /** omitted: the connector's only method, if it has one */
  authMethodId?: string;
  credentials?: Record<string, string | number | boolean | null>;
  certificate?: { data: string; passphrase?: string | null } | null;
}

export interface FieldError {
  /** name, timeZone, dateFormat, rateLimit.amount, credentials.<key>, certificate, ... */
  field: string;
  code: string;
  message: string;
  params: Record<string, unknown>;
}

/** What validation returns as the instance to store: never a secret value. */
export interface NormalisedInstance {
  connectorId: string | null;
  name: string | null;
  timeZone: string | null;
  dateFormat: string | null;
  /** null when the instance shares another's limit (sharedLimitOf) */
  rateLimit: RateLimit | null;
  poolId: string | null;
  sharedLimitOf: string | null;
  authMethodId: string | null;
  /** Non-secret credentials, normalised (numbers, booleans), defaults applied. */
  credentials: Record<string, string | number | boolean> | null;
  certificate: {
    format: 'pem' | 'pkcs12';
    certificates: { subject: string | null; notBefore: number; notAfter: number }[];
    privateKeyEncrypted: boolean;
    /**
     * False when the passphrase could be neither confirmed nor refused here (a PEM key under
     * DES-EDE3-CBC, a PKCS#12 without MAC whose parts use legacy ciphers): a host with a
     * crypto library should try it before storing (the reference backend does).
     */
    passphraseChecked: boolean;
  } | null;
}

export interface ValidationResult {
  valid: boolean;
  /** At most 100; the others found are counted in omittedErrors. */
  errors: FieldError[];
  /** Errors found beyond the 100 listed (a body with thousands of unknown keys). */
  omittedErrors: number;
  /** Not blocking (e.g. a date format whose dates cannot be read back exactly). */
  warnings: FieldError[];
  instance: NormalisedInstance;
}

/** Another instance of the connector, as sharing a rate limit needs it. */
export interface InstanceRef {
  id: string;
  name: string;
  /** The instance whose limit it uses; null: its own (only such instances can be shared). */
  sharedLimitOf?: string | null;
}

export interface ValidationContext {
  /** Names of the connector's other instances; compared trimmed, case-insensitively. */
  existingNames?: string[];
  /** Pools to check poolId against, instead of the catalog's. */
  pools?: ConnectionPool[] | null;
  /** The connector's other instances (not the edited one): whose rate limit sharedLimitOf may name. */
  instances?: InstanceRef[] | null;
  /** The id of the edited instance; omitted for a new one. */
  instanceId?: string | null;
  /** For certificate validity: epoch ms or a Date; default Date.now(); null: not checked. */
  now?: number | Date | null;
}

/** The body of an HTTP 422 answer, as Laravel writes it. */
export interface LaravelErrorBody {
  message: string;
  errors: Record<string, string[]>;
}

export interface DefinitionCheck {
  valid: boolean;
  problems: DefinitionProblem[];
  definition: ConnectorDefinition | null;
}

/** A piece of a template ("https://{{store}}.example.com"): literal text or a variable key. */
export type TemplatePart = { literal: string; variable?: never } | { variable: string; literal?: never };

/** Why a template is malformed (details.reason of CatalogError `invalid_template`). */
export type TemplateFlaw = 'unclosed' | 'unopened' | 'invalid_key';

export interface PoolCheck {
  valid: boolean;
  problems: DefinitionProblem[];
  pool: ConnectionPool | null;
}

/**
 * The secrets of one auth method. A key secret in any method of the connector is secret in
 * every method; aliases name their key; the certificate and its passphrase are secret.
 */
export interface SecretFields {
  /** The method resolved (the default one when none was named), or null. */
  authMethodId: string | null;
  /** The method's secret variables. */
  credentials: { key: string; alias: string | null }[];
  /** The method's secret field paths: credentials.<key>, certificate, certificate.passphrase. */
  paths: string[];
  /** Every secret field path of the connector, keys and aliases of every method, certificate.data too. */
  secretPaths: string[];
}

export interface CatalogApi {
  /** Shown in place of a secret that has a value; sent back, it means "keep the stored value". */
  readonly secretMask: string;
  /** A field error with the core's message for `code` (the wording validation uses). */
  fieldError(field: string, code: string, params?: Record<string, unknown>): FieldError;
  /**
   * Loads definitions (objects, or JSON texts such as file contents: then duplicate keys
   * are found too) and pools. Bad items are skipped and listed in `catalog.problems`;
   * throws CatalogError (details.problems) when none of the given definitions loads.
   */
  loadCatalog(
    definitions: Array<object | string> | object | string,
    options?: { pools?: ConnectionPool[] | null },
  ): Catalog;
  /** Never throws for invalid input; ArgumentError for a non-object or a disposed catalog. */
  validateInstance(catalog: Catalog, instance: InstanceInput, context?: ValidationContext): ValidationResult;
  /** validateInstance, throwing ValidationError (details.errors, details.body) when invalid. */
  assertValidInstance(catalog: Catalog, instance: InstanceInput, context?: ValidationContext): ValidationResult;
  /** Lists at most 100 errors; the message counts all, with omittedErrors of a result. */
  toLaravel(errors: FieldError[] | { errors: FieldError[]; omittedErrors?: number }): LaravelErrorBody;
  /** The key two instance names collide on (trimmed, case-folded as validation does); null when not well-formed. */
  instanceNameKey(name: string): string | null;
  validateConnectorDefinition(definition: object | string): DefinitionCheck;
  validatePool(pool: object | string): PoolCheck;
  /**
   * Splits a template of a connector definition by the core's grammar ("{{key}}", spaces
   * allowed around the key). Throws CatalogError `invalid_template` (details.reason a
   * TemplateFlaw) when malformed, ArgumentError for a non-string or a lone surrogate.
   */
  templateParts(text: string): TemplatePart[];
}
