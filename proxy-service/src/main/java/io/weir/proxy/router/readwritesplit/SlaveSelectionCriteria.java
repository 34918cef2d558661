package io.weir.proxy.router.readwritesplit;

/** readwritesplit's {@code slave_selection_criteria}: which replica takes a read. */
public enum SlaveSelectionCriteria {
  /** Fewest connections from the whole proxy. */
  LEAST_GLOBAL_CONNECTIONS,
  /** Fewest connections from this service. */
  LEAST_ROUTER_CONNECTIONS,
  /** Smallest replication lag; weights are ignored. */
  LEAST_BEHIND_MASTER,
  /** Fewest statements in flight from this service. */
  LEAST_CURRENT_OPERATIONS,
  /** Roulette-wheel choice favouring servers with short average response times. */
  ADAPTIVE_ROUTING
}
