package io.weir.proxy.router.readwritesplit;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.control.resource.ParameterValues;
import io.weir.sql.classify.QueryClassification;
import io.weir.sql.classify.QueryClassifier;
import io.weir.wire.capability.ServerStatus;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoutingRulesTest {

  private static final ReadWriteSplitSettings DEFAULTS = settings(Map.of());
  private static final int AUTOCOMMIT = ServerStatus.SERVER_STATUS_AUTOCOMMIT.mask();
  private static final int IN_TRANSACTION = ServerStatus.SERVER_STATUS_IN_TRANS.mask();

  @ParameterizedTest(name = "{0} -> {1}")
  @DisplayName("outside transactions, each kind of statement goes where MaxScale sends it")
  @CsvSource(
      delimiter = '|',
      value = {
        "SELECT c FROM sbtest1 WHERE id=5                 | SLAVE",
        "SELECT @@server_id                               | SLAVE",
        "SHOW TABLES                                      | SLAVE",
        "SELECT NOW(), CONCAT('a', 'b')                   | SLAVE",
        "UPDATE sbtest1 SET k=k+1 WHERE id=5              | MASTER",
        "INSERT INTO t VALUES (1) RETURNING id            | MASTER",
        "CREATE TABLE t (a INT)                           | MASTER",
        "SELECT * FROM t FOR UPDATE                       | MASTER",
        "SELECT * FROM t LOCK IN SHARE MODE               | MASTER",
        "SELECT LAST_INSERT_ID()                          | MASTER",
        "CALL refresh()                                   | MASTER",
        "SELECT my_function(1)                            | MASTER",
        "SELECT NEXTVAL(s)                                | MASTER",
        "BEGIN                                            | MASTER",
        "START TRANSACTION READ ONLY                      | SLAVE",
        "SET @a = 1                                       | ALL",
        "SET NAMES utf8mb4                                | ALL",
        "USE app                                          | ALL",
        "SELECT @b := 2                                   | ALL",
        "INSERT INTO t VALUES (@c := 3)                   | MASTER",
        "SET GLOBAL max_connections = 10                  | MASTER",
        "SHOW WARNINGS                                    | LAST",
        "PREPARE s FROM 'SELECT 1'                        | ALL",
      })
  void outsideTransactions(String sql, Destination expected) {
    assertThat(route(sql, new TransactionState(), DEFAULTS)).isEqualTo(expected);
  }

  @Test
  @DisplayName("inside a transaction everything but session commands stays on its connection")
  void insideATransaction() {
    TransactionState transaction = new TransactionState();
    transaction.replied(AUTOCOMMIT | IN_TRANSACTION);

    assertThat(route("SELECT 1", transaction, DEFAULTS)).isEqualTo(Destination.TRANSACTION);
    assertThat(route("COMMIT", transaction, DEFAULTS)).isEqualTo(Destination.TRANSACTION);
    assertThat(route("SELECT 1; SELECT 2", transaction, DEFAULTS))
        .isEqualTo(Destination.TRANSACTION);
    assertThat(route("SET @a = 1", transaction, DEFAULTS)).isEqualTo(Destination.ALL);
  }

  @Test
  @DisplayName("with autocommit off every statement goes to the master")
  void autocommitOff() {
    TransactionState transaction = new TransactionState();
    transaction.replied(0);

    assertThat(route("SELECT 1", transaction, DEFAULTS)).isEqualTo(Destination.MASTER);
  }

  @Test
  @DisplayName("SET TRANSACTION READ ONLY sends the next transaction to a replica")
  void nextTransactionReadOnly() {
    TransactionState transaction = new TransactionState();
    transaction.nextReadOnly(true);

    assertThat(route("START TRANSACTION", transaction, DEFAULTS)).isEqualTo(Destination.SLAVE);
    assertThat(route("START TRANSACTION READ WRITE", transaction, DEFAULTS))
        .isEqualTo(Destination.MASTER);
  }

  @Test
  @DisplayName("multi-statements, temporary tables and a pinned session go to the master")
  void masterOnly() {
    TransactionState none = new TransactionState();
    assertThat(route("SELECT 1; SELECT 2", none, DEFAULTS)).isEqualTo(Destination.MASTER);
    assertThat(route("SET @a = 1; SET NAMES utf8mb4", none, DEFAULTS))
        .as("a multi-statement of session changes only")
        .isEqualTo(Destination.ALL);
    QueryClassification read = QueryClassifier.classify("SELECT * FROM tmp");
    assertThat(RoutingRules.route(read.typeMask(), false, true, false, none, DEFAULTS))
        .isEqualTo(Destination.MASTER);
    assertThat(RoutingRules.route(read.typeMask(), false, false, true, none, DEFAULTS))
        .isEqualTo(Destination.MASTER);
  }

  @Test
  @DisplayName("use_sql_variables_in=master sends variable reads and assigning reads to the master")
  void variablesOnMaster() {
    ReadWriteSplitSettings master = settings(Map.of("use_sql_variables_in", "master"));
    TransactionState none = new TransactionState();

    assertThat(route("SELECT @a", none, master)).isEqualTo(Destination.MASTER);
    assertThat(route("SELECT @@sql_mode", none, master)).isEqualTo(Destination.MASTER);
    assertThat(route("SELECT @b := 1", none, master)).isEqualTo(Destination.MASTER);
    assertThat(route("SET @c = 1", none, master)).isEqualTo(Destination.ALL);
    assertThat(route("SELECT 1", none, master)).isEqualTo(Destination.SLAVE);
  }

  private static Destination route(
      String sql, TransactionState transaction, ReadWriteSplitSettings settings) {
    QueryClassification classification = QueryClassifier.classify(sql);
    return RoutingRules.route(
        classification.typeMask(),
        classification.multiStatement(),
        false,
        false,
        transaction,
        settings);
  }

  static ReadWriteSplitSettings settings(Map<String, Object> values) {
    return ReadWriteSplitSettings.of("test", new ParameterValues(values));
  }
}
