// Reading and writing the parts of a WebAssembly binary the build's scripts look at: its
// sections, imported function count, function bodies and function names
// (scripts/wasm-order-functions.mjs, scripts/wasm-size-table.mjs).

export const SECTION = { custom: 0, import: 2, function: 3, export: 7, start: 8, element: 9, code: 10 };
const SECTION_NAMES = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export',
  'start', 'element', 'code', 'data', 'datacount', 'tag'];

export class Reader {
  constructor(bytes, at = 0) { this.bytes = bytes; this.at = at; }
  get done() { return this.at >= this.bytes.length; }
  byte() {
    if (this.at >= this.bytes.length) throw new Error('wasm: unexpected end of the binary');
    return this.bytes[this.at++];
  }
  u32() {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const b = this.byte();
      value += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return value;
      if (shift > 28) throw new Error('wasm: a LEB128 number longer than 5 bytes');
    }
  }
  skipLeb() { while (this.byte() & 0x80); }
  take(n) {
    if (this.at + n > this.bytes.length) throw new Error('wasm: unexpected end of the binary');
    const part = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return part;
  }
  name() { return this.take(this.u32()); }
}

export class Writer {
  constructor() { this.parts = []; this.pending = []; }
  byte(b) { this.pending.push(b); }
  u32(value) {
    do {
      let b = value % 128;
      value = Math.floor(value / 128);
      if (value) b |= 0x80;
      this.pending.push(b);
    } while (value);
  }
  bytes(part) { this.flush(); this.parts.push(part); }
  // a name or any byte string, with its length first
  sized(part) { this.u32(part.length); this.bytes(part); }
  flush() {
    if (this.pending.length) { this.parts.push(Uint8Array.from(this.pending)); this.pending = []; }
  }
  result() { this.flush(); return Buffer.concat(this.parts); }
}

// The binary's header and sections, in order, as { id, name, content }: a custom section's
// name is `custom "NAME"`, and its content still starts with that name.
export function readSections(bytes) {
  const r = new Reader(bytes);
  const header = r.take(8);
  if (header.readUInt32LE(0) !== 0x6d736100 || header.readUInt32LE(4) !== 1) {
    throw new Error('wasm: not a version 1 WebAssembly binary');
  }
  const sections = [];
  while (!r.done) {
    const id = r.byte();
    const content = r.take(r.u32());
    const name = id === SECTION.custom
      ? `custom "${new Reader(content).name().toString('utf8')}"`
      : SECTION_NAMES[id] ?? `id ${id}`;
    sections.push({ id, name, content });
  }
  return { header, sections };
}

// Defined functions are numbered after the imported ones.
export function importedFunctionCount(sections) {
  let functions = 0;
  for (const { content } of sections.filter((s) => s.id === SECTION.import)) {
    const r = new Reader(content);
    for (let n = r.u32(); n > 0; n--) {
      r.name();
      r.name();
      const kind = r.byte();
      if (kind === 0) { r.u32(); functions++; }
      else if (kind === 1) { r.byte(); const flags = r.u32(); r.u32(); if (flags & 1) r.u32(); }
      else if (kind === 2) { const flags = r.u32(); r.u32(); if (flags & 1) r.u32(); }
      else if (kind === 3) { r.byte(); r.byte(); }
      else if (kind === 4) { r.byte(); r.u32(); }
      else throw new Error(`wasm: unknown import kind ${kind}`);
    }
  }
  return functions;
}

// The function bodies of the code section, each without its size prefix.
export function readBodies(sections) {
  const code = sections.find((s) => s.id === SECTION.code);
  if (!code) return [];
  const r = new Reader(code.content);
  const bodies = [];
  for (let n = r.u32(); n > 0; n--) bodies.push(r.take(r.u32()));
  return bodies;
}

// The "name" section's subsections as { id, content }, after its own name.
export function nameSubsections(content) {
  const r = new Reader(content);
  r.name();
  const subsections = [];
  while (!r.done) {
    const id = r.byte();
    subsections.push({ id, content: r.take(r.u32()) });
  }
  return subsections;
}

// Function names by function index (subsection 1 of the "name" section), if there is one.
export function functionNames(sections) {
  const names = new Map();
  const section = sections.find((s) => s.name === 'custom "name"');
  for (const sub of section ? nameSubsections(section.content) : []) {
    if (sub.id !== 1) continue;
    const r = new Reader(sub.content);
    for (let n = r.u32(); n > 0; n--) {
      const index = r.u32();
      names.set(index, r.name().toString('utf8'));
    }
  }
  return names;
}
