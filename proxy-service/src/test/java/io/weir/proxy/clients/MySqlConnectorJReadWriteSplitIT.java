package io.weir.proxy.clients;

import io.weir.proxy.testing.TestingProxy;
import io.weir.testkit.mariadb.MariaDbTopology;

/**
 * MySQL Connector/J's whole suite, {@code changeUser} (COM_CHANGE_USER) and {@code
 * resetServerState} (COM_RESET_CONNECTION) included, through a readwritesplit service that opens no
 * replica connection ({@code max_slave_connections: 0}), so that scenarios reading what they just
 * wrote compare exactly with the primary.
 */
class MySqlConnectorJReadWriteSplitIT extends MySqlConnectorJIT {

  @Override
  TestingProxy proxyFor(MariaDbTopology topology) {
    return TestingProxy.builder(topology)
        .router("readwritesplit")
        .serviceParameters("      max_slave_connections: 0\n")
        .start();
  }

  @Override
  String prefix() {
    return "ycjrws";
  }
}
