package io.weir.proxy.clients;

import io.weir.proxy.testing.TestingProxy;
import io.weir.testkit.mariadb.MariaDbTopology;

/**
 * The mariadb command-line client's whole suite through a readwritesplit service that opens no
 * replica connection ({@code max_slave_connections: 0}): the scenarios read what they just wrote,
 * which a replica may not have applied yet. Every statement is still classified and every session
 * command goes through the router session.
 */
class MariaDbCommandLineClientReadWriteSplitIT extends MariaDbCommandLineClientIT {

  @Override
  TestingProxy proxyFor(MariaDbTopology topology) {
    return TestingProxy.builder(topology)
        .router("readwritesplit")
        .serviceParameters("      max_slave_connections: 0\n")
        .start();
  }
}
