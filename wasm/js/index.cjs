'use strict';
// CommonJS entry: the implementation is the ES module; load() is async anyway, so this
// entry imports it lazily. Error classes are on the loaded module as `module.errors`.
let esm = null;
function importEsm() {
  if (!esm) esm = import('./index.mjs');
  return esm;
}
exports.load = function load() {
  return importEsm().then((m) => m.load());
};
