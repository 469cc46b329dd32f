// Type-checks the catalog and validation declarations (wasm/js/catalog.d.ts) as a consumer
// uses them.
import { load, CatalogError } from 'connector-instances';
import type {
  AuthMethod, Catalog, CatalogProblem, ConnectionPool, ConnectorSummary, FieldError, InstanceInput,
  LaravelErrorBody, SecretFields, TemplateFlaw, TemplatePart, ValidationResult,
} from 'connector-instances';

async function main(): Promise<void> {
  const m = await load();
  const pools: ConnectionPool[] = [{ id: 'p1', name: 'Pool', limit: 5, timeout: null }];
  const catalog: Catalog = m.loadCatalog(['{"id": "x"}', { id: 'y' }], { pools });
  const problems: CatalogProblem[] = catalog.problems;
  const connectors: ConnectorSummary[] = catalog.connectors();
  const methods: AuthMethod[] | null = catalog.authMethods('shopify');
  const instance: InstanceInput = {
    connectorId: 'shopify', name: 'EU store', rateLimit: { amount: 2, unit: 'second' },
    credentials: { store_name: 'acme', page_size: 50, sandbox: true }, certificate: null,
  };
  const result: ValidationResult = m.validateInstance(catalog, instance, { existingNames: ['US'], now: new Date() });
  // a misspelt member is no member of an instance (run time: unknown_field)
  // @ts-expect-error timezone is not timeZone
  m.validateInstance(catalog, { connectorId: 'shopify', name: 'EU', timezone: 'UTC' });
  // @ts-expect-error nor inside the rate limit
  m.validateInstance(catalog, { connectorId: 'shopify', name: 'EU', rateLimit: { amount: 1, unit: 'second', per: 1 } });
  const errors: FieldError[] = result.errors;
  const zone: string | null = result.instance.timeZone;
  const body: LaravelErrorBody = m.toLaravel(result);
  const first: string[] | undefined = body.errors['name'];
  const ok: boolean = m.validateConnectorDefinition('{}').valid && m.validatePool({ id: 'p' }).valid;
  const isCatalogError: boolean = new CatalogError('invalid_catalog', 'none') instanceof Error;
  const fields: SecretFields | null = catalog.secretFields('shopify', undefined);
  const paths: string[] = fields?.secretPaths ?? [];
  const only: string | null = catalog.defaultAuthMethod('shopify');
  const taken: FieldError = m.fieldError('name', 'taken', {});
  const mask: string = m.secretMask;
  const parts: TemplatePart[] = m.templateParts('https://{{store}}.example.com');
  const keys: string[] = parts.flatMap((p) => (p.variable !== undefined ? [p.variable] : []));
  const texts: string[] = parts.flatMap((p) => (p.literal !== undefined ? [p.literal] : []));
  const flaw: TemplateFlaw = 'unclosed';
  catalog.dispose();
  void [problems, connectors, methods, errors, zone, first, ok, isCatalogError, paths, only, taken, mask, keys, texts, flaw];
}
void main;
