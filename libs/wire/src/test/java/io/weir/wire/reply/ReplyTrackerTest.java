package io.weir.wire.reply;

import static io.weir.wire.reply.TestingServerStream.AUTOCOMMIT;
import static io.weir.wire.reply.TestingServerStream.CURSOR;
import static io.weir.wire.reply.TestingServerStream.LAST_ROW;
import static io.weir.wire.reply.TestingServerStream.MORE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.weir.wire.capability.Capabilities;
import io.weir.wire.capability.Capability;
import io.weir.wire.codec.MalformedPacketException;
import io.weir.wire.codec.PayloadWriter;
import io.weir.wire.command.Command;
import io.weir.wire.frame.PacketFrame;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Server byte streams of every reply shape, fed coalesced, one byte at a time and in random splits:
 * the tracker finds the same replies every time and leaves the buffers as they were.
 */
class ReplyTrackerTest {
  static final Capabilities WITH_EOF =
      Capabilities.of(
          Capability.CLIENT_PROTOCOL_41,
          Capability.TRANSACTIONS,
          Capability.SECURE_CONNECTION,
          Capability.MULTI_STATEMENTS,
          Capability.MULTI_RESULTS,
          Capability.PS_MULTI_RESULTS,
          Capability.LOCAL_FILES,
          Capability.SESSION_TRACK,
          Capability.MARIADB_CLIENT_PROGRESS);
  static final Capabilities DEPRECATE_EOF = WITH_EOF.with(Capability.DEPRECATE_EOF);
  static final Capabilities CACHE_METADATA =
      DEPRECATE_EOF.with(Capability.MARIADB_CLIENT_CACHE_METADATA);

  /** How a stream is cut into buffers. */
  enum Feeding {
    COALESCED,
    ONE_BYTE,
    RANDOM_SPLITS
  }

  /**
   * One reply scenario.
   *
   * @param name what it shows
   * @param capabilities the negotiated capabilities
   * @param commands the commands sent, in order
   * @param stream the server's bytes
   * @param check assertions on the replies
   */
  record Scenario(
      String name,
      Capabilities capabilities,
      List<Command> commands,
      TestingServerStream stream,
      Consumer<List<Reply>> check) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> scenarios() {
    List<Scenario> all = new ArrayList<>();
    for (boolean deprecate : new boolean[] {false, true}) {
      Capabilities caps = deprecate ? DEPRECATE_EOF : WITH_EOF;
      String mode = deprecate ? " (DEPRECATE_EOF)" : " (EOF)";
      all.add(
          new Scenario(
              "OK" + mode,
              caps,
              List.of(Command.COM_QUERY),
              new TestingServerStream().ok(3, 42, AUTOCOMMIT, 1).endReply(),
              replies -> {
                Reply reply = replies.getFirst();
                assertThat(reply.ok()).isTrue();
                assertThat(reply.error()).isNull();
                assertThat(reply.affectedRows()).isEqualTo(3);
                assertThat(reply.lastInsertId()).isEqualTo(42);
                assertThat(reply.warnings()).isEqualTo(1);
                assertThat(reply.serverStatus()).isEqualTo(AUTOCOMMIT);
                assertThat(reply.resultSets()).isZero();
              }));
      all.add(
          new Scenario(
              "ERR" + mode,
              caps,
              List.of(Command.COM_QUERY),
              new TestingServerStream().err(1064, "42000", "You have an error").endReply(),
              replies -> {
                Reply reply = replies.getFirst();
                assertThat(reply.ok()).isFalse();
                assertThat(reply.error()).isNotNull();
                assertThat(reply.error().errorCode()).isEqualTo(1064);
                assertThat(reply.error().sqlState()).isEqualTo("42000");
              }));
      all.add(
          new Scenario(
              "text result set with rows starting 0x00 and 0xFB" + mode,
              caps,
              List.of(Command.COM_QUERY),
              new TestingServerStream()
                  .columns(deprecate, 2)
                  .textRow("1", "a")
                  .textRow("", "empty string first: starts with 0x00")
                  .textRow(null, "NULL first: starts with 0xFB")
                  .textRow(null, null)
                  .terminator(deprecate, AUTOCOMMIT, 2)
                  .endReply(),
              replies -> {
                Reply reply = replies.getFirst();
                assertThat(reply.ok()).isTrue();
                assertThat(reply.rows()).isEqualTo(4);
                assertThat(reply.resultSets()).isEqualTo(1);
                assertThat(reply.warnings()).isEqualTo(2);
                assertThat(reply.serverStatus()).isEqualTo(AUTOCOMMIT);
              }));
      all.add(
          new Scenario(
              "binary result set of COM_STMT_EXECUTE" + mode,
              caps,
              List.of(Command.COM_STMT_EXECUTE),
              new TestingServerStream()
                  .columns(deprecate, 1)
                  .binaryRow(1)
                  .binaryRow(0xFE)
                  .binaryRow(0xFF)
                  .terminator(deprecate, AUTOCOMMIT)
                  .endReply(),
              replies -> {
                assertThat(replies.getFirst().rows()).isEqualTo(3);
                assertThat(replies.getFirst().resultSets()).isEqualTo(1);
              }));
      all.add(
          new Scenario(
              "empty result set" + mode,
              caps,
              List.of(Command.COM_QUERY),
              new TestingServerStream().resultSet(deprecate, 0, AUTOCOMMIT).endReply(),
              replies -> {
                assertThat(replies.getFirst().rows()).isZero();
                assertThat(replies.getFirst().resultSets()).isEqualTo(1);
                assertThat(replies.getFirst().ok()).isTrue();
              }));
      all.add(
          new Scenario(
              "multi-statement: OK, result set, OK chained by MORE_RESULTS" + mode,
              caps,
              List.of(Command.COM_QUERY),
              new TestingServerStream()
                  .ok(1, 7, AUTOCOMMIT | MORE, 0)
                  .resultSet(deprecate, 2, AUTOCOMMIT | MORE)
                  .ok(5, 0, AUTOCOMMIT, 0)
                  .endReply(),
              replies -> {
                Reply reply = replies.getFirst();
                assertThat(reply.rows()).isEqualTo(2);
                assertThat(reply.resultSets()).isEqualTo(1);
                assertThat(reply.affectedRows()).isEqualTo(5);
                assertThat(reply.serverStatus()).isEqualTo(AUTOCOMMIT);
              }));
      all.add(
          new Scenario(
              "CALL: two result sets then the procedure's OK" + mode,
              caps,
              List.of(Command.COM_QUERY),
              new TestingServerStream()
                  .resultSet(deprecate, 3, AUTOCOMMIT | MORE)
                  .resultSet(deprecate, 1, AUTOCOMMIT | MORE)
                  .ok(0, 0, AUTOCOMMIT, 0)
                  .endReply(),
              replies -> {
                assertThat(replies.getFirst().rows()).isEqualTo(4);
                assertThat(replies.getFirst().resultSets()).isEqualTo(2);
              }));
      all.add(
          new Scenario(
              "multi-statement whose second statement fails" + mode,
              caps,
              List.of(Command.COM_QUERY),
              new TestingServerStream()
                  .resultSet(deprecate, 1, AUTOCOMMIT | MORE)
                  .err(1146, "42S02", "Table 'x' doesn't exist")
                  .endReply(),
              replies -> {
                assertThat(replies.getFirst().ok()).isFalse();
                assertThat(replies.getFirst().rows()).isEqualTo(1);
                assertThat(replies.getFirst().error().errorCode()).isEqualTo(1146);
              }));
      TestingServerStream prepareBoth = new TestingServerStream().prepareOk(7, 2, 3, 1);
      definitions(prepareBoth, deprecate, 3);
      definitions(prepareBoth, deprecate, 2);
      all.add(
          new Scenario(
              "prepare with parameters and columns" + mode,
              caps,
              List.of(Command.COM_STMT_PREPARE),
              prepareBoth.endReply(),
              replies -> {
                assertThat(replies.getFirst().prepared())
                    .isEqualTo(new PreparedStatementInfo(7, 2, 3));
                assertThat(replies.getFirst().warnings()).isEqualTo(1);
              }));
      TestingServerStream prepareParameters = new TestingServerStream().prepareOk(8, 0, 2, 0);
      definitions(prepareParameters, deprecate, 2);
      all.add(
          new Scenario(
              "prepare with parameters only" + mode,
              caps,
              List.of(Command.COM_STMT_PREPARE),
              prepareParameters.endReply(),
              replies ->
                  assertThat(replies.getFirst().prepared())
                      .isEqualTo(new PreparedStatementInfo(8, 0, 2))));
      TestingServerStream prepareColumns =
          new TestingServerStream().prepareOk(0xFFFF_FFF0L, 4, 0, 0);
      definitions(prepareColumns, deprecate, 4);
      all.add(
          new Scenario(
              "prepare with columns only" + mode,
              caps,
              List.of(Command.COM_STMT_PREPARE),
              prepareColumns.endReply(),
              replies ->
                  assertThat(replies.getFirst().prepared())
                      .isEqualTo(new PreparedStatementInfo(0xFFFF_FFF0L, 4, 0))));
      all.add(
          new Scenario(
              "prepare without parameters or columns" + mode,
              caps,
              List.of(Command.COM_STMT_PREPARE),
              new TestingServerStream().prepareOk(9, 0, 0, 0).endReply(),
              replies ->
                  assertThat(replies.getFirst().prepared())
                      .isEqualTo(new PreparedStatementInfo(9, 0, 0))));
      all.add(
          new Scenario(
              "prepare failing" + mode,
              caps,
              List.of(Command.COM_STMT_PREPARE),
              new TestingServerStream().err(1064, "42000", "syntax").endReply(),
              replies -> {
                assertThat(replies.getFirst().ok()).isFalse();
                assertThat(replies.getFirst().prepared()).isNull();
              }));
      all.add(
          new Scenario(
              "execute opening a cursor: definitions then a terminator with CURSOR_EXISTS" + mode,
              caps,
              List.of(Command.COM_STMT_EXECUTE, Command.COM_STMT_FETCH, Command.COM_STMT_FETCH),
              cursorExecute(new TestingServerStream(), deprecate)
                  .endReply()
                  .binaryRow(1)
                  .binaryRow(2)
                  .terminator(deprecate, AUTOCOMMIT | CURSOR)
                  .endReply()
                  .binaryRow(3)
                  .terminator(deprecate, AUTOCOMMIT | CURSOR | LAST_ROW)
                  .endReply(),
              replies -> {
                assertThat(replies)
                    .extracting(Reply::command)
                    .containsExactly(
                        Command.COM_STMT_EXECUTE, Command.COM_STMT_FETCH, Command.COM_STMT_FETCH);
                assertThat(replies.get(0).rows()).isZero();
                assertThat(replies.get(0).resultSets()).isEqualTo(1);
                assertThat(replies.get(0).serverStatus() & CURSOR).isNotZero();
                assertThat(replies.get(1).rows()).isEqualTo(2);
                assertThat(replies.get(2).rows()).isEqualTo(1);
                assertThat(replies.get(2).serverStatus() & LAST_ROW).isNotZero();
              }));
      all.add(
          new Scenario(
              "fetch failing" + mode,
              caps,
              List.of(Command.COM_STMT_FETCH),
              new TestingServerStream().err(1243, "HY000", "Unknown prepared statement").endReply(),
              replies -> assertThat(replies.getFirst().ok()).isFalse()));
      TestingServerStream fieldList = new TestingServerStream();
      fieldList.columnDefinition("a").columnDefinition("b").terminator(deprecate, AUTOCOMMIT);
      all.add(
          new Scenario(
              "field list" + mode,
              caps,
              List.of(Command.COM_FIELD_LIST, Command.COM_FIELD_LIST),
              fieldList.endReply().err(1146, "42S02", "no such table").endReply(),
              replies -> {
                assertThat(replies.get(0).ok()).isTrue();
                assertThat(replies.get(1).ok()).isFalse();
              }));
      all.add(
          new Scenario(
              "statistics: a bare string" + mode,
              caps,
              List.of(Command.COM_STATISTICS, Command.COM_PING),
              new TestingServerStream()
                  .packet("Uptime: 5  Threads: 1  Questions: 2".getBytes(UTF_8))
                  .endReply()
                  .ok(0, 0, AUTOCOMMIT, 0)
                  .endReply(),
              replies -> assertThat(replies).extracting(Reply::ok).containsExactly(true, true)));
      all.add(
          new Scenario(
              "COM_SET_OPTION answered by EOF or OK 0xFE" + mode,
              caps,
              List.of(Command.COM_SET_OPTION),
              new TestingServerStream().terminator(deprecate, AUTOCOMMIT).endReply(),
              replies -> assertThat(replies.getFirst().serverStatus()).isEqualTo(AUTOCOMMIT)));
      all.add(
          new Scenario(
              "LOCAL INFILE: request, client data, OK" + mode,
              caps,
              List.of(Command.COM_QUERY, Command.COM_PING),
              new TestingServerStream()
                  .localInfileRequest("/tmp/data.csv")
                  .localInfileData()
                  .ok(3, 0, AUTOCOMMIT, 0)
                  .endReply()
                  .ok(0, 0, AUTOCOMMIT, 0)
                  .endReply(),
              replies -> {
                assertThat(replies.get(0).localInfileFile()).isEqualTo("/tmp/data.csv");
                assertThat(replies.get(0).affectedRows()).isEqualTo(3);
                assertThat(replies.get(1).command()).isEqualTo(Command.COM_PING);
              }));
      all.add(
          new Scenario(
              "progress reports before the result" + mode,
              caps,
              List.of(Command.COM_QUERY),
              new TestingServerStream().progress(1).progress(2).ok(0, 0, AUTOCOMMIT, 0).endReply(),
              replies -> assertThat(replies.getFirst().ok()).isTrue()));
      all.add(
          new Scenario(
              "pipelined commands in one buffer" + mode,
              caps,
              List.of(
                  Command.COM_QUERY,
                  Command.COM_PING,
                  Command.COM_STMT_PREPARE,
                  Command.COM_STMT_CLOSE,
                  Command.COM_INIT_DB,
                  Command.COM_QUERY),
              new TestingServerStream()
                  .resultSet(deprecate, 5, AUTOCOMMIT)
                  .endReply()
                  .ok(0, 0, AUTOCOMMIT, 0)
                  .endReply()
                  .prepareOk(1, 0, 0, 0)
                  .endReply()
                  .err(1049, "42000", "Unknown database")
                  .endReply()
                  .ok(1, 0, AUTOCOMMIT, 0)
                  .endReply(),
              replies ->
                  assertThat(replies)
                      .extracting(Reply::command)
                      .containsExactly(
                          Command.COM_QUERY,
                          Command.COM_PING,
                          Command.COM_STMT_PREPARE,
                          Command.COM_INIT_DB,
                          Command.COM_QUERY)));
    }
    all.add(
        new Scenario(
            "CACHE_METADATA: the column count says whether definitions follow",
            CACHE_METADATA,
            List.of(Command.COM_STMT_EXECUTE, Command.COM_STMT_EXECUTE),
            new TestingServerStream()
                .columnCount(2, true)
                .columnDefinition("a")
                .columnDefinition("b")
                .binaryRow(1)
                .terminator(true, AUTOCOMMIT)
                .endReply()
                .columnCount(2, false)
                .binaryRow(1)
                .binaryRow(2)
                .terminator(true, AUTOCOMMIT)
                .endReply(),
            replies -> assertThat(replies).extracting(Reply::rows).containsExactly(1L, 2L)));
    all.add(
        new Scenario(
            "CACHE_METADATA without DEPRECATE_EOF: the EOF follows even skipped definitions",
            WITH_EOF.with(Capability.MARIADB_CLIENT_CACHE_METADATA),
            List.of(Command.COM_STMT_EXECUTE, Command.COM_STMT_EXECUTE),
            new TestingServerStream()
                .columnCount(1, true)
                .columnDefinition("a")
                .eof(AUTOCOMMIT, 0)
                .binaryRow(1)
                .terminator(false, AUTOCOMMIT)
                .endReply()
                .columnCount(1, false)
                .eof(AUTOCOMMIT, 0)
                .binaryRow(1)
                .binaryRow(2)
                .terminator(false, AUTOCOMMIT)
                .endReply(),
            replies -> assertThat(replies).extracting(Reply::rows).containsExactly(1L, 2L)));
    all.add(
        new Scenario(
            "session state changes of all OK packets are merged",
            DEPRECATE_EOF,
            List.of(Command.COM_QUERY),
            new TestingServerStream()
                .ok(MORE | AUTOCOMMIT, SessionStateChangesTest.systemVariables("autocommit", "ON"))
                .ok(AUTOCOMMIT, SessionStateChangesTest.systemVariables("last_gtid", "0-1-42"))
                .endReply(),
            replies -> {
              SessionStateChanges state = replies.getFirst().sessionState();
              assertThat(state.lastGtid()).contains("0-1-42");
              assertThat(state.systemVariable("autocommit")).contains("ON");
            }));
    return all.stream().map(Arguments::of);
  }

  private static void definitions(TestingServerStream stream, boolean deprecate, int count) {
    for (int i = 0; i < count; i++) {
      stream.columnDefinition("p" + i);
    }
    if (!deprecate) {
      stream.eof(AUTOCOMMIT, 0);
    }
  }

  private static TestingServerStream cursorExecute(TestingServerStream stream, boolean deprecate) {
    stream.columnCount(1).columnDefinition("a");
    return stream.terminator(deprecate, AUTOCOMMIT | CURSOR);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  @DisplayName("every feeding finds the same replies")
  void everyFeedingFindsTheSameReplies(Scenario scenario) {
    List<Reply> coalesced = feed(scenario, Feeding.COALESCED, 1);
    assertThat(coalesced).hasSize(scenario.stream().replyBytes().size());
    for (int i = 0; i < coalesced.size(); i++) {
      Reply reply = coalesced.get(i);
      assertThat(reply.bytes())
          .as("bytes of reply %d", i)
          .isEqualTo(scenario.stream().replyBytes().get(i));
      assertThat(reply.checksum())
          .as("checksum of reply %d", i)
          .hasValue(scenario.stream().replyCrcs().get(i));
    }
    scenario.check().accept(coalesced);
    assertThat(feed(scenario, Feeding.ONE_BYTE, 1)).isEqualTo(coalesced);
    for (long seed = 1; seed <= 20; seed++) {
      assertThat(feed(scenario, Feeding.RANDOM_SPLITS, seed))
          .as("seed %d", seed)
          .isEqualTo(coalesced);
    }
  }

  @Test
  @DisplayName("16 MiB - 1 continuation rows and 0xFE-led long rows are rows, not terminators")
  void continuationRows() {
    for (boolean deprecate : new boolean[] {false, true}) {
      TestingServerStream stream = new TestingServerStream().columns(deprecate, 1);
      byte[] exact = new byte[PacketFrame.MAX_PACKET_PAYLOAD];
      exact[0] = (byte) 0xFE; // a string<lenenc> of more than 16 MiB starts with 0xFE...
      stream.packet(exact); // ...this one ends exactly at the limit: an empty packet follows
      byte[] longer = new byte[PacketFrame.MAX_PACKET_PAYLOAD + 1000];
      longer[0] = (byte) 0xFE;
      // the continuation packet of this row starts with 0xFF and 0xFE: content, not ERR or EOF
      longer[PacketFrame.MAX_PACKET_PAYLOAD] = (byte) 0xFF;
      stream.packet(longer);
      byte[] startsEof = new byte[PacketFrame.MAX_PACKET_PAYLOAD + 3];
      startsEof[0] = (byte) 0xFE;
      startsEof[PacketFrame.MAX_PACKET_PAYLOAD] = (byte) 0xFE;
      stream.packet(startsEof);
      stream.textRow("small").terminator(deprecate, AUTOCOMMIT).endReply();
      Scenario scenario =
          new Scenario(
              "continuations",
              deprecate ? DEPRECATE_EOF : WITH_EOF,
              List.of(Command.COM_QUERY),
              stream,
              replies -> {});
      List<Reply> coalesced = feed(scenario, Feeding.COALESCED, 1);
      assertThat(coalesced).hasSize(1);
      assertThat(coalesced.getFirst().rows()).isEqualTo(4);
      assertThat(coalesced.getFirst().bytes()).isEqualTo(stream.replyBytes().getFirst());
      assertThat(coalesced.getFirst().checksum()).hasValue(stream.replyCrcs().getFirst());
      for (long seed = 1; seed <= 3; seed++) {
        assertThat(feed(scenario, Feeding.RANDOM_SPLITS, seed)).isEqualTo(coalesced);
      }
    }
  }

  @Test
  @DisplayName("a 2 GiB result set passes in constant memory")
  void hugeResultSet() {
    // one 1 MiB row buffer shown 2048 times with new headers: the tracker must not keep any of it
    ReplyTracker tracker = new ReplyTracker(DEPRECATE_EOF, reply -> replies.add(reply));
    replies.clear();
    tracker.expect(Command.COM_QUERY);
    TestingServerStream start = new TestingServerStream().columns(true, 1);
    scan(tracker, start.segments().getFirst(), 0, start.segments().getFirst().length);
    int rowLength = 1024 * 1024 - 4;
    ByteBuf row = Unpooled.directBuffer(rowLength + 4);
    try {
      row.writeMediumLE(rowLength).writeByte(0).writeByte(0xFC).writeZero(rowLength - 1);
      for (int i = 0; i < 2048; i++) {
        tracker.scan(row);
      }
    } finally {
      row.release();
    }
    TestingServerStream end = new TestingServerStream().terminator(true, AUTOCOMMIT);
    scan(tracker, end.segments().getFirst(), 0, end.segments().getFirst().length);
    assertThat(replies).hasSize(1);
    assertThat(replies.getFirst().rows()).isEqualTo(2048);
    assertThat(replies.getFirst().bytes()).isGreaterThan(2L * 1024 * 1024 * 1024 - 2048 * 4);
  }

  private final List<Reply> replies = new ArrayList<>();

  @Test
  @DisplayName("bytes while nothing is expected are malformed, and the tracker is unusable after")
  void bytesWhileNothingExpected() {
    ReplyTracker tracker = new ReplyTracker(DEPRECATE_EOF, reply -> {});
    byte[] ok = new TestingServerStream().ok(0, 0, 0, 0).segments().getFirst();
    assertThatThrownBy(() -> scan(tracker, ok, 0, ok.length))
        .isInstanceOf(MalformedPacketException.class)
        .hasMessageContaining("no reply was expected");
    assertThatThrownBy(() -> scan(tracker, ok, 0, ok.length))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> tracker.expect(Command.COM_PING))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("a listener's exception propagates as it is and fails the tracker")
  void listenerException() {
    ReplyTracker tracker =
        new ReplyTracker(
            DEPRECATE_EOF,
            reply -> {
              throw new IllegalArgumentException("listener bug");
            });
    tracker.expect(Command.COM_PING);
    byte[] ok = new TestingServerStream().ok(0, 0, 0, 0).segments().getFirst();
    assertThatThrownBy(() -> scan(tracker, ok, 0, ok.length))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("listener bug");
    assertThatThrownBy(() -> tracker.expect(Command.COM_PING))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("a packet from the server while LOCAL INFILE data is expected is malformed")
  void packetDuringLocalInfileData() {
    ReplyTracker tracker = new ReplyTracker(DEPRECATE_EOF, reply -> {});
    tracker.expect(Command.COM_QUERY);
    byte[] bytes =
        new TestingServerStream().localInfileRequest("f").ok(0, 0, 0, 0).segments().getFirst();
    assertThatThrownBy(() -> scan(tracker, bytes, 0, bytes.length))
        .isInstanceOf(MalformedPacketException.class);
  }

  @Test
  @DisplayName("a terminator where the first packet of a result belongs is malformed")
  void terminatorFirst() {
    ReplyTracker tracker = new ReplyTracker(WITH_EOF, reply -> {});
    tracker.expect(Command.COM_QUERY);
    byte[] bytes = new TestingServerStream().eof(0, 0).segments().getFirst();
    assertThatThrownBy(() -> scan(tracker, bytes, 0, bytes.length))
        .isInstanceOf(MalformedPacketException.class);
  }

  @Test
  @DisplayName("commands without a reply are not expected; replication commands are refused")
  void shapesWithoutTrackableReply() {
    ReplyTracker tracker = new ReplyTracker(DEPRECATE_EOF, reply -> {});
    tracker.expect(Command.COM_STMT_CLOSE);
    tracker.expect(Command.COM_STMT_SEND_LONG_DATA);
    tracker.expect(Command.COM_QUIT);
    assertThat(tracker.awaitingReply()).isFalse();
    assertThat(tracker.outstanding()).isZero();
    assertThatThrownBy(() -> tracker.expect(Command.COM_BINLOG_DUMP))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(tracker::localInfileDataEnded).isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("outstanding counts commands until their reply is complete")
  void outstandingCounts() {
    List<Reply> seen = new ArrayList<>();
    ReplyTracker tracker = new ReplyTracker(DEPRECATE_EOF, seen::add);
    tracker.expect(Command.COM_QUERY);
    tracker.expect(Command.COM_PING);
    assertThat(tracker.outstanding()).isEqualTo(2);
    byte[] bytes =
        new TestingServerStream()
            .resultSet(true, 2, AUTOCOMMIT)
            .endReply()
            .ok(0, 0, AUTOCOMMIT, 0)
            .segments()
            .getFirst();
    scan(tracker, bytes, 0, bytes.length - 3);
    assertThat(tracker.outstanding()).isEqualTo(1);
    assertThat(tracker.awaitingReply()).isTrue();
    assertThat(seen).hasSize(1);
    assertThat(seen.getFirst().checksum()).isEmpty();
    scan(tracker, bytes, bytes.length - 3, 3);
    assertThat(tracker.outstanding()).isZero();
    assertThat(tracker.awaitingReply()).isFalse();
  }

  @Test
  @DisplayName("an OK longer than the scratch limit still ends the reply, its session state lost")
  void okLongerThanScratch() {
    List<Reply> seen = new ArrayList<>();
    ReplyTracker tracker = new ReplyTracker(DEPRECATE_EOF, seen::add);
    tracker.expect(Command.COM_QUERY);
    String info = "x".repeat(ReplyTracker.SCRATCH_LIMIT * 2);
    byte[] bytes =
        new TestingServerStream()
            .packet(
                payload -> {
                  new io.weir.wire.packet.OkPacket(0, 4, 5, AUTOCOMMIT, 0, info, new byte[0])
                      .encode(payload);
                })
            .segments()
            .getFirst();
    scan(tracker, bytes, 0, bytes.length);
    assertThat(seen)
        .singleElement()
        .satisfies(reply -> assertThat(reply.affectedRows()).isEqualTo(4));
  }

  /** Runs a scenario with a fresh tracker; checksums on. */
  static List<Reply> feed(Scenario scenario, Feeding feeding, long seed) {
    List<Reply> replies = new ArrayList<>();
    List<String> requests = new ArrayList<>();
    ReplyTracker tracker =
        new ReplyTracker(
            scenario.capabilities(),
            new ReplyListener() {
              @Override
              public void onReply(Reply reply) {
                replies.add(reply);
              }

              @Override
              public void onLocalInfileRequest(String fileName) {
                requests.add(fileName);
              }
            });
    tracker.checksumResults(true);
    scenario.commands().forEach(tracker::expect);
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> segments = scenario.stream().segments();
    for (int s = 0; s < segments.size(); s++) {
      if (s > 0) {
        assertThat(tracker.awaitingLocalInfileData()).isTrue();
        assertThat(requests).hasSize(s);
        tracker.localInfileDataEnded();
      }
      byte[] bytes = segments.get(s);
      int offset = 0;
      while (offset < bytes.length) {
        int length =
            switch (feeding) {
              case COALESCED -> bytes.length;
              case ONE_BYTE -> 1;
              case RANDOM_SPLITS ->
                  random.nextBoolean()
                      ? random.nextInt(1, 9)
                      : random.nextInt(1, Math.max(2, Math.min(bytes.length / 3, 4 << 20)));
            };
        length = Math.min(length, bytes.length - offset);
        scan(tracker, bytes, offset, length);
        offset += length;
      }
    }
    assertThat(tracker.awaitingReply()).isFalse();
    assertThat(tracker.outstanding()).isZero();
    assertThat(tracker.awaitingLocalInfileData()).isFalse();
    return replies;
  }

  /**
   * Scans {@code length} bytes in a direct buffer with junk before its reader index and after its
   * writer index, and checks the scan left the indexes and the reference count alone.
   */
  static void scan(ReplyTracker tracker, byte[] bytes, int offset, int length) {
    byte[] junk = {0x00, (byte) 0xFE, (byte) 0xFF};
    ByteBuf buffer = Unpooled.directBuffer(length + 2 * junk.length);
    try {
      buffer.writeBytes(junk).writeBytes(bytes, offset, length);
      buffer.setBytes(buffer.writerIndex(), junk);
      buffer.readerIndex(junk.length);
      int readerIndex = buffer.readerIndex();
      int writerIndex = buffer.writerIndex();
      tracker.scan(buffer);
      assertThat(buffer.readerIndex()).isEqualTo(readerIndex);
      assertThat(buffer.writerIndex()).isEqualTo(writerIndex);
      assertThat(buffer.refCnt()).isEqualTo(1);
    } finally {
      buffer.release();
    }
  }

  static byte[] concat(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    parts.forEach(out::writeBytes);
    return out.toByteArray();
  }

  static byte[] lengthEncoded(String text) {
    ByteBuf buffer = Unpooled.buffer();
    try {
      PayloadWriter.writeLengthEncodedString(buffer, text, UTF_8);
      return Arrays.copyOf(buffer.array(), buffer.readableBytes());
    } finally {
      buffer.release();
    }
  }
}
