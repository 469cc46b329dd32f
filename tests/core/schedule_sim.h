#pragma once
// A virtual-clock driver for core::schedule::scheduler in tests: feeds arrivals at their
// instants, polls at every event and at next_wakeup(), completes started requests after
// their duration, and records what happened to each request.
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <vector>

#include "core/schedule/scheduler.h"

namespace schedule_sim {

inline constexpr double never = std::numeric_limits<double>::infinity();

struct arrival {
  double at = 0;
  int limit = core::schedule::scheduler::unlimited;
  int pool = -1;
  double duration = 0;  // how long it runs once started
};

struct outcome {
  double id = 0;
  arrival in;
  double started_at = std::nan("");
  double failed_at = std::nan("");  // pool timeout
  bool started() const { return !std::isnan(started_at); }
  bool failed() const { return !std::isnan(failed_at); }
};

// Something a test does at a given instant (pause a limit, cancel a request...).
struct action {
  double at;
  std::function<void(core::schedule::scheduler&, std::vector<outcome>&)> run;
};

struct run_result {
  std::vector<outcome> requests;     // in arrival order
  std::vector<double> poll_times;    // every instant the driver polled at
  // Polls made only because next_wakeup() asked for them that started and failed
  // nothing: a scheduler that wakes exactly when something can happen has none.
  std::size_t idle_wakeups = 0;
};

// Runs until nothing is left to do. `arrivals` need not be sorted (stable by time).
inline run_result run(core::schedule::scheduler& s, std::vector<arrival> arrivals,
                      std::vector<action> actions = {}) {
  run_result out;
  std::stable_sort(arrivals.begin(), arrivals.end(),
                   [](const arrival& a, const arrival& b) { return a.at < b.at; });
  std::stable_sort(actions.begin(), actions.end(),
                   [](const action& a, const action& b) { return a.at < b.at; });
  std::map<double, std::size_t> by_id;          // id -> index in out.requests
  std::multimap<double, double> completions;    // instant -> id
  std::size_t next_arrival = 0, next_action = 0;
  double wake = never;
  for (;;) {
    double t = wake;
    if (next_arrival < arrivals.size()) t = std::min(t, arrivals[next_arrival].at);
    if (next_action < actions.size()) t = std::min(t, actions[next_action].at);
    if (!completions.empty()) t = std::min(t, completions.begin()->first);
    if (t == never) break;
    bool other_event = false;
    while (!completions.empty() && completions.begin()->first <= t) {
      other_event = true;
      s.complete(completions.begin()->second);
      completions.erase(completions.begin());
    }
    while (next_arrival < arrivals.size() && arrivals[next_arrival].at <= t) {
      const arrival& a = arrivals[next_arrival++];
      other_event = true;
      outcome o;
      o.in = a;
      o.id = s.enqueue(a.limit, a.pool, t);
      by_id[o.id] = out.requests.size();
      out.requests.push_back(o);
    }
    while (next_action < actions.size() && actions[next_action].at <= t) {
      actions[next_action++].run(s, out.requests);
      other_event = true;
    }
    s.poll(t);
    out.poll_times.push_back(t);
    if (!other_event && s.started().empty() && s.timed_out().empty()) ++out.idle_wakeups;
    for (double id : s.started()) {
      auto& o = out.requests[by_id.at(id)];
      o.started_at = t;
      completions.emplace(t + o.in.duration, id);
    }
    for (double id : s.timed_out()) out.requests[by_id.at(id)].failed_at = t;
    wake = s.next_wakeup();
  }
  return out;
}

// Start instants of the requests of one limit, sorted.
inline std::vector<double> starts_of(const run_result& r, int limit) {
  std::vector<double> v;
  for (const auto& o : r.requests)
    if (o.in.limit == limit && o.started()) v.push_back(o.started_at);
  std::sort(v.begin(), v.end());
  return v;
}

// The most starts inside any half-open window [x, x + window). The densest window can
// always be slid right until it begins at a start, so checking the windows that begin at
// each start covers every placement.
inline std::size_t max_in_window(const std::vector<double>& sorted_starts, double window) {
  std::size_t best = 0, j = 0;
  for (std::size_t i = 0; i < sorted_starts.size(); ++i) {
    if (j < i) j = i;
    while (j < sorted_starts.size() && sorted_starts[j] < sorted_starts[i] + window) ++j;
    best = std::max(best, j - i);
  }
  return best;
}

// The most requests of `pool` running at once. A request that completes at t has freed
// its connection before one that starts at t takes it (the driver completes, then polls).
inline std::size_t max_concurrent(const run_result& r, int pool) {
  std::vector<std::pair<double, int>> events;  // (instant, -1 end / +1 start)
  for (const auto& o : r.requests) {
    if (o.in.pool != pool || !o.started()) continue;
    events.emplace_back(o.started_at, +1);
    events.emplace_back(o.started_at + o.in.duration, -1);
  }
  std::sort(events.begin(), events.end());
  long now = 0, best = 0;
  for (const auto& e : events) best = std::max(best, now += e.second);
  return static_cast<std::size_t>(best);
}

}  // namespace schedule_sim
