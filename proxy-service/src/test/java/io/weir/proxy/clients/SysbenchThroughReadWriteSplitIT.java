package io.weir.proxy.clients;

import io.weir.proxy.testing.TestingProxy;
import io.weir.testkit.mariadb.MariaDbTopology;

/**
 * sysbench through a readwritesplit service over the primary and two replicas: its prepare (DDL and
 * inserts) goes to the primary, point selects to the replicas, and its transactions, which sysbench
 * opens with BEGIN, to the primary. Zero errors besides the primary's own deadlocks, and the tables
 * read the same through the proxy (from a replica) as on the primary.
 */
class SysbenchThroughReadWriteSplitIT extends SysbenchThroughProxyIT {

  @Override
  TestingProxy proxyFor(MariaDbTopology topology) {
    return TestingProxy.builder(topology).router("readwritesplit").start();
  }
}
