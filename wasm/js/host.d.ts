// Types of the host's objects, without requiring the DOM lib or @types/node: each is the
// host's own type when the consumer's libs declare it, and a structural stand-in otherwise
// (e.g. `lib: ["ES2022"]` alone).

type Global = typeof globalThis;

/** The host's URL (DOM lib or @types/node), else anything with an href. */
export type HostUrl = Global extends { URL: { prototype: infer U } } ? U : { readonly href: string };

/** The host's AbortSignal, else what the scheduler reads of one. */
export type HostAbortSignal = Global extends { AbortSignal: { prototype: infer S } } ? S : {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
};

/** The host's WebAssembly.Module, else an opaque object. */
export type HostWasmModule = Global extends { WebAssembly: { Module: { prototype: infer M } } } ? M : object;

/** What a fetch answer must offer the scheduler's client. */
export interface FetchResponseLike {
  status: number;
  headers: { get(name: string): string | null };
  body?: { cancel?(): unknown } | null;
}

/** The host's Response (what globalThis.fetch resolves to), else FetchResponseLike. */
export type HostResponse = Global extends { Response: { prototype: infer R } } ? R : FetchResponseLike;
