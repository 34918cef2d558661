package io.weir.proxy.clients;

import io.weir.proxy.testing.TestingProxy;
import io.weir.testkit.mariadb.MariaDbTopology;

/**
 * MariaDB Connector/J's whole contract through a readwritesplit service: every statement is
 * classified and every session command, prepared statement and KILL goes through the router
 * session. The service opens no replica connection ({@code max_slave_connections: 0}), so reads
 * fall back to the master and every scenario, which reads what it just wrote, can compare its
 * results with the primary's exactly: without causal reads a replica may not have applied the write
 * yet. Routing to replicas is proven by the readwritesplit ITs.
 */
class MariaDbConnectorJReadWriteSplitIT extends MariaDbConnectorJIT {

  @Override
  TestingProxy proxyFor(MariaDbTopology topology) {
    return TestingProxy.builder(topology)
        .router("readwritesplit")
        .serviceParameters("      max_slave_connections: 0\n")
        .start();
  }

  @Override
  String prefix() {
    return "mcjrws";
  }
}
