#include "apps/routing/route_local_search.hpp"

#include "apps/routing/subset_routes.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <utility>

namespace karst::routing {

namespace {

constexpr Weight kInfeasible = -1;
constexpr size_t kMaxSegment = 3;  // or-opt and segment exchange move up to three farms at once
constexpr size_t kFresh = std::numeric_limits<size_t>::max();  // a new, empty route

// A move replacing up to four routes (kFresh: a new one) by new farm sequences.
struct Move {
  Weight gain = 0;  // > 0 for a move worth making
  size_t route[4] = {kFresh, kFresh, kFresh, kFresh};
  std::vector<int> seq[4];
  int routes = 0;
};

// Where a farm could go instead: a route (kFresh: a new one) and what the move gains there.
struct Home {
  Weight gain = std::numeric_limits<Weight>::min();
  size_t route = kFresh;
  bool found() const { return gain != std::numeric_limits<Weight>::min(); }
};

class LocalSearch {
 public:
  LocalSearch(const RouteProblem& p, std::vector<std::vector<int>> routes)
      : p_(p), n_(p.farms()), routes_(std::move(routes)), subsets_(p) {
    route_of_.assign(n_, -1);
    position_of_.assign(n_, -1);
    std::vector<size_t> all(routes_.size());
    for (size_t r = 0; r < routes_.size(); ++r) all[r] = r;
    rescan(all);
  }

  int run() {
    int moves = 0;
    while (true) {
      // The best cached move (ties keep the lowest route ids), then chains and route removals,
      // which look up per-route tables and so are scanned afresh each step.
      Move best;
      for (const auto& m : inside_)
        if (m.gain > best.gain) best = m;
      for (const auto& [key, m] : between_)
        if (m.gain > best.gain) best = m;
      find_homes();
      scan_chains(best);
      scan_route_removals(best);
      if (best.gain <= 0) return moves;
      apply(best);
      ++moves;
    }
  }

  std::vector<std::vector<int>> take_routes() {
    routes_.erase(std::remove_if(routes_.begin(), routes_.end(), [](auto& r) { return r.empty(); }),
                  routes_.end());
    return std::move(routes_);
  }

 private:
  const std::vector<int>& route(size_t r) const { return r == kFresh ? none_ : routes_[r]; }
  Weight cost(size_t r) const { return r == kFresh ? 0 : cost_[r]; }
  double load(size_t r) const { return r == kFresh ? 0.0 : load_[r]; }

  void apply(const Move& move) {
    std::vector<size_t> changed;
    for (int k = 0; k < move.routes; ++k) {
      size_t r = move.route[k];
      if (r == kFresh && move.seq[k].empty()) continue;
      if (r == kFresh) {
        r = routes_.size();
        routes_.emplace_back();
      }
      routes_[r] = move.seq[k];
      changed.push_back(r);
    }
    rescan(changed);
  }

  // Brings the costs, tables and cached moves of the changed routes up to date.
  void rescan(const std::vector<size_t>& changed) {
    const size_t count = routes_.size();
    cost_.resize(count);
    load_.resize(count);
    inside_.resize(count);
    without_.resize(count);
    insert_.resize(count);
    for (size_t r : changed) {
      cost_[r] = route_time(p_, routes_[r]);
      load_[r] = 0;
      for (size_t k = 0; k < routes_[r].size(); ++k) {
        const int f = routes_[r][k];
        load_[r] += p_.tonnes[f];
        route_of_[f] = int(r);
        position_of_[f] = int(k);
      }
    }
    for (size_t r : changed) {
      for (auto it = between_.begin(); it != between_.end();)
        it = it->first.first == r || it->first.second == r ? between_.erase(it) : std::next(it);
      inside_[r] = Move{};
    }
    for (size_t r : changed) {
      tabulate(r);
      if (routes_[r].empty()) continue;
      scan_inside(r, inside_[r]);
      for (size_t o = 0; o < count; ++o) {
        const auto key = std::make_pair(std::min(o, r), std::max(o, r));
        if (o == r || routes_[o].empty() || between_.count(key)) continue;
        scan_between(key.first, key.second, between_[key]);
      }
      scan_between(r, kFresh, between_[{r, kFresh}]);
    }
  }

  // Candidates cand_[0..routes) for the routes of `slot`.
  void offer(Move& slot, Weight gain, int routes) {
    if (gain <= slot.gain) return;
    slot.gain = gain;
    slot.routes = routes;
    for (int k = 0; k < routes; ++k) slot.seq[k] = cand_[k];
  }

  void offer_inside(size_t a, Move& slot) {
    const Weight t = route_time(p_, cand_[0]);
    if (t != kInfeasible) offer(slot, cost(a) - t, 1);
  }

  void offer_between(size_t a, size_t b, Move& slot) {
    const Weight old_cost = cost(a) + cost(b);
    const Weight ta = route_time(p_, cand_[0]);
    if (ta == kInfeasible || old_cost - ta <= slot.gain) return;
    const Weight tb = route_time(p_, cand_[1]);
    if (tb != kInfeasible) offer(slot, old_cost - ta - tb, 2);
  }

  static void append(std::vector<int>& out, const std::vector<int>& s, size_t from, size_t len,
                     bool reversed) {
    if (reversed)
      out.insert(out.end(), s.rbegin() + (s.size() - from - len), s.rbegin() + (s.size() - from));
    else
      out.insert(out.end(), s.begin() + from, s.begin() + from + len);
  }

  double segment_load(const std::vector<int>& s, size_t from, size_t len) const {
    double t = 0;
    for (size_t k = from; k < from + len; ++k) t += p_.tonnes[s[k]];
    return t;
  }

  void scan_inside(size_t r, Move& slot) {
    slot = Move{};
    slot.route[0] = r;
    const auto& s = routes_[r];
    const size_t m = s.size();
    auto& cand = cand_[0];
    // 2-opt: reverse s[i..j].
    for (size_t i = 0; i + 1 < m; ++i)
      for (size_t j = i + 1; j < m; ++j) {
        cand = s;
        std::reverse(cand.begin() + i, cand.begin() + j + 1);
        offer_inside(r, slot);
      }
    // Or-opt: move s[i, i+len) to position k of the rest, in either orientation.
    for (size_t len = 1; len <= kMaxSegment && len < m; ++len)
      for (size_t i = 0; i + len <= m; ++i) {
        rest_.assign(s.begin(), s.begin() + i);
        rest_.insert(rest_.end(), s.begin() + i + len, s.end());
        for (size_t k = 0; k <= rest_.size(); ++k)
          for (int rev = 0; rev <= (len > 1); ++rev) {
            if (k == i) continue;  // in place: 2-opt covers the reversal
            cand.assign(rest_.begin(), rest_.begin() + k);
            append(cand, s, i, len, rev);
            cand.insert(cand.end(), rest_.begin() + k, rest_.end());
            offer_inside(r, slot);
          }
      }
  }

  void scan_between(size_t a, size_t b, Move& slot) {
    slot = Move{};
    slot.route[0] = a;
    slot.route[1] = b;
    const auto& A = route(a);
    const auto& B = route(b);
    auto &ca = cand_[0], &cb = cand_[1];
    const bool fresh = b == kFresh;
    const double cap = p_.truck_capacity_t;
    // Segment exchange A[i, i+la) <-> B[j, j+lb); an empty side makes it a relocation.
    for (size_t la = 0; la <= kMaxSegment && la <= A.size(); ++la)
      for (size_t lb = 0; lb <= kMaxSegment && lb <= B.size(); ++lb) {
        if (la + lb == 0 || (fresh && la == A.size())) continue;
        for (size_t i = 0; i + la <= A.size(); ++i) {
          const double seg_a = segment_load(A, i, la);
          for (size_t j = 0; j + lb <= B.size(); ++j) {
            const double seg_b = segment_load(B, j, lb);
            if (!fits_truck(load(a) - seg_a + seg_b, cap) ||
                !fits_truck(load(b) - seg_b + seg_a, cap))
              continue;
            for (int rev_b = 0; rev_b <= (lb > 1); ++rev_b)
              for (int rev_a = 0; rev_a <= (la > 1); ++rev_a) {
                ca.assign(A.begin(), A.begin() + i);
                append(ca, B, j, lb, rev_b);
                ca.insert(ca.end(), A.begin() + i + la, A.end());
                cb.assign(B.begin(), B.begin() + j);
                append(cb, A, i, la, rev_a);
                cb.insert(cb.end(), B.begin() + j + lb, B.end());
                offer_between(a, b, slot);
              }
          }
        }
      }
    // Tail exchange (2-opt*): A[0, i) + B[j, end) and B[0, j) + A[i, end). With an empty B it
    // splits A in two; with i = |A| and j = 0 it joins them.
    for (size_t i = 0; i <= A.size(); ++i)
      for (size_t j = 0; j <= B.size(); ++j) {
        if ((i == 0 && j == 0) || (i == A.size() && j == B.size())) continue;  // a mere swap
        ca.assign(A.begin(), A.begin() + i);
        ca.insert(ca.end(), B.begin() + j, B.end());
        cb.assign(B.begin(), B.begin() + j);
        cb.insert(cb.end(), A.begin() + i, A.end());
        offer_between(a, b, slot);
      }
    reoptimise_pair(a, b, slot);
  }

  // The farms of A and B split into at most two routes, each in its best order.
  void reoptimise_pair(size_t a, size_t b, Move& slot) {
    const auto& A = route(a);
    const auto& B = route(b);
    if (A.size() + B.size() > size_t(kMaxExactFarms)) return;
    union_ = A;
    union_.insert(union_.end(), B.begin(), B.end());
    subsets_.solve(union_);
    const size_t all = (size_t(1) << union_.size()) - 1;
    const Weight old_cost = cost(a) + cost(b);
    // Subsets holding the first farm go to A: each split once.
    for (size_t mask = 1; mask <= all; mask += 2) {
      const Weight ta = subsets_.time(mask), tb = subsets_.time(all ^ mask);
      if (ta == kInfeasible || tb == kInfeasible || old_cost - ta - tb <= slot.gain) continue;
      subsets_.order(mask, cand_[0]);
      subsets_.order(all ^ mask, cand_[1]);
      offer(slot, old_cost - ta - tb, 2);
    }
  }

  // Route r with its farm at position `removed` taken out (none if removed == |r|) and farm y
  // (or none, -1) put in: in the best order when short enough for SubsetRoutes, else with y at its
  // best position. Returns the time, kInfeasible if no such route is feasible.
  Weight reshaped(size_t r, size_t removed, int y, std::vector<int>& out) {
    const auto& s = routes_[r];
    out.clear();
    for (size_t k = 0; k < s.size(); ++k)
      if (k != removed) out.push_back(s[k]);
    if (out.size() + (y >= 0) <= size_t(kMaxExactFarms)) {
      if (y >= 0) out.push_back(y);
      subsets_.solve(out);
      const size_t all = (size_t(1) << out.size()) - 1;
      const Weight t = subsets_.time(all);
      if (t != kInfeasible) subsets_.order(all, out);
      return t;
    }
    if (y < 0) return route_time(p_, out);
    Weight best = kInfeasible;
    size_t best_pos = 0;
    for (size_t pos = 0; pos <= out.size(); ++pos) {
      out.insert(out.begin() + pos, y);
      const Weight t = route_time(p_, out);
      if (t != kInfeasible && (best == kInfeasible || t < best)) best = t, best_pos = pos;
      out.erase(out.begin() + pos);
    }
    out.insert(out.begin() + best_pos, y);
    return best;
  }

  // Tables for the ejection chains of route r: its time without each of its farms, and with every
  // other farm put in, each of its own farms or none (index |r|) taken out.
  void tabulate(size_t r) {
    const auto& s = routes_[r];
    const size_t m = s.size();
    without_[r].assign(m, kInfeasible);
    insert_[r].assign(m == 0 ? 0 : (m + 1) * n_, kInfeasible);
    if (m == 0) return;
    for (size_t e = 0; e < m; ++e) without_[r][e] = reshaped(r, e, -1, rest_);
    const bool exact = m + 1 <= size_t(kMaxExactFarms);
    for (size_t y = 0; y < n_; ++y) {
      if (route_of_[y] < 0 || size_t(route_of_[y]) == r) continue;
      if (!exact) {
        for (size_t e = 0; e <= m; ++e)
          if (fits_truck(load_[r] - (e < m ? p_.tonnes[s[e]] : 0.0) + p_.tonnes[y],
                         p_.truck_capacity_t))
            insert_[r][e * n_ + y] = reshaped(r, e, int(y), rest_);
        continue;
      }
      // One pass over the subsets of the route plus y answers every farm taken out.
      union_ = s;
      union_.push_back(int(y));
      subsets_.solve(union_);
      const size_t all = (size_t(1) << (m + 1)) - 1;
      for (size_t e = 0; e <= m; ++e)
        insert_[r][e * n_ + y] = subsets_.time(e < m ? all ^ (size_t(1) << e) : all);
    }
  }

  // For each farm its two best new routes (a new route among them; ties to the lower id), with
  // short routes re-sequenced.
  void find_homes() {
    homes_.assign(n_, {Home{}, Home{}});
    for (size_t x = 0; x < n_; ++x) {
      if (route_of_[x] < 0) continue;
      auto consider = [&](Weight gain, size_t r) {
        auto& h = homes_[x];
        if (gain > h[0].gain)
          h[1] = h[0], h[0] = {gain, r};
        else if (gain > h[1].gain)
          h[1] = {gain, r};
      };
      cand_[0].assign(1, int(x));
      consider(-route_time(p_, cand_[0]), kFresh);
      for (size_t a = 0; a < routes_.size(); ++a) {
        if (routes_[a].empty() || int(a) == route_of_[x]) continue;
        const Weight t = insert_[a][routes_[a].size() * n_ + x];
        if (t != kInfeasible) consider(cost_[a] - t, a);
      }
    }
  }

  // Route removal: every farm of a short route moves to one of its two best homes, all to
  // different routes. Two half-empty trucks become one when their farms fit elsewhere, which no
  // single relocation shows as a gain.
  void scan_route_removals(Move& best) {
    for (size_t b = 0; b < routes_.size(); ++b) {
      const auto& B = routes_[b];
      if (B.size() < 2 || B.size() > 3) continue;
      for (unsigned pick = 0; pick < (1u << B.size()); ++pick) {
        Weight gain = cost_[b];
        size_t used[3] = {kFresh, kFresh, kFresh};
        bool ok = true;
        for (size_t k = 0; k < B.size() && ok; ++k) {
          const auto& home = homes_[B[k]][pick >> k & 1];
          used[k] = home.route;
          ok = home.found() &&
               (home.route == kFresh || std::find(used, used + k, home.route) == used + k);
          gain += home.gain;
        }
        if (!ok || gain <= best.gain) continue;
        best = Move{};
        best.gain = gain;
        best.routes = int(B.size()) + 1;
        best.route[0] = b;
        for (size_t k = 0; k < B.size(); ++k) {
          best.route[k + 1] = used[k];
          if (used[k] == kFresh)
            best.seq[k + 1].assign(1, B[k]);
          else
            reshaped(used[k], routes_[used[k]].size(), B[k], best.seq[k + 1]);
        }
      }
    }
  }

  // Ejection chains of depth two: farm y leaves route C for route B, pushing farm x out of B
  // into route A (or a new route); short routes are re-sequenced. A farm often fits a route only
  // in another's place, or once the route's order changes: the relocations together gain where
  // each alone loses.
  void scan_chains(Move& best) {
    for (size_t b = 0; b < routes_.size(); ++b) {
      const auto& B = routes_[b];
      for (size_t e = 0; e < B.size(); ++e) {
        const int x = B[e];
        for (size_t y = 0; y < n_; ++y) {
          if (route_of_[y] < 0 || size_t(route_of_[y]) == b) continue;
          const Weight b_after = insert_[b][e * n_ + y];
          const size_t c = size_t(route_of_[y]);
          const Weight c_after = without_[c][position_of_[y]];
          if (b_after == kInfeasible || c_after == kInfeasible) continue;
          const auto& home = homes_[x][0].route == c ? homes_[x][1] : homes_[x][0];
          if (!home.found()) continue;
          const Weight gain = cost_[b] + cost_[c] - b_after - c_after + home.gain;
          if (gain <= best.gain) continue;
          best = Move{};
          best.gain = gain;
          best.routes = 3;
          best.route[0] = b;
          reshaped(b, e, int(y), best.seq[0]);
          best.route[1] = c;
          reshaped(c, position_of_[y], -1, best.seq[1]);
          best.route[2] = home.route;
          if (home.route == kFresh)
            best.seq[2].assign(1, x);
          else
            reshaped(home.route, routes_[home.route].size(), x, best.seq[2]);
        }
      }
    }
  }

  const RouteProblem& p_;
  const size_t n_;
  std::vector<std::vector<int>> routes_;  // ids are stable; an emptied route stays, empty
  std::vector<Weight> cost_;
  std::vector<double> load_;
  std::vector<int> route_of_, position_of_;            // per farm; -1 for farms on no route
  std::vector<Move> inside_;                           // per route
  std::map<std::pair<size_t, size_t>, Move> between_;  // per pair a < b, b = kFresh: a new route
  std::vector<std::vector<Weight>> without_;           // per route, per position
  std::vector<std::vector<Weight>> insert_;            // per route, [taken out][farm put in]
  std::vector<std::array<Home, 2>> homes_;             // per farm
  const std::vector<int> none_;
  SubsetRoutes subsets_;
  // Scratch sequences, reused so the inner loops do not allocate.
  std::vector<int> cand_[2], rest_, union_;
};

}  // namespace

int improve_routes(const RouteProblem& problem, std::vector<std::vector<int>>& routes) {
  LocalSearch search(problem, std::move(routes));
  const int moves = search.run();
  routes = search.take_routes();
  return moves;
}

}  // namespace karst::routing
