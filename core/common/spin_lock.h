#pragma once
// A lock for the core's few short critical sections: a cache look-up, a registry's map.
//
// Why not std::mutex: in the WebAssembly build std::mutex brings libc++'s mutex.o, whose
// error path (std::system_error and its messages) brings snprintf and its long double
// arithmetic, about 13 KB of the module for a lock that the single-threaded module never
// waits on. Natively, where threads may share the core, a waiter yields its turn.
#include <atomic>
#include <thread>

namespace core {

class spin_lock {
 public:
  void lock() {
#if defined(__wasm__) && !defined(__wasm_atomics__)
    // One thread: a lock found held was left by a call that aborted (the host ends such a
    // call where it stands), and waiting would hang every later call. It is taken over.
    flag_.test_and_set(std::memory_order_acquire);
#else
    while (flag_.test_and_set(std::memory_order_acquire)) std::this_thread::yield();
#endif
  }
  void unlock() { flag_.clear(std::memory_order_release); }

 private:
  std::atomic_flag flag_ = ATOMIC_FLAG_INIT;
};

// Holds a spin_lock for its scope.
class spin_lock_guard {
 public:
  explicit spin_lock_guard(spin_lock& lock) : lock_(lock) { lock_.lock(); }
  ~spin_lock_guard() { lock_.unlock(); }
  spin_lock_guard(const spin_lock_guard&) = delete;
  spin_lock_guard& operator=(const spin_lock_guard&) = delete;

 private:
  spin_lock& lock_;
};

}  // namespace core
