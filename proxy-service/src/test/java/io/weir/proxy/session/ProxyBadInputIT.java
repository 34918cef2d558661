package io.weir.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.proxy.runtime.ProxySettings;
import io.weir.proxy.testing.RawClient;
import io.weir.proxy.testing.TestingProxy;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbServer;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import io.weir.wire.packet.ErrPacket;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the proxy does with clients that send what no driver would, with clients that leave in the
 * middle of a result and with servers that go away in the middle of one: an error or a closed
 * connection within seconds, never a hang, and a proxy that goes on serving everyone else.
 */
@WithMariaDb(replicas = 1)
class ProxyBadInputIT {
  private static final Duration AUTHENTICATION_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
  private static final String BIG_RESULT = "SELECT REPEAT('x', 1000) FROM seq_1_to_200000";

  private TestingProxy proxy;

  @BeforeEach
  void startProxy(MariaDbTopology topology) {
    proxy = TestingProxy.start(topology, "master", "", settings(64 * 1024 * 1024));
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  @Test
  @DisplayName("a handshake response too short to read gets 1043 Bad handshake and a close")
  void truncatedHandshakeResponse() throws Exception {
    try (RawClient client = RawClient.connect(proxy.host(), proxy.port(), READ_TIMEOUT)) {
      client.writePacket(1, new byte[] {1, 2, 3, 4, 5});
      assertBadHandshake(client);
    }
    assertProxyHealthy(proxy);
  }

  @Test
  void handshakeResponseWithoutProtocol41() throws Exception {
    try (RawClient client = RawClient.connect(proxy.host(), proxy.port(), READ_TIMEOUT)) {
      byte[] payload = new byte[32 + 4];
      payload[32] = 'a';
      payload[33] = 'p';
      payload[34] = 'p';
      client.writePacket(1, payload);
      assertBadHandshake(client);
    }
    assertProxyHealthy(proxy);
  }

  @Test
  @DisplayName("an SSLRequest to a listener without TLS gets 1043 Bad handshake")
  void tlsRequestToPlainListener() throws Exception {
    try (RawClient client = RawClient.connect(proxy.host(), proxy.port(), READ_TIMEOUT)) {
      byte[] payload = new byte[32];
      long capabilities = RawClient.CAPABILITIES.classic() | 1L << 11;
      for (int i = 0; i < 4; i++) {
        payload[i] = (byte) (capabilities >>> (8 * i));
      }
      payload[8] = 45;
      client.writePacket(1, payload);
      assertBadHandshake(client);
    }
    assertProxyHealthy(proxy);
  }

  @Test
  @DisplayName("an HTTP request instead of a login is closed by the authentication timeout")
  void httpRequestInsteadOfLogin() throws Exception {
    try (RawClient client = RawClient.connect(proxy.host(), proxy.port(), READ_TIMEOUT)) {
      Instant start = Instant.now();
      // "GET" reads as a 5.5 MB packet that never comes: only the login timer ends it
      client.writeRaw("GET / HTTP/1.1\r\nHost: weir\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(client.closedByPeer()).isTrue();
      assertThat(Duration.between(start, Instant.now()))
          .isLessThan(AUTHENTICATION_TIMEOUT.plusSeconds(2));
    }
    assertProxyHealthy(proxy);
  }

  @Test
  @DisplayName("an unknown command byte gets 1047 and the session goes on")
  void unknownCommand() throws Exception {
    try (RawClient client = login(proxy)) {
      client.writePacket(0, new byte[] {0x7f, 1, 2, 3});
      RawClient.Packet answer = client.readPacket();
      assertError(answer, 1047, "08S01", "Unknown command");
      assertThat(answer.sequenceId()).isEqualTo(1);
      assertThat(client.query("SELECT 1").rows()).containsExactly(List.of("1"));

      client.writePacket(0, new byte[0]);
      assertError(client.readPacket(), 1047, "08S01", "Unknown command");
      assertThat(client.query("SELECT 2").rows()).containsExactly(List.of("2"));
    }
    assertProxyHealthy(proxy);
  }

  /**
   * Commands that are garbage for the server: the proxy answers them itself or relays the server's
   * answer, and the client sees what it would see connected to the server directly.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "unknown command byte,7f01,true",
    "empty packet,'',true",
    "COM_INIT_DB of nothing,02,true",
    "COM_FIELD_LIST of no table,04,true",
    "COM_STMT_PREPARE of nothing,16,true",
    "COM_STMT_EXECUTE of an unknown statement,17e703000000000100000000,true",
    "COM_STMT_FETCH of an unknown statement,1ce70300000a000000,true",
    "COM_STMT_RESET of an unknown statement,1ae7030000,true",
    "COM_STMT_SEND_LONG_DATA of an unknown statement,18e70300000000616263,false",
    "COM_STMT_CLOSE of an unknown statement,19e7030000,false",
    "COM_SET_OPTION of an unknown option,1b0900,true",
  })
  void garbageCommandAnsweredAsTheServerDoes(
      String what, String hex, boolean answered, MariaDbTopology topology) throws Exception {
    byte[] payload = HexFormat.of().parseHex(hex);
    String direct;
    try (RawClient client =
        RawClient.connect(topology.primary().host(), topology.primary().port(), READ_TIMEOUT)) {
      RawClient.Packet ok =
          client.authenticate(
              Credentials.APPLICATION.user(), Credentials.APPLICATION.password(), "app");
      assertThat(ok.isOk()).as("%s", ok).isTrue();
      direct = exchange(client, payload, answered);
    }
    String proxied;
    try (RawClient client = login(proxy)) {
      proxied = exchange(client, payload, answered);
    }
    assertThat(proxied).as(what).isEqualTo(direct);
    assertProxyHealthy(proxy);
  }

  @Test
  @DisplayName(
      "a query pipelined behind the handshake response runs after the login, as on the server")
  void queryPipelinedBehindLogin(MariaDbTopology topology) throws Exception {
    MariaDbServer primary = topology.primary();
    for (int port : new int[] {primary.port(), proxy.port()}) {
      try (RawClient client = RawClient.connect(proxy.host(), port, READ_TIMEOUT)) {
        client.writeRaw(
            client.handshakeResponse(
                Credentials.APPLICATION.user(), Credentials.APPLICATION.password(), "app"));
        client.writePacket(0, query("SELECT 'pipelined'"));
        RawClient.Packet ok = client.readPacket();
        assertThat(ok.isOk()).as("port %d: %s", port, ok).isTrue();
        assertThat(client.readResult().rows())
            .as("port %d", port)
            .containsExactly(List.of("pipelined"));
      }
    }
    assertProxyHealthy(proxy);
  }

  @Test
  @DisplayName("a command with a sequence id other than 0 is refused as the server refuses it")
  void commandOutOfSequence(MariaDbTopology topology) throws Exception {
    String direct;
    try (RawClient client =
        RawClient.connect(topology.primary().host(), topology.primary().port(), READ_TIMEOUT)) {
      client.authenticate(
          Credentials.APPLICATION.user(), Credentials.APPLICATION.password(), "app");
      direct = exchange(client, 5, query("SELECT 1"), true);
    }
    String proxied;
    try (RawClient client = login(proxy)) {
      proxied = exchange(client, 5, query("SELECT 1"), true);
    }
    assertThat(proxied).isEqualTo(direct);
    assertProxyHealthy(proxy);
  }

  /**
   * Here the proxy departs from the server on purpose: the server reads a bare COM_CHANGE_USER as a
   * change to the anonymous user and starts an authentication that fails; the proxy, which must
   * decode the request to re-authenticate it, refuses it as unreadable and keeps the session.
   */
  @Test
  @DisplayName("a COM_CHANGE_USER too short to read gets 1043 and the session keeps its user")
  void truncatedChangeUser() throws Exception {
    try (RawClient client = login(proxy)) {
      client.writePacket(0, new byte[] {0x11});
      assertError(client.readPacket(), 1043, "08S01", "Bad handshake");
      assertThat(client.query("SELECT CURRENT_USER()").rows()).containsExactly(List.of("app@%"));
    }
    assertProxyHealthy(proxy);
  }

  @Test
  @DisplayName("an unknown command between pipelined queries is answered in its turn")
  void unknownCommandPipelined() throws Exception {
    try (RawClient client = login(proxy)) {
      client.writePacket(0, query("SELECT SLEEP(0.2), 'first'"));
      client.writePacket(0, new byte[] {0x7f});
      client.writePacket(0, query("SELECT 'second'"));
      assertThat(client.readResult().rows()).containsExactly(List.of("0", "first"));
      assertError(client.readPacket(), 1047, "08S01", "Unknown command");
      assertThat(client.readResult().rows()).containsExactly(List.of("second"));
    }
    assertProxyHealthy(proxy);
  }

  @Test
  @DisplayName("a backend killed before it answered gives the client an error, then a close")
  void backendKilledBeforeAnswer(MariaDbTopology topology) throws Exception {
    try (RawClient client = login(proxy)) {
      client.writePacket(0, query("SELECT SLEEP(30) AS weir_killed_before_answer"));
      long backend = awaitBackend(topology.primary(), "weir_killed_before_answer");
      topology.primary().execute("KILL " + backend);
      RawClient.Packet answer = client.readPacket();
      assertThat(answer.isError()).as("%s", answer).isTrue();
      // the server's own 1927 when it gets it out before closing, else the proxy's 2013
      assertThat(answer.error().errorCode()).isIn(1927, 2013);
      assertThat(answer.sequenceId()).isEqualTo(1);
      assertThat(client.closedByPeer()).isTrue();
    }
    assertProxyHealthy(proxy);
  }

  @Test
  @DisplayName("a backend killed while its session is idle ends the client's session")
  void backendKilledWhileIdle(MariaDbTopology topology) throws Exception {
    try (RawClient client = login(proxy)) {
      List<String> row = client.query("SELECT CONNECTION_ID()").rows().getFirst();
      long backend = Long.parseLong(row.getFirst());
      assertThat(proxy.runtime().sessions().all())
          .extracting(LiveSession::backendThreadId)
          .containsExactly(backend);
      topology.primary().execute("KILL " + backend);
      awaitTrue(
          "the proxy ended the session of the killed backend",
          Duration.ofSeconds(5),
          () -> proxy.runtime().sessions().size() == 0);
      assertThat(client.closedByPeer()).isTrue();
    }
    assertProxyHealthy(proxy);
  }

  @Test
  @DisplayName("max_connections holds when many clients connect at once")
  void maxConnectionsUnderConcurrentConnects(MariaDbTopology topology) throws Exception {
    try (TestingProxy limited =
        TestingProxy.start(
            topology, "master", "      max_connections: 1\n", settings(64 * 1024 * 1024))) {
      int clients = 24;
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> greeted = new ArrayList<>();
      try (ExecutorService threads = Executors.newFixedThreadPool(clients)) {
        for (int i = 0; i < clients; i++) {
          greeted.add(
              threads.submit(
                  () -> {
                    go.await();
                    try (RawClient client =
                        RawClient.connect(limited.host(), limited.port(), READ_TIMEOUT)) {
                      // hold the slot until every client has had its answer
                      Thread.sleep(1000);
                      return client.greeting() != null;
                    } catch (RawClient.RefusedException e) {
                      assertThat(e.error().errorCode()).isEqualTo(1040);
                      return false;
                    }
                  }));
        }
        go.countDown();
        int admitted = 0;
        for (Future<Boolean> one : greeted) {
          admitted += one.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertThat(admitted).isEqualTo(1);
      }
      assertProxyHealthy(limited);
    }
  }

  @Test
  @DisplayName("a header announcing 16 MiB, then nothing and a close, leaves the proxy healthy")
  void announcedPacketNeverSent() throws Exception {
    try (RawClient client = login(proxy)) {
      client.writeRaw(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 3, 'S', 'E'});
      assertThat(proxy.runtime().sessions().size()).isEqualTo(1);
    }
    assertProxyHealthy(proxy);
  }

  @Test
  @DisplayName("a packet above the maximum packet length gets 1153 and a close")
  void packetTooLarge(MariaDbTopology topology) throws Exception {
    try (TestingProxy small = TestingProxy.start(topology, "master", "", settings(1024 * 1024));
        RawClient client = login(small)) {
      byte[] start = new byte[4 + 64];
      int length = 2 * 1024 * 1024;
      start[0] = (byte) length;
      start[1] = (byte) (length >>> 8);
      start[2] = (byte) (length >>> 16);
      start[3] = 0;
      start[4] = 0x03;
      client.writeRaw(start);
      RawClient.Packet answer = client.readPacket();
      assertError(answer, 1153, "08S01", "Got a packet bigger than 'max_allowed_packet' bytes");
      assertThat(answer.sequenceId()).isEqualTo(1);
      assertThat(client.closedByPeer()).isTrue();
      assertProxyHealthy(small);
    }
  }

  @Test
  @DisplayName("a client that leaves in the middle of a big result frees its backend connection")
  void clientLeavesMidResult(MariaDbTopology topology) throws Exception {
    RawClient client = login(proxy);
    long backend;
    try {
      client.writePacket(0, query(BIG_RESULT));
      readSomeRows(client, 2000);
      backend = backendRunning(topology.primary()).orElseThrow();
      assertThat(proxy.runtime().sessions().all())
          .extracting(LiveSession::backendThreadId)
          .containsExactly(backend);
    } finally {
      client.abort();
    }
    awaitTrue(
        "the backend connection " + backend + " is closed",
        Duration.ofSeconds(15),
        () -> !connectionExists(topology.primary(), backend));
    assertProxyHealthy(proxy);
  }

  @Test
  @DisplayName("a backend killed in the middle of a result ends the client's result within seconds")
  void backendKilledMidResult(MariaDbTopology topology) throws Exception {
    try (RawClient client = login(proxy)) {
      client.writePacket(0, query(BIG_RESULT));
      readSomeRows(client, 2000);
      long backend = backendRunning(topology.primary()).orElseThrow();
      topology.primary().execute("KILL " + backend);
      Instant killed = Instant.now();
      // the socket timeout turns a hang into an exception, which fails the test
      RawClient.Drained drained = client.drainResult(bytes -> {});
      assertThat(Duration.between(killed, Instant.now())).isLessThan(Duration.ofSeconds(5));
      assertThat(drained.rows()).isLessThan(200_000 - 2000);
      if (drained.end() != null) {
        assertThat(drained.end().isError()).as("%s", drained.end()).isTrue();
      }
      assertThat(client.closedByPeer()).isTrue();
    }
    assertProxyHealthy(proxy);
  }

  /** What a client sees: the answer to {@code payload}, then whether SELECT 1 still runs. */
  private static String exchange(RawClient client, byte[] payload, boolean answered)
      throws IOException {
    return exchange(client, 0, payload, answered);
  }

  private static String exchange(RawClient client, int sequenceId, byte[] payload, boolean answered)
      throws IOException {
    StringBuilder seen = new StringBuilder();
    try {
      client.writePacket(sequenceId, payload);
      if (answered) {
        RawClient.Packet answer = client.readPacket();
        seen.append(
            answer.isError()
                ? "ERR " + answer.error().errorCode() + " " + answer.error().message()
                : answer.isOk() ? "OK" : answer.toString());
        seen.append(" #").append(answer.sequenceId());
      }
      seen.append("; then ").append(client.query("SELECT 1").rows());
    } catch (EOFException | SocketException e) {
      seen.append("; closed");
    }
    return seen.toString();
  }

  private static void assertBadHandshake(RawClient client) throws IOException {
    RawClient.Packet answer = client.readPacket();
    assertError(answer, 1043, "08S01", "Bad handshake");
    assertThat(answer.sequenceId()).isEqualTo(2);
    assertThat(client.closedByPeer()).isTrue();
  }

  private static void assertError(
      RawClient.Packet packet, int errno, String sqlState, String message) {
    assertThat(packet.isError()).as("%s", packet).isTrue();
    ErrPacket error = packet.error();
    assertThat(error.errorCode()).isEqualTo(errno);
    assertThat(error.sqlState()).isEqualTo(sqlState);
    assertThat(error.message()).isEqualTo(message);
  }

  /** No session is left behind, and a new client logs in and runs a query. */
  private static void assertProxyHealthy(TestingProxy proxy) throws Exception {
    awaitTrue(
        "every session of the proxy ended",
        Duration.ofSeconds(5),
        () -> proxy.runtime().sessions().size() == 0);
    try (RawClient fresh = login(proxy)) {
      assertThat(fresh.query("SELECT 42").rows()).containsExactly(List.of("42"));
    }
  }

  private static RawClient login(TestingProxy proxy) throws IOException {
    RawClient client = RawClient.connect(proxy.host(), proxy.port(), READ_TIMEOUT);
    RawClient.Packet answer =
        client.authenticate(
            Credentials.APPLICATION.user(), Credentials.APPLICATION.password(), "app");
    if (!answer.isOk()) {
      client.close();
      throw new IOException("login refused: " + answer);
    }
    return client;
  }

  private static byte[] query(String sql) {
    byte[] text = sql.getBytes(StandardCharsets.UTF_8);
    byte[] payload = new byte[text.length + 1];
    payload[0] = 0x03;
    System.arraycopy(text, 0, payload, 1, text.length);
    return payload;
  }

  /** Reads the column definitions and {@code rows} rows of a one-column text result. */
  private static void readSomeRows(RawClient client, int rows) throws IOException {
    RawClient.Packet first = client.readPacket();
    assertThat(first.isError()).as("%s", first).isFalse();
    client.readPacket();
    assertThat(client.readPacket().isEof()).isTrue();
    for (int i = 0; i < rows; i++) {
      RawClient.Packet row = client.readPacket();
      assertThat(row.isEof() || row.isError()).as("row %d: %s", i, row).isFalse();
    }
  }

  private static long awaitBackend(MariaDbServer server, String marker) throws Exception {
    Instant deadline = Instant.now().plusSeconds(10);
    while (true) {
      try (Connection connection = server.connect(Credentials.ADMIN);
          Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT ID FROM information_schema.PROCESSLIST WHERE USER = 'app'"
                      + " AND INFO LIKE '%"
                      + marker
                      + "%'")) {
        if (rows.next()) {
          return rows.getLong(1);
        }
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("no backend runs " + marker);
      }
      Thread.sleep(50);
    }
  }

  /** The server's id of the application's connection running the big result. */
  private static Optional<Long> backendRunning(MariaDbServer server) throws SQLException {
    try (Connection connection = server.connect(Credentials.ADMIN);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT ID FROM information_schema.PROCESSLIST WHERE USER = 'app'"
                    + " AND INFO LIKE '%seq_1_to_200000%'")) {
      return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
    }
  }

  private static boolean connectionExists(MariaDbServer server, long id) {
    try (Connection connection = server.connect(Credentials.ADMIN);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = " + id)) {
      rows.next();
      return rows.getLong(1) > 0;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitTrue(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not within " + timeout + ": " + what);
      }
      Thread.sleep(50);
    }
  }

  private static ProxySettings settings(int maximumPacketLength) {
    ProxySettings defaults = ProxySettings.defaults();
    return new ProxySettings(
        maximumPacketLength,
        defaults.connectTimeout(),
        AUTHENTICATION_TIMEOUT,
        defaults.usersRefreshInterval(),
        defaults.eventLoops(),
        defaults.writeBufferLowWaterMark(),
        defaults.writeBufferHighWaterMark());
  }
}
