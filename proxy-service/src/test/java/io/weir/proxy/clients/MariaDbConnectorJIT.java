package io.weir.proxy.clients;

import java.util.List;

/**
 * MariaDB Connector/J through the proxy, with client-side and with server-side prepared statements.
 * Connector/J 3 has no {@code rewriteBatchedStatements}; it batches either one statement at a time
 * or with MariaDB's bulk protocol ({@code COM_STMT_BULK_EXECUTE}), so those are the two batch modes
 * run.
 */
class MariaDbConnectorJIT extends JdbcDriverContract {

  @Override
  String url(String host, int port, String database, String settings) {
    return "jdbc:mariadb://" + host + ":" + port + "/" + database + "?" + settings;
  }

  @Override
  String prefix() {
    return "mcj";
  }

  @Override
  List<String> settings() {
    return List.of("useServerPrepStmts=false", "useServerPrepStmts=true");
  }

  @Override
  List<String> batchSettings() {
    return List.of("useBulkStmts=false", "useBulkStmts=true");
  }

  @Override
  int streamingFetchSize() {
    return 1_000;
  }

  @Override
  String expectedCancelOutcome() {
    return "SQLTimeoutException 70100 1317 Query execution was interrupted";
  }
}
