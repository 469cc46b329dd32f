// Type-checks the published .d.ts the way a TypeScript consumer uses it (tsc --noEmit).
// A wrong or missing declaration fails tests/node/types.test.mjs.
import { load, ValidationError, ConnectorInstancesError, ModuleLoadError, TimeError, WizardError, ArgumentError } from 'connector-instances';
import type { ConnectorModule, FormatCheck, FormatUse } from 'connector-instances';

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
  // details carry their documented members, typed
  const timeError = new TimeError('format_mismatch', 'x', { position: 3 });
  const position: number | undefined = timeError.details.position;
  const wizardError = new WizardError('draft_invalid', 'x', { pointer: '/name' });
  const pointer: string | undefined = wizardError.details.pointer;
  const field: string | undefined = new ArgumentError('invalid_argument', 'x').details.field;
  // @ts-expect-error details are read-only
  timeError.details.position = 4;
  // a zone's handle is declared
  const handle: number = m.time.zone('UTC').id;
  // the wizard takes definition texts
  m.createWizard({ catalog: ['{"id": "shop"}'], connectorId: 'shop' });
  // the time API's misuses are type errors (run time: ArgumentError)
  const utc = m.time.zone('UTC');
  const use: FormatUse = 'instance';
  const check: FormatCheck = m.time.checkFormat('c', { use });
  const unreadableAt: number | undefined = check.warnings[0]?.position;
  const max: number = m.time.maxFormatLength;
  // @ts-expect-error a use outside the choices
  m.time.checkFormat('Y', { use: 'sideways' });
  // @ts-expect-error null options
  m.time.checkFormat('Y', null);
  // @ts-expect-error a unit outside the list
  m.time.filterWindow({ zone: 'UTC', format: 'Y', amount: 1, unit: 'fortnight' });
  // @ts-expect-error null options
  m.time.filterWindow(null);
  // @ts-expect-error a disambiguation outside the list
  utc.parse('2024', 'Y', { disambiguation: 'sooner' });
  // @ts-expect-error null options
  utc.parse('2024', 'Y', null);
  // @ts-expect-error null options
  utc.parseMany(['2024'], 'Y', null);
  // @ts-expect-error a string is no list of instants
  utc.formatMany('abc', 'Y');
  // @ts-expect-error the zone list is shared and frozen
  m.time.zones()[0]?.zones.push(m.time.zones()[0]!.zones[0]!);
  void [position, pointer, field, handle, unreadableAt, max];
}
void main;
