// Type-checks the published .d.ts the way a TypeScript consumer uses it (tsc --noEmit).
// A wrong or missing declaration fails tests/node/types.test.mjs.
import { load, ValidationError, ConnectorInstancesError } from 'connector-instances';
import type { ConnectorModule } from 'connector-instances';

async function main(): Promise<void> {
  const m: ConnectorModule = await load();
  const version: string = m.version;
  const e = new ValidationError('required', 'The name field is required.', { field: 'name' });
  const code: string = e.code;
  const base: ConnectorInstancesError = e;
  const Cls: typeof ValidationError = m.errors.ValidationError;
  void [version, code, base, Cls];
}
void main;
