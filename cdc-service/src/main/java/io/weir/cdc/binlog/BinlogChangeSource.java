package io.weir.cdc.binlog;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.AnnotateRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.BinlogCheckpointEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventHeaderV4Deserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.FormatDescriptionEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.MariadbGtidEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.MariadbGtidListEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.NullEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.QueryEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.RotateEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.TableMapEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.XidEventDataDeserializer;
import com.github.shyiko.mysql.binlog.network.ServerException;
import io.weir.cdc.event.ChangeSource;
import io.weir.cdc.event.GtidPosition;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replicates from a MariaDB primary with {@code mysql-binlog-connector-java}, in MariaDB GTID mode
 * ({@code @slave_connect_state}), and hands each committed transaction to the sink as MaxScale
 * kafkacdc documents, in pieces of bounded size.
 *
 * <p>One thread per source reads the binlog, assembles transactions and calls the sink; the sink
 * may block, which stops reading (the primary holds the rest). A lost connection is re-established
 * from the last GTID handed on, {@link BinlogSettings#connectAttempts()} times in a row at most; a
 * position the primary no longer has (error 1236), a refused login, undecodable events and
 * exhausted attempts go to the failure listener, after which the source has stopped; so do binlog
 * settings that would lose data (not ROW, not FULL row images, compressed binlog), checked on each
 * connection.
 *
 * <p>Memory: a transaction is handed on in pieces of {@link BinlogSettings#pieceBytes()} as its
 * rows arrive, so at most one piece (plus the one row that filled it) is held; the library holds
 * one event at a time (at most the primary's {@code max_allowed_packet}). A lost connection in the
 * middle of a transaction reads it again from its start, as piece 0 again (see {@link
 * ChangeSource}).
 */
public final class BinlogChangeSource implements ChangeSource {

  private static final Logger log = LoggerFactory.getLogger(BinlogChangeSource.class);

  /** MariaDB's ER_MASTER_FATAL_ERROR_READING_BINLOG, sent for GTIDs not (or no longer) logged. */
  private static final int ER_MASTER_FATAL_ERROR_READING_BINLOG = 1236;

  private final BinlogSettings settings;
  // match, exclude and send_schema may change while replicating; the rest is the connection's
  private volatile BinlogSettings selection;
  private final TableVersions versions;
  private final AtomicReference<@Nullable BinaryLogClient> client = new AtomicReference<>();
  private volatile boolean closed;
  private @Nullable Thread thread;

  /** A reader whose table versions live in memory only: each new reader starts them at 1. */
  public BinlogChangeSource(BinlogSettings settings) {
    this(settings, new TableVersions());
  }

  /**
   * A reader that continues the table versions an earlier reader of the service saved in {@code
   * dataDirectory} and saves new ones there ({@link TableVersionFile}).
   *
   * @throws IllegalStateException when the saved versions cannot be read, naming the file
   */
  public BinlogChangeSource(BinlogSettings settings, Path dataDirectory) {
    this(settings, new TableVersions(TableVersionFile.in(dataDirectory)));
  }

  private BinlogChangeSource(BinlogSettings settings, TableVersions versions) {
    this.settings = settings;
    this.selection = settings;
    this.versions = versions;
  }

  /**
   * Takes the new {@code match}, {@code exclude} and {@code send_schema} from the next transaction.
   */
  @Override
  public void reselect(@Nullable Pattern match, @Nullable Pattern exclude, boolean sendSchema) {
    selection =
        selection
            .withMatch(match == null ? null : match.pattern())
            .withExclude(exclude == null ? null : exclude.pattern())
            .withSendSchema(sendSchema);
  }

  @Override
  public synchronized void start(
      GtidPosition position, TransactionSink sink, FailureListener failures) {
    if (thread != null) {
      throw new IllegalStateException("a BinlogChangeSource starts once");
    }
    Thread started =
        Thread.ofPlatform()
            .name("weir-binlog-" + settings.host() + ":" + settings.port())
            .daemon()
            .start(() -> replicate(position, sink, failures));
    thread = started;
  }

  @Override
  public void close() {
    closed = true;
    BinaryLogClient current = client.get();
    if (current != null) {
      try {
        current.disconnect();
      } catch (IOException e) {
        log.debug("disconnecting from {} failed", settings, e);
      }
    }
    Thread running;
    synchronized (this) {
      running = thread;
    }
    if (running != null && running != Thread.currentThread()) {
      running.interrupt();
      try {
        running.join(settings.timeout().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void replicate(GtidPosition start, TransactionSink sink, FailureListener failures) {
    Replication replication = new Replication(start, sink);
    int failedAttempts = 0;
    try (InformationSchema informationSchema = new InformationSchema(settings)) {
      while (!closed) {
        Exception failure = replication.connectOnce(informationSchema);
        if (closed) {
          return;
        }
        if (failure instanceof FatalReplicationException fatal) {
          failures.failed(fatal);
          return;
        }
        failedAttempts = replication.receivedEvents ? 1 : failedAttempts + 1;
        if (failedAttempts >= settings.connectAttempts()) {
          failures.failed(
              new FatalReplicationException(
                  "could not replicate from "
                      + settings.host()
                      + ":"
                      + settings.port()
                      + " after "
                      + failedAttempts
                      + " attempts: "
                      + (failure == null
                          ? "the primary closed the connection"
                          : failure.getMessage()),
                  failure));
          return;
        }
        log.warn(
            "replication from {} stopped at {} ({}); reconnecting",
            settings,
            replication.position,
            failure == null ? "connection closed" : failure.getMessage());
        Thread.sleep(settings.retryDelay());
      }
    } catch (InterruptedException e) {
      if (!closed) {
        failures.failed(e);
      }
    } catch (RuntimeException e) {
      if (!closed) {
        failures.failed(e);
      }
    }
  }

  /** The state of one run of {@link #replicate}, across its connections. */
  private final class Replication {

    private GtidPosition position;
    private final TransactionSink sink;
    private boolean receivedEvents;
    // the transaction a lost connection was in the middle of, handed on in part
    private TransactionAssembler.@Nullable Interrupted interrupted;

    Replication(GtidPosition position, TransactionSink sink) {
      this.position = position;
      this.sink = sink;
    }

    /** One connection, until it ends; answers why it ended (null: closed by the primary). */
    @Nullable Exception connectOnce(InformationSchema informationSchema)
        throws InterruptedException {
      receivedEvents = false;
      TableDefinitionReader reader;
      try {
        List<String> problems = informationSchema.dataLosingSettings();
        if (!problems.isEmpty()) {
          return new FatalReplicationException(
              "the primary "
                  + settings.host()
                  + ":"
                  + settings.port()
                  + " logs in a way change data capture would lose data with: "
                  + String.join("; ", problems),
              null);
        }
        reader =
            new TableDefinitionReader(informationSchema, informationSchema.charsetsByCollation());
      } catch (java.sql.SQLException e) {
        return e;
      }
      AtomicReference<@Nullable Exception> failure = new AtomicReference<>();
      BinaryLogClient binlog = newClient(failure);
      TransactionAssembler assembler =
          new TransactionAssembler(() -> selection, versions, reader, interrupted);
      binlog.registerEventListener(event -> onEvent(binlog, assembler, event, failure));
      client.set(binlog);
      if (closed) {
        return null;
      }
      try {
        binlog.connect();
      } catch (ServerException e) {
        failure.compareAndSet(null, e);
      } catch (IOException e) {
        failure.compareAndSet(null, e);
      } finally {
        client.set(null);
        // read again from the start on the next connection, with the same settings
        interrupted = assembler.interrupted();
      }
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      Exception cause = failure.get();
      if (cause instanceof ServerException server) {
        return fatal(server);
      }
      return cause;
    }

    private void onEvent(
        BinaryLogClient binlog,
        TransactionAssembler assembler,
        Event event,
        AtomicReference<@Nullable Exception> failure) {
      if (failure.get() != null || closed) {
        return;
      }
      receivedEvents = true;
      try {
        for (TransactionAssembler.Piece ready : assembler.accept(event)) {
          sink.accept(ready.piece());
          if (ready.piece().last()) {
            ready.schemas().forEach(versions::markSchemaSent);
            position = position.with(ready.piece().gtid());
          }
        }
      } catch (InterruptedException e) {
        failure.compareAndSet(null, e);
        Thread.currentThread().interrupt();
        disconnect(binlog);
      } catch (Exception e) {
        // the library would log and skip a failing listener; skipping rows loses data, so stop
        failure.compareAndSet(
            null,
            new FatalReplicationException(
                "cannot turn the binlog event at "
                    + binlog.getBinlogFilename()
                    + ":"
                    + binlog.getBinlogPosition()
                    + " into documents: "
                    + e.getMessage(),
                e));
        disconnect(binlog);
      }
    }

    private Exception fatal(ServerException error) {
      if (error.getErrorCode() == ER_MASTER_FATAL_ERROR_READING_BINLOG) {
        return new FatalReplicationException(
            "the primary "
                + settings.host()
                + ":"
                + settings.port()
                + " cannot send the binlog after GTID position '"
                + position
                + "' (error 1236: purged, or never written there): "
                + error.getMessage(),
            error);
      }
      return new FatalReplicationException(
          "the primary "
              + settings.host()
              + ":"
              + settings.port()
              + " refused replication (error "
              + error.getErrorCode()
              + "): "
              + error.getMessage(),
          error);
    }

    private BinaryLogClient newClient(AtomicReference<@Nullable Exception> failure) {
      BinaryLogClient binlog =
          new BinaryLogClient(
              settings.host(), settings.port(), settings.user(), settings.password());
      binlog.setServerId(settings.serverId());
      binlog.setKeepAlive(false); // reconnecting is ours, from the last GTID handed on
      binlog.setConnectTimeout(settings.timeout().toMillis());
      binlog.setHeartbeatInterval(Math.max(1, settings.timeout().toMillis() / 3));
      int readTimeout = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
      binlog.setSocketFactory(
          () -> {
            Socket socket = new Socket();
            socket.setSoTimeout(readTimeout);
            return socket;
          });
      binlog.setGtidSet(position.toString());
      binlog.setEventDeserializer(exactDeserializer());
      binlog.registerLifecycleListener(
          new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onCommunicationFailure(BinaryLogClient source, Exception ex) {
              failure.compareAndSet(null, ex);
            }

            @Override
            public void onEventDeserializationFailure(BinaryLogClient source, Exception ex) {
              failure.compareAndSet(
                  null,
                  new FatalReplicationException(
                      "cannot decode a binlog event at "
                          + source.getBinlogFilename()
                          + ":"
                          + source.getBinlogPosition()
                          + ": "
                          + ex.getMessage(),
                      ex));
              disconnect(source);
            }
          });
      return binlog;
    }
  }

  private void disconnect(BinaryLogClient binlog) {
    try {
      binlog.disconnect();
    } catch (IOException e) {
      log.debug("disconnecting from {} failed", settings, e);
    }
  }

  /** The library's deserializer with rows read by {@link ExactCellReader}. */
  @SuppressWarnings("rawtypes") // the library's constructor takes a map of raw deserializers
  private static EventDeserializer exactDeserializer() {
    Map<Long, TableMapEventData> tables = new HashMap<>();
    Map<EventType, EventDataDeserializer> deserializers = new IdentityHashMap<>();
    deserializers.put(EventType.FORMAT_DESCRIPTION, new FormatDescriptionEventDataDeserializer());
    deserializers.put(EventType.ROTATE, new RotateEventDataDeserializer());
    deserializers.put(EventType.QUERY, new QueryEventDataDeserializer());
    deserializers.put(EventType.TABLE_MAP, new TableMapEventDataDeserializer());
    deserializers.put(EventType.XID, new XidEventDataDeserializer());
    deserializers.put(EventType.WRITE_ROWS, new ExactRowsDeserializers.Write(tables));
    deserializers.put(EventType.UPDATE_ROWS, new ExactRowsDeserializers.Update(tables));
    deserializers.put(EventType.DELETE_ROWS, new ExactRowsDeserializers.Delete(tables));
    deserializers.put(
        EventType.EXT_WRITE_ROWS,
        new ExactRowsDeserializers.Write(tables).setMayContainExtraInformation(true));
    deserializers.put(
        EventType.EXT_UPDATE_ROWS,
        new ExactRowsDeserializers.Update(tables).setMayContainExtraInformation(true));
    deserializers.put(
        EventType.EXT_DELETE_ROWS,
        new ExactRowsDeserializers.Delete(tables).setMayContainExtraInformation(true));
    deserializers.put(EventType.ANNOTATE_ROWS, new AnnotateRowsEventDataDeserializer());
    deserializers.put(EventType.MARIADB_GTID, new MariadbGtidEventDataDeserializer());
    deserializers.put(EventType.MARIADB_GTID_LIST, new MariadbGtidListEventDataDeserializer());
    deserializers.put(EventType.BINLOG_CHECKPOINT, new BinlogCheckpointEventDataDeserializer());
    return new EventDeserializer(
        new EventHeaderV4Deserializer(), new NullEventDataDeserializer(), deserializers, tables);
  }
}
