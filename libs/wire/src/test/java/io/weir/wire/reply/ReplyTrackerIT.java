package io.weir.wire.reply;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import io.weir.wire.auth.MysqlNativePassword;
import io.weir.wire.capability.Capabilities;
import io.weir.wire.capability.Capability;
import io.weir.wire.capability.ServerStatus;
import io.weir.wire.codec.PayloadWriter;
import io.weir.wire.command.ComInitDb;
import io.weir.wire.command.ComQuery;
import io.weir.wire.command.Command;
import io.weir.wire.frame.PacketFrame;
import io.weir.wire.handshake.HandshakeResponse41;
import io.weir.wire.handshake.HandshakeV10;
import io.weir.wire.packet.OkPacket;
import io.weir.wire.testing.TestingProtocolClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tracker follows a real MariaDB server's replies: it finds the end of each with the right
 * counts, with and without DEPRECATE_EOF. The test reads the socket's raw bytes in whatever pieces
 * they arrive and never frames them itself, so a reply end the tracker misses shows up as a hang
 * (the socket timeout) or as a malformed next reply.
 */
@WithMariaDb(replicas = 0)
class ReplyTrackerIT {
  private static final String USER = "tracker";
  private static final String PASSWORD = "tracker-password";

  private static final Capabilities CLIENT =
      Capabilities.of(
          Capability.LONG_FLAG,
          Capability.CLIENT_PROTOCOL_41,
          Capability.TRANSACTIONS,
          Capability.SECURE_CONNECTION,
          Capability.MULTI_STATEMENTS,
          Capability.MULTI_RESULTS,
          Capability.PS_MULTI_RESULTS,
          Capability.LOCAL_FILES,
          Capability.PLUGIN_AUTH,
          Capability.CONNECT_ATTRS,
          Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA,
          Capability.SESSION_TRACK);

  private static @Nullable MariaDbTopology server;

  @BeforeAll
  static void createSchema(MariaDbTopology topology) {
    server = topology;
    topology
        .primary()
        .execute(
            "CREATE USER IF NOT EXISTS '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'",
            "GRANT ALL ON *.* TO '" + USER + "'@'%'",
            "CREATE DATABASE IF NOT EXISTS tracker",
            "CREATE OR REPLACE TABLE tracker.t (id INT PRIMARY KEY, name VARCHAR(20))",
            "INSERT INTO tracker.t VALUES (1, 'one'), (2, NULL), (3, ''), (4, 'four'), (5, 'x')",
            "CREATE OR REPLACE TABLE tracker.loaded (id INT, name VARCHAR(20))",
            "CREATE OR REPLACE PROCEDURE tracker.two_results() BEGIN "
                + "SELECT id FROM tracker.t WHERE id < 3; SELECT name FROM tracker.t; END");
  }

  @ParameterizedTest(name = "DEPRECATE_EOF {0}")
  @ValueSource(booleans = {false, true})
  @DisplayName("the tracker finds the end of each real reply with the right counts")
  void realReplies(boolean deprecateEof) throws IOException {
    try (Session session =
        Session.open(deprecateEof ? CLIENT.with(Capability.DEPRECATE_EOF) : CLIENT)) {
      assertThat(session.negotiated.has(Capability.DEPRECATE_EOF)).isEqualTo(deprecateEof);

      Reply select = session.query("SELECT id, name FROM tracker.t ORDER BY id");
      assertThat(select.ok()).isTrue();
      assertThat(select.rows()).isEqualTo(5);
      assertThat(select.resultSets()).isEqualTo(1);

      Reply multi = session.query("SELECT 1; SELECT 2, 3 UNION SELECT 4, 5; DO 1");
      assertThat(multi.ok()).isTrue();
      assertThat(multi.resultSets()).isEqualTo(2);
      assertThat(multi.rows()).isEqualTo(3);
      assertThat(ServerStatus.SERVER_MORE_RESULTS_EXISTS.isSetIn(multi.serverStatus())).isFalse();

      Reply call = session.query("CALL tracker.two_results()");
      assertThat(call.ok()).isTrue();
      assertThat(call.resultSets()).isEqualTo(2);
      assertThat(call.rows()).isEqualTo(2 + 5);

      Reply error = session.query("SELECT * FROM tracker.does_not_exist");
      assertThat(error.ok()).isFalse();
      assertThat(error.error()).isNotNull();
      assertThat(error.error().errorCode()).isEqualTo(1146);

      Reply ping =
          session.run(Command.COM_PING, payload -> payload.writeByte(Command.COM_PING.code()));
      assertThat(ping.ok()).isTrue();

      Reply statistics =
          session.run(
              Command.COM_STATISTICS, payload -> payload.writeByte(Command.COM_STATISTICS.code()));
      assertThat(statistics.ok()).isTrue();
      assertThat(statistics.bytes()).isPositive();

      Reply initDb = session.run(Command.COM_INIT_DB, new ComInitDb("tracker")::encode);
      assertThat(initDb.sessionState().schema()).contains("tracker");

      Reply autocommit = session.query("SET autocommit = 0");
      assertThat(autocommit.sessionState().systemVariable("autocommit")).contains("OFF");
      session.query("INSERT INTO tracker.loaded VALUES (100, 'gtid')");
      Reply commit = session.query("COMMIT");
      String lastGtid = commit.sessionState().lastGtid().orElseThrow();
      assertThat(lastGtid).matches("\\d+-\\d+-\\d+");
      Reply readBack = session.query("SELECT @@last_gtid");
      assertThat(readBack.rows()).isEqualTo(1);
      session.query("SET autocommit = 1");

      Reply prepare =
          session.run(
              Command.COM_STMT_PREPARE,
              payload -> {
                payload.writeByte(Command.COM_STMT_PREPARE.code());
                payload.writeBytes("SELECT id, name FROM tracker.t WHERE id > ?".getBytes(UTF_8));
              });
      PreparedStatementInfo statement = prepare.prepared();
      assertThat(statement).isNotNull();
      assertThat(statement.parameters()).isEqualTo(1);
      assertThat(statement.columns()).isEqualTo(2);

      Reply execute =
          session.run(
              Command.COM_STMT_EXECUTE,
              payload -> {
                payload.writeByte(Command.COM_STMT_EXECUTE.code());
                PayloadWriter.writeInt4(payload, statement.statementId());
                PayloadWriter.writeInt1(payload, 1); // CURSOR_TYPE_READ_ONLY
                PayloadWriter.writeInt4(payload, 1);
                PayloadWriter.writeInt1(payload, 0); // NULL bitmap
                PayloadWriter.writeInt1(payload, 1); // new parameter types bound
                PayloadWriter.writeInt2(payload, 3); // MYSQL_TYPE_LONG
                PayloadWriter.writeInt4(payload, 1); // id > 1
              });
      assertThat(execute.ok()).isTrue();
      assertThat(execute.rows()).isZero();
      assertThat(ServerStatus.SERVER_STATUS_CURSOR_EXISTS.isSetIn(execute.serverStatus())).isTrue();

      long fetched = 0;
      Reply fetch;
      do {
        fetch =
            session.run(
                Command.COM_STMT_FETCH,
                payload -> {
                  payload.writeByte(Command.COM_STMT_FETCH.code());
                  PayloadWriter.writeInt4(payload, statement.statementId());
                  PayloadWriter.writeInt4(payload, 3);
                });
        assertThat(fetch.ok()).isTrue();
        fetched += fetch.rows();
      } while (!ServerStatus.SERVER_STATUS_LAST_ROW_SENT.isSetIn(fetch.serverStatus()));
      assertThat(fetched).isEqualTo(4);

      Reply executeWithoutCursor =
          session.run(
              Command.COM_STMT_EXECUTE,
              payload -> {
                payload.writeByte(Command.COM_STMT_EXECUTE.code());
                PayloadWriter.writeInt4(payload, statement.statementId());
                PayloadWriter.writeInt1(payload, 0);
                PayloadWriter.writeInt4(payload, 1);
                PayloadWriter.writeInt1(payload, 0);
                PayloadWriter.writeInt1(payload, 1);
                PayloadWriter.writeInt2(payload, 3);
                PayloadWriter.writeInt4(payload, 3); // id > 3
              });
      assertThat(executeWithoutCursor.rows()).isEqualTo(2);
      session.send(
          Command.COM_STMT_CLOSE,
          payload -> {
            payload.writeByte(Command.COM_STMT_CLOSE.code());
            PayloadWriter.writeInt4(payload, statement.statementId());
          });

      Reply load =
          session.loadDataLocalInfile(
              "LOAD DATA LOCAL INFILE 'rows.csv' INTO TABLE tracker.loaded"
                  + " FIELDS TERMINATED BY ','",
              "1,a\n2,b\n3,c\n");
      assertThat(load.ok()).isTrue();
      assertThat(load.localInfileFile()).isEqualTo("rows.csv");
      assertThat(load.affectedRows()).isEqualTo(3);

      // pipelined: three commands written before any reply is read
      List<Reply> pipelined =
          session.pipeline(
              List.of("SELECT 1", "SELECT id FROM tracker.t", "SELECT * FROM no_such_table"));
      assertThat(pipelined).extracting(Reply::rows).containsExactly(1L, 5L, 0L);
      assertThat(pipelined).extracting(Reply::ok).containsExactly(true, true, false);
    }
  }

  @ParameterizedTest(name = "DEPRECATE_EOF {0}")
  @ValueSource(booleans = {false, true})
  @DisplayName("with CACHE_METADATA a re-execution's column count says no definitions follow")
  void cachedMetadata(boolean deprecateEof) throws IOException {
    Capabilities plain = deprecateEof ? CLIENT.with(Capability.DEPRECATE_EOF) : CLIENT;
    List<Long> withoutCache = executeThreeTimes(plain);
    List<Long> withCache = executeThreeTimes(plain.with(Capability.MARIADB_CLIENT_CACHE_METADATA));
    // the server sent the metadata with the prepare response; with the cache it skips the column
    // definitions (not the EOF after them) in every execution, and the tracker still counts rows
    assertThat(withCache)
        .allSatisfy(bytes -> assertThat(bytes).isLessThan(withoutCache.getFirst()));
    assertThat(withoutCache).containsOnly(withoutCache.getFirst());
  }

  private static List<Long> executeThreeTimes(Capabilities capabilities) throws IOException {
    try (Session session = Session.open(capabilities)) {
      assertThat(session.negotiated.has(Capability.MARIADB_CLIENT_CACHE_METADATA))
          .isEqualTo(capabilities.has(Capability.MARIADB_CLIENT_CACHE_METADATA));
      assertThat(session.query("SELECT id, name FROM tracker.t").rows()).isEqualTo(5);
      Reply prepare =
          session.run(
              Command.COM_STMT_PREPARE,
              payload -> {
                payload.writeByte(Command.COM_STMT_PREPARE.code());
                payload.writeBytes("SELECT id, name FROM tracker.t".getBytes(UTF_8));
              });
      PreparedStatementInfo statement = prepare.prepared();
      assertThat(statement).isNotNull();
      List<Long> bytes = new ArrayList<>();
      for (int execution = 0; execution < 3; execution++) {
        Reply execute =
            session.run(
                Command.COM_STMT_EXECUTE,
                payload -> {
                  payload.writeByte(Command.COM_STMT_EXECUTE.code());
                  PayloadWriter.writeInt4(payload, statement.statementId());
                  PayloadWriter.writeInt1(payload, 0);
                  PayloadWriter.writeInt4(payload, 1);
                });
        assertThat(execute.rows()).isEqualTo(5);
        assertThat(execute.resultSets()).isEqualTo(1);
        bytes.add(execute.bytes());
      }
      return bytes;
    }
  }

  /** A logged-in connection whose every byte from the server goes through a tracker. */
  private static final class Session implements AutoCloseable {
    private final TestingProtocolClient client;
    private final Capabilities negotiated;
    private final ReplyTracker tracker;
    private final List<Reply> replies = new ArrayList<>();
    private final List<String> localInfileRequests = new ArrayList<>();
    private final byte[] buffer = new byte[8192];

    private Session(TestingProtocolClient client, Capabilities negotiated) {
      this.client = client;
      this.negotiated = negotiated;
      this.tracker =
          new ReplyTracker(
              negotiated,
              new ReplyListener() {
                @Override
                public void onReply(Reply reply) {
                  replies.add(reply);
                }

                @Override
                public void onLocalInfileRequest(String fileName) {
                  localInfileRequests.add(fileName);
                }
              });
      tracker.checksumResults(true);
    }

    static Session open(Capabilities capabilities) throws IOException {
      MariaDbTopology running = server;
      assertThat(running).isNotNull();
      Socket socket = new Socket();
      socket.connect(
          new InetSocketAddress(running.primary().host(), running.primary().port()), 5_000);
      socket.setSoTimeout(10_000);
      TestingProtocolClient client = new TestingProtocolClient(socket);
      PacketFrame greeting = client.read();
      HandshakeV10 handshake;
      try {
        handshake = HandshakeV10.decode(greeting.payload());
      } finally {
        greeting.release();
      }
      HandshakeResponse41 response =
          new HandshakeResponse41(
              capabilities,
              16 * 1024 * 1024,
              45,
              USER,
              MysqlNativePassword.clientResponse(PASSWORD, handshake.scramble()),
              null,
              MysqlNativePassword.PLUGIN_NAME,
              Map.of("_client_name", "weir-wire-test"));
      client.write(greeting.nextSequenceId(), response::encode);
      Capabilities negotiated = capabilities.intersect(handshake.capabilities());
      PacketFrame reply = client.read();
      try {
        OkPacket.decode(reply.payload(), negotiated);
      } finally {
        reply.release();
      }
      return new Session(client, negotiated);
    }

    Reply query(String sql) throws IOException {
      return run(Command.COM_QUERY, new ComQuery(sql)::encode);
    }

    /** Sends a command and reads until the tracker reports its reply. */
    Reply run(Command command, Consumer<ByteBuf> payload) throws IOException {
      send(command, payload);
      return awaitReplies(1).getFirst();
    }

    void send(Command command, Consumer<ByteBuf> payload) throws IOException {
      tracker.expect(command);
      client.write(0, payload);
    }

    List<Reply> pipeline(List<String> statements) throws IOException {
      for (String sql : statements) {
        send(Command.COM_QUERY, new ComQuery(sql)::encode);
      }
      assertThat(tracker.outstanding()).isEqualTo(statements.size());
      return awaitReplies(statements.size());
    }

    Reply loadDataLocalInfile(String sql, String fileContent) throws IOException {
      send(Command.COM_QUERY, new ComQuery(sql)::encode);
      while (!tracker.awaitingLocalInfileData()) {
        readOnce();
      }
      assertThat(localInfileRequests).last().isEqualTo("rows.csv");
      client.write(2, payload -> payload.writeBytes(fileContent.getBytes(UTF_8)));
      client.write(3, payload -> {});
      tracker.localInfileDataEnded();
      return awaitReplies(1).getFirst();
    }

    private List<Reply> awaitReplies(int count) throws IOException {
      int before = replies.size();
      while (tracker.awaitingReply()) {
        readOnce();
      }
      assertThat(replies).hasSize(before + count);
      return List.copyOf(replies.subList(before, replies.size()));
    }

    private void readOnce() throws IOException {
      int read = client.readRaw(buffer);
      ByteBuf bytes = Unpooled.wrappedBuffer(buffer, 0, read);
      tracker.scan(bytes);
    }

    @Override
    public void close() throws IOException {
      client.close();
    }
  }
}
