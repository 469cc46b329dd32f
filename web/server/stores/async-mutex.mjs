// A first-come, first-served lock for asynchronous work in one process: `run(fn)` starts
// `fn` once every earlier `fn` has settled.
export class AsyncMutex {
  #tail = Promise.resolve();

  run(fn) {
    const result = this.#tail.then(() => fn());
    // the next one waits for this one to settle, whether it succeeded or not
    this.#tail = result.then(() => {}, () => {});
    return result;
  }
}
