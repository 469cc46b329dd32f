// Type-checks the published .d.ts the way a TypeScript consumer uses it (tsc --noEmit).
// A wrong or missing declaration fails tests/node/types.test.mjs.
import { load, ValidationError, ConnectorInstancesError, ModuleLoadError } from 'connector-instances';
import type { ConnectorModule } from 'connector-instances';

async function main(): Promise<void> {
  const m: ConnectorModule = await load();
  const version: string = m.version;
  const e = new ValidationError('required', 'The name field is required.', { field: 'name' });
  const code: string = e.code;
  const base: ConnectorInstancesError = e;
  const Cls: typeof ValidationError = m.errors.ValidationError;
  void [version, code, base, Cls];
  // where the binary comes from: one option at a time, of the right type
  await load({ wasmUrl: new URL('https://cdn.example/connector.wasm') });
  await load({ wasmBinary: new Uint8Array(8) });
  await load({ wasmModule: new WebAssembly.Module(new Uint8Array(8)) });
  // @ts-expect-error two sources at once
  await load({ wasmUrl: '/connector.wasm', wasmBinary: new Uint8Array(8) });
  // @ts-expect-error a number is no URL
  await load({ wasmUrl: 5 });
  // @ts-expect-error unknown option
  await load({ wasmPath: '/connector.wasm' });
  const loadError = new ModuleLoadError('module_load_failed', 'x', { url: 'u', status: 404, contentType: 'text/html' });
  const failedStatus: number | undefined = loadError.details.status;
  void failedStatus;
}
void main;
