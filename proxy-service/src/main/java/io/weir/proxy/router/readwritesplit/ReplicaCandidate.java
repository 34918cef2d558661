package io.weir.proxy.router.readwritesplit;

import org.jspecify.annotations.Nullable;

/**
 * A server a read or a new session's replica connection could go to, with what selection weighs.
 *
 * @param statistics the service's view of the server's load
 * @param rank 0 for servers of rank primary, 1 for secondary: a lower rank always wins
 * @param weight the server's {@code weight}; 0 only when nothing else qualifies
 * @param lag seconds behind the master, null when unknown
 */
record ReplicaCandidate(ServerStatistics statistics, int rank, long weight, @Nullable Long lag) {

  String server() {
    return statistics.server();
  }
}
