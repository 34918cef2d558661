package io.weir.proxy.router.readwritesplit;

import io.weir.proxy.router.ServerConnections;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Picks replicas by {@code slave_selection_criteria}, as MaxScale describes it: the candidate with
 * the lowest score wins, where the score is the criterion's measure divided by the server's weight;
 * servers of rank primary beat secondary ones; ties go to the first-listed server. {@code
 * LEAST_BEHIND_MASTER} ignores weights. {@code ADAPTIVE_ROUTING} draws at random with chances
 * proportional to the inverse of each server's average response time, every server keeping at least
 * a small chance so that its average stays current.
 */
final class ReplicaSelector {
  // the least share of reads ADAPTIVE_ROUTING leaves any server, relative to an even split
  private static final double MINIMUM_SHARE = 0.1;

  private final SlaveSelectionCriteria criteria;
  private final ServerConnections global;
  private final RandomGenerator random;

  ReplicaSelector(
      SlaveSelectionCriteria criteria, ServerConnections global, RandomGenerator random) {
    this.criteria = criteria;
    this.global = global;
    this.random = random;
  }

  /** The best of {@code items} (in the service's server order), or null when empty. */
  <T> @Nullable T best(List<T> items, Function<T, ReplicaCandidate> candidate) {
    if (items.isEmpty()) {
      return null;
    }
    if (items.size() == 1) {
      return items.getFirst();
    }
    // each item's candidate once: making one looks up several maps, and a read asks for the best
    ReplicaCandidate[] candidates = new ReplicaCandidate[items.size()];
    int bestRank = Integer.MAX_VALUE;
    for (int i = 0; i < candidates.length; i++) {
      candidates[i] = candidate.apply(items.get(i));
      bestRank = Math.min(bestRank, candidates[i].rank());
    }
    List<T> ranked = new ArrayList<>(items.size());
    List<ReplicaCandidate> rankedCandidates = new ArrayList<>(items.size());
    for (int i = 0; i < candidates.length; i++) {
      if (candidates[i].rank() == bestRank) {
        ranked.add(items.get(i));
        rankedCandidates.add(candidates[i]);
      }
    }
    if (criteria == SlaveSelectionCriteria.ADAPTIVE_ROUTING) {
      return roulette(ranked, rankedCandidates);
    }
    T best = ranked.getFirst();
    double bestScore = score(rankedCandidates.getFirst());
    for (int i = 1; i < ranked.size(); i++) {
      double score = score(rankedCandidates.get(i));
      if (score < bestScore) {
        best = ranked.get(i);
        bestScore = score;
      }
    }
    return best;
  }

  /** {@code items} ordered best first, for choosing several at once (a new session's replicas). */
  <T> List<T> ordered(List<T> items, Function<T, ReplicaCandidate> candidate) {
    List<T> remaining = new ArrayList<>(items);
    List<T> ordered = new ArrayList<>(items.size());
    while (!remaining.isEmpty()) {
      T next = best(remaining, candidate);
      ordered.add(next);
      remaining.remove(next);
    }
    return ordered;
  }

  double score(ReplicaCandidate candidate) {
    if (criteria == SlaveSelectionCriteria.LEAST_BEHIND_MASTER) {
      Long lag = candidate.lag();
      return lag == null ? Double.MAX_VALUE : lag;
    }
    double measure =
        switch (criteria) {
          case LEAST_GLOBAL_CONNECTIONS -> global.count(candidate.server());
          case LEAST_ROUTER_CONNECTIONS -> candidate.statistics().connections();
          case LEAST_CURRENT_OPERATIONS -> candidate.statistics().operations();
          case LEAST_BEHIND_MASTER, ADAPTIVE_ROUTING -> 0;
        };
    if (candidate.weight() <= 0) {
      return Double.MAX_VALUE;
    }
    // one more than the measure, so that weights also split an idle cluster's load
    return (measure + 1) / candidate.weight();
  }

  /** One of {@code items}, drawn by the response times of their {@code candidates}. */
  private <T> T roulette(List<T> items, List<ReplicaCandidate> candidates) {
    double[] shares = new double[items.size()];
    double fastest = 0;
    for (ReplicaCandidate candidate : candidates) {
      double average = candidate.statistics().averageResponseNanos();
      if (average > 0) {
        fastest = Math.max(fastest, 1 / average);
      }
    }
    double total = 0;
    for (int i = 0; i < shares.length; i++) {
      double average = candidates.get(i).statistics().averageResponseNanos();
      // a server not measured yet gets the best chance, so that it is measured soon
      shares[i] = average > 0 ? 1 / average : (fastest > 0 ? fastest : 1);
      total += shares[i];
    }
    double floor = MINIMUM_SHARE / shares.length;
    double normalised = 0;
    for (int i = 0; i < shares.length; i++) {
      shares[i] = Math.max(shares[i] / total, floor);
      normalised += shares[i];
    }
    double draw = random.nextDouble() * normalised;
    for (int i = 0; i < shares.length; i++) {
      draw -= shares[i];
      if (draw < 0) {
        return items.get(i);
      }
    }
    return items.getLast();
  }
}
