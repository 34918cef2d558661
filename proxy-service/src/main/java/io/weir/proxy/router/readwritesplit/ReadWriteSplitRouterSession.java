package io.weir.proxy.router.readwritesplit;

import static io.weir.sql.classify.QueryType.CALL;
import static io.weir.sql.classify.QueryType.CREATE_TMP_TABLE;
import static io.weir.sql.classify.QueryType.DEALLOCATE_PREPARE;
import static io.weir.sql.classify.QueryType.DROP_TABLE;
import static io.weir.sql.classify.QueryType.EXEC_STMT;
import static io.weir.sql.classify.QueryType.NEXT_TRX;
import static io.weir.sql.classify.QueryType.PREPARE_NAMED_STMT;
import static io.weir.sql.classify.QueryType.READ;
import static io.weir.sql.classify.QueryType.READ_ONLY;
import static io.weir.sql.classify.QueryType.READ_WRITE;
import static io.weir.sql.classify.QueryType.WRITE;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.weir.cluster.server.ServerState;
import io.weir.proxy.backend.BackendConnection;
import io.weir.proxy.backend.BackendLogin;
import io.weir.proxy.backend.BackendTarget;
import io.weir.proxy.backend.BackendUserChange;
import io.weir.proxy.error.ProxyError;
import io.weir.proxy.error.RootCause;
import io.weir.proxy.metrics.SessionMeters;
import io.weir.proxy.router.ClientPort;
import io.weir.proxy.router.RouterSession;
import io.weir.sql.classify.QueryClassification;
import io.weir.sql.classify.QueryClassifier;
import io.weir.sql.hint.Hint;
import io.weir.wire.command.ComChangeUser;
import io.weir.wire.command.Command;
import io.weir.wire.frame.PacketFrame;
import io.weir.wire.reply.Reply;
import io.weir.wire.reply.ReplyShape;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client session of a readwritesplit service: a connection to the master and to some replicas,
 * and the decision, statement by statement, of where each goes.
 *
 * <p>One command is in flight at a time: a command for another connection, or for all of them,
 * waits until the previous reply is complete, so the client always reads replies in the order it
 * asked. The reply of the connection a command went to is relayed to the client untouched; the
 * other copies of a session command are only checked against it, and a connection that answers
 * differently is dropped from the session.
 *
 * <p>Everything runs on the session's event loop.
 */
final class ReadWriteSplitRouterSession implements RouterSession {
  private static final Logger log = LoggerFactory.getLogger(ReadWriteSplitRouterSession.class);
  private static final int QUEUE_LIMIT = 64;
  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private final ReadWriteSplitRouter router;
  private final ReadWriteSplitSettings settings;
  private final ClientPort client;
  private final SessionMeters sessionMeters;
  private final ReplicaSelector selector;
  private final List<SessionBackend> backends = new ArrayList<>();
  private final ArrayDeque<PacketFrame> queue = new ArrayDeque<>();
  private final TransactionState transaction = new TransactionState();
  private final SessionCommandHistory history;
  private final PreparedStatements statements = new PreparedStatements();
  private final Map<String, TextStatement> textStatements = new HashMap<>();
  private final Set<String> temporaryTables = new HashSet<>();
  private final HintState hints = new HintState();
  private final Map<SessionBackend, Iterator<SessionCommandHistory.Entry>> replays =
      new IdentityHashMap<>();

  private @Nullable SessionBackend master;
  private @Nullable SessionBackend transactionBackend;
  private @Nullable SessionBackend lastBackend;
  private @Nullable BackendLogin login;
  private boolean lockedToMaster;
  private boolean changingUser;
  private boolean closed;
  private int replicasWanted;
  private int replicasConnecting;
  private int replacementsLeft;
  private byte[] sqlBuffer = new byte[512];

  // the command in flight to one connection
  private @Nullable SessionBackend active;
  private int activeSequenceId;
  private @Nullable PacketFrame retryCopy;
  private @Nullable SessionCommand sessionCommand;
  private @Nullable Deferred deferred;

  ReadWriteSplitRouterSession(
      ReadWriteSplitRouter router,
      ReadWriteSplitSettings settings,
      ClientPort client,
      SessionMeters sessionMeters) {
    this.router = router;
    this.settings = settings;
    this.client = client;
    this.sessionMeters = sessionMeters;
    this.selector = router.selector(settings);
    this.history = new SessionCommandHistory(settings);
  }

  // ---- opening -------------------------------------------------------------------------------

  @Override
  public Future<byte[]> open(BackendLogin backendLogin) {
    this.login = backendLogin;
    Promise<byte[]> opened = client.eventLoop().newPromise();
    ServerState masterState = router.master();
    List<ServerState> replicas = router.replicasForNewSession(settings, selector);
    replicasWanted = replicas.size();
    replacementsLeft = 2 * Math.max(1, router.states().size());
    if (masterState == null
        && (settings.masterFailureMode() == MasterFailureMode.FAIL_INSTANTLY
            || replicas.isEmpty())) {
      opened.setFailure(
          new IllegalStateException(
              masterState == null && replicas.isEmpty()
                  ? "no master and no replica is available"
                  : "no master is available and master_failure_mode=fail_instantly"));
      return opened;
    }
    List<ServerState> toOpen = new ArrayList<>();
    if (masterState != null) {
      toOpen.add(masterState);
    }
    toOpen.addAll(replicas);
    Opening opening = new Opening(toOpen.size(), opened, masterState);
    for (ServerState state : toOpen) {
      Optional<BackendTarget> target = router.target(state.name());
      if (target.isEmpty()) {
        opening.failed(state.name(), new IllegalStateException("unknown server"));
        continue;
      }
      router
          .connector()
          .connect(client.eventLoop(), target.get(), backendLogin)
          .addListener(
              done -> {
                if (done.isSuccess()) {
                  opening.connected(state.name(), (BackendConnection) done.getNow());
                } else {
                  opening.failed(state.name(), done.cause());
                }
              });
    }
    return opened;
  }

  /** The connections a new session opens, all at once; the session starts when all are done. */
  private final class Opening {
    private final Promise<byte[]> opened;
    private final @Nullable ServerState masterState;
    private int remaining;
    private @Nullable Throwable masterFailure;
    private @Nullable Throwable firstFailure;

    Opening(int count, Promise<byte[]> opened, @Nullable ServerState masterState) {
      this.remaining = count;
      this.opened = opened;
      this.masterState = masterState;
    }

    void connected(String server, BackendConnection connection) {
      if (closed || opened.isDone()) {
        connection.close();
        countDown();
        return;
      }
      SessionBackend backend = adopt(connection);
      backend.ready(true);
      ServerState masterNow = masterState;
      if (masterNow != null && masterNow.name().equals(server)) {
        master = backend;
        // the master leads the list: ties in replica selection with master_accept_reads go to it
        backends.remove(backend);
        backends.addFirst(backend);
      }
      countDown();
    }

    void failed(String server, Throwable cause) {
      log.debug(
          "session {}: cannot open server '{}': {}",
          client.sessionId(),
          server,
          cause.getMessage());
      ServerState masterNow = masterState;
      if (masterNow != null && masterNow.name().equals(server)) {
        masterFailure = cause;
      }
      if (firstFailure == null) {
        firstFailure = cause;
      }
      countDown();
    }

    private void countDown() {
      if (--remaining > 0 || opened.isDone()) {
        return;
      }
      Throwable masterCause = masterFailure;
      if (masterCause != null && settings.masterFailureMode() == MasterFailureMode.FAIL_INSTANTLY) {
        fail(masterCause);
        return;
      }
      if (backends.isEmpty()) {
        Throwable cause = firstFailure;
        fail(cause != null ? cause : new IllegalStateException("no server could be opened"));
        return;
      }
      SessionBackend first = master != null ? master : backends.getFirst();
      opened.setSuccess(first.connection().loginOk());
    }

    private void fail(Throwable cause) {
      close();
      opened.setFailure(cause);
    }
  }

  private SessionBackend adopt(BackendConnection connection) {
    SessionBackend backend =
        new SessionBackend(
            this, connection, router.statistics(connection.target().name()), System.nanoTime());
    connection.startRelay(backend, backend);
    backends.add(backend);
    router.connectionOpened(backend.server());
    sessionMeters.serverConnectionOpened(backend.server());
    return backend;
  }

  // ---- commands ------------------------------------------------------------------------------

  @Override
  public void command(PacketFrame frame) {
    if (closed) {
      frame.release();
      return;
    }
    SessionBackend current = active;
    if (current != null && current.connection().tracker().awaitingLocalInfileData()) {
      // the client's file, as it sends it, to the server that asked for it
      boolean last = !frame.payload().isReadable();
      current.connection().write(frame);
      current.flushToServer();
      if (last) {
        current.connection().tracker().localInfileDataEnded();
      }
      return;
    }
    if (isQuit(frame)) {
      // whatever is in flight or queued, the servers see an orderly quit
      quit(frame);
      return;
    }
    if (busy() || !queue.isEmpty()) {
      queue.add(frame);
      if (queue.size() >= QUEUE_LIMIT) {
        client.readClient(false);
      }
      return;
    }
    route(frame);
  }

  private static boolean isQuit(PacketFrame frame) {
    ByteBuf payload = frame.payload();
    return payload.isReadable()
        && payload.getUnsignedByte(payload.readerIndex()) == Command.COM_QUIT.code();
  }

  private boolean busy() {
    return active != null || sessionCommand != null || deferred != null || changingUser;
  }

  @Override
  public boolean idle() {
    return !busy() && queue.isEmpty();
  }

  private void drain() {
    while (!closed && !busy() && !queue.isEmpty()) {
      route(queue.poll());
    }
    if (closed) {
      return;
    }
    if (queue.size() < QUEUE_LIMIT / 2) {
      client.readClient(true);
    }
    if (idle()) {
      client.routerIdle();
    }
  }

  private void route(PacketFrame frame) {
    ByteBuf payload = frame.payload();
    if (!payload.isReadable()) {
      answer(frame, ProxyError.UNKNOWN_COMMAND);
      return;
    }
    Optional<Command> known = Command.of(payload.getUnsignedByte(payload.readerIndex()));
    if (known.isEmpty()) {
      answer(frame, ProxyError.UNKNOWN_COMMAND);
      return;
    }
    Command command = known.get();
    switch (command) {
      case COM_QUIT -> quit(frame);
      case COM_QUERY -> routeQuery(frame);
      case COM_INIT_DB, COM_SET_OPTION -> sessionCommand(frame, command, true, null);
      case COM_RESET_CONNECTION, COM_PING -> sessionCommand(frame, command, false, null);
      case COM_STMT_PREPARE -> prepare(frame);
      case COM_STMT_EXECUTE -> execute(frame);
      case COM_STMT_FETCH -> fetch(frame);
      case COM_STMT_CLOSE -> closeStatement(frame);
      case COM_STMT_SEND_LONG_DATA -> sendLongData(frame);
      case COM_STMT_RESET -> resetStatement(frame);
      case COM_STMT_BULK_EXECUTE ->
          // not offered in the handshake, so a client that sends it anyway gets an error rather
          // than a statement id that means another statement on the server
          answer(frame, ProxyError.COMMAND_NOT_SUPPORTED, command.name());
      case COM_CHANGE_USER ->
          // the client handler verifies it and calls changeUser; one arriving here is malformed
          answer(frame, ProxyError.BAD_HANDSHAKE);
      default -> {
        if (command.replyShape() == ReplyShape.UNSUPPORTED) {
          answer(frame, ProxyError.COMMAND_NOT_SUPPORTED, command.name());
        } else {
          // COM_STATISTICS, COM_FIELD_LIST, COM_PROCESS_INFO, ...: the master knows best
          toDestination(frame, command, Destination.MASTER, false, false, null);
        }
      }
    }
  }

  private void routeQuery(PacketFrame frame) {
    ByteBuf payload = frame.payload();
    int length = payload.readableBytes() - 1;
    byte[] sql = sqlBytes(payload, length);
    QueryClassification classification = QueryClassifier.classify(sql, 0, length);
    HintState.Applied hint = hints.apply(classification.hintComments(), client.sessionId());
    long mask = classification.typeMask();
    String name = classification.objectName();
    String executedText = null;
    if (EXEC_STMT.in(mask) && name != null) {
      TextStatement prepared = textStatements.get(name.toLowerCase(Locale.ROOT));
      // what the prepared text does decides; unknown (prepared from a variable) counts as a write
      mask = prepared == null ? WRITE.bit() : prepared.classification().typeMask();
      executedText = prepared == null ? null : prepared.text();
    }
    boolean touchesTemporary =
        !temporaryTables.isEmpty()
            && touchesTemporaryTable(
                executedText != null ? executedText : new String(sql, 0, length, UTF8));
    Destination destination =
        RoutingRules.route(
            mask,
            classification.multiStatement(),
            touchesTemporary,
            lockedToMaster,
            transaction,
            settings);
    boolean write = !READ.in(mask) || WRITE.in(mask);
    if (log.isDebugEnabled()) {
      log.debug(
          "session {}: '{}' classified {}{} goes to {}",
          client.sessionId(),
          new String(sql, 0, Math.min(length, 200), UTF8),
          QueryTypes.describe(mask),
          classification.multiStatement() ? " (multi-statement)" : "",
          destination);
    }
    trackSessionState(classification, mask, sql, length, destination);
    if (destination == Destination.ALL) {
      sessionCommand(frame, Command.COM_QUERY, true, null);
      return;
    }
    Hint.Route routeHint = hint.route();
    if (routeHint != null) {
      SessionBackend hinted = hinted(routeHint);
      if (hinted != null) {
        send(hinted, frame, Command.COM_QUERY, write, false);
        return;
      }
    }
    boolean retriable =
        destination == Destination.SLAVE && !transaction.open() && transaction.autocommit();
    toDestination(
        frame, Command.COM_QUERY, destination, write, retriable, hint.maxReplicationLagSeconds());
  }

  /** What a statement changes in the session's routing state, applied before it is sent. */
  private void trackSessionState(
      QueryClassification classification,
      long mask,
      byte[] sql,
      int length,
      Destination destination) {
    if (NEXT_TRX.in(mask) && (READ_ONLY.in(mask) || READ_WRITE.in(mask))) {
      transaction.nextReadOnly(READ_ONLY.in(mask));
    }
    String name = classification.objectName();
    if (CREATE_TMP_TABLE.in(mask) && name != null) {
      temporaryTables.add(unqualified(name));
    }
    if (DROP_TABLE.in(mask) && !temporaryTables.isEmpty()) {
      for (String table : QueryClassifier.tables(new String(sql, 0, length, UTF8))) {
        temporaryTables.remove(unqualified(table));
      }
    }
    if (PREPARE_NAMED_STMT.in(mask) && name != null) {
      String text = classification.preparedText();
      textStatements.put(
          name.toLowerCase(Locale.ROOT),
          text == null
              ? new TextStatement(QueryClassifier.classify("CALL unknown()"), "")
              : new TextStatement(QueryClassifier.classify(text), text));
    }
    if (DEALLOCATE_PREPARE.in(mask) && name != null) {
      textStatements.remove(name.toLowerCase(Locale.ROOT));
    }
    if ((classification.multiStatement() && settings.strictMultiStatement())
        || (CALL.in(mask) && settings.strictStoredProcedureCalls())) {
      lockedToMaster = true;
    }
  }

  private boolean touchesTemporaryTable(String sql) {
    for (String table : QueryClassifier.tables(sql)) {
      if (temporaryTables.contains(unqualified(table))) {
        return true;
      }
    }
    return false;
  }

  private static String unqualified(String table) {
    int dot = table.lastIndexOf('.');
    return (dot < 0 ? table : table.substring(dot + 1)).toLowerCase(Locale.ROOT);
  }

  private byte[] sqlBytes(ByteBuf payload, int length) {
    if (sqlBuffer.length < length) {
      sqlBuffer = new byte[Math.max(length, sqlBuffer.length * 2)];
    }
    payload.getBytes(payload.readerIndex() + 1, sqlBuffer, 0, length);
    return sqlBuffer;
  }

  /** The connection a {@code route to} hint names, or null to route as if there were none. */
  private @Nullable SessionBackend hinted(Hint.Route hint) {
    return switch (hint.target()) {
      case MASTER -> master;
      case SLAVE -> chooseReplica(null, false);
      case LAST -> lastBackend != null && !lastBackend.closed() ? lastBackend : null;
      case SERVER -> {
        for (SessionBackend backend : backends) {
          if (backend.server().equals(hint.serverName()) && backend.ready()) {
            yield backend;
          }
        }
        log.debug(
            "session {}: hinted server '{}' is not one of the session's; routed normally",
            client.sessionId(),
            hint.serverName());
        yield null;
      }
    };
  }

  private void toDestination(
      PacketFrame frame,
      Command command,
      Destination destination,
      boolean write,
      boolean retriable,
      @Nullable Long lagLimit) {
    switch (destination) {
      case MASTER -> toMaster(frame, command, write);
      case SLAVE -> {
        SessionBackend replica = chooseReplica(lagLimit, true);
        if (replica != null) {
          send(replica, frame, command, false, retriable);
        } else if (replicaComing()) {
          // a replacement replica is being opened or brought up to date: the read waits for it
          deferred = Deferred.forReplica(frame, command, retriable, lagLimit);
        } else if (master != null) {
          send(master, frame, command, false, false);
        } else {
          answer(
              frame,
              ProxyError.NO_SERVER_AVAILABLE,
              router.service(),
              "no replica can take the read and there is no master");
        }
      }
      case LAST -> {
        SessionBackend last = lastBackend;
        if (last != null && !last.closed()) {
          send(last, frame, command, write, false);
        } else {
          toMaster(frame, command, write);
        }
      }
      case TRANSACTION -> {
        SessionBackend inTransaction = transactionBackend;
        if (inTransaction != null && !inTransaction.closed()) {
          send(inTransaction, frame, command, write, false);
        } else {
          // the transaction started with this very statement's predecessor on the master
          toMaster(frame, command, write);
        }
      }
      case ALL -> sessionCommand(frame, command, true, null);
    }
  }

  private void toMaster(PacketFrame frame, Command command, boolean write) {
    SessionBackend current = master;
    if (current != null && !current.closed() && stillMaster(current)) {
      send(current, frame, command, write, false);
      return;
    }
    switch (settings.masterFailureMode()) {
      case ERROR_ON_WRITE -> answer(frame, ProxyError.READ_ONLY_MODE);
      case FAIL_ON_WRITE, FAIL_INSTANTLY -> {
        int sequenceId = frame.lastSequenceId() + 1;
        frame.release();
        client.sendError(
            sequenceId,
            ProxyError.SESSION_CLOSED,
            "the session has no master (master_failure_mode="
                + settings.masterFailureMode().name().toLowerCase(Locale.ROOT)
                + ")");
        closeSession();
      }
    }
  }

  /**
   * Whether the session's master is still the master: after a switchover the old one is a replica,
   * and writing to it would fail or, worse, diverge. The session then behaves as if it lost it.
   */
  private boolean stillMaster(SessionBackend current) {
    ServerState state = router.state(current.server());
    if (state != null && state.has(io.weir.cluster.server.StatusBit.MASTER)) {
      return true;
    }
    log.debug(
        "session {}: server '{}' is no longer the master", client.sessionId(), current.server());
    master = null;
    drop(current);
    return false;
  }

  /**
   * The replica (or, with {@code master_accept_reads}, the master) that takes a read: among the
   * session's ready connections, those the monitor still shows as readable replicas within the lag
   * limit, best by the selection criteria. Null when none can.
   */
  private @Nullable SessionBackend chooseReplica(@Nullable Long hintedLag, boolean mayUseMaster) {
    long lagLimit = hintedLag != null ? hintedLag : settings.maxSlaveReplicationLag().toSeconds();
    List<SessionBackend> candidates = new ArrayList<>(backends.size());
    for (SessionBackend backend : backends) {
      if (!backend.available()) {
        continue;
      }
      if (backend == master) {
        if (mayUseMaster && settings.masterAcceptReads()) {
          candidates.add(backend);
        }
        continue;
      }
      ServerState state = router.state(backend.server());
      if (ReadWriteSplitRouter.readable(state, lagLimit)) {
        candidates.add(backend);
      }
    }
    if (candidates.isEmpty()) {
      replaceReplicaIfMissing();
      return null;
    }
    return selector.best(candidates, backend -> router.candidate(backend.server()));
  }

  private void send(
      SessionBackend backend,
      PacketFrame frame,
      Command command,
      boolean write,
      boolean retriable) {
    if (!backend.available()) {
      // a keepalive ping or a replay is still out on that connection: wait for it
      deferred = Deferred.forConnection(frame, command, backend, write, retriable);
      return;
    }
    long now = System.nanoTime();
    keepOthersAlive(backend, now);
    boolean expectsReply = command.replyShape() != ReplyShape.NONE;
    if (expectsReply) {
      active = backend;
      activeSequenceId = frame.lastSequenceId();
      if (retriable && settings.retryFailedReads()) {
        retryCopy = new PacketFrame(frame.sequenceId(), frame.payload().retainedDuplicate());
      }
    }
    backend.statistics().operationStarted(write);
    router.meters().routed(backend.server(), backend == master, write);
    lastBackend = backend;
    if (log.isDebugEnabled()) {
      log.debug(
          "session {}: {} to '{}'{}",
          client.sessionId(),
          command,
          backend.server(),
          backend == master ? " (master)" : "");
    }
    backend.send(frame, command, true, now);
    backend.flushToServer();
    if (!expectsReply) {
      backend.statistics().operationEnded(0);
    }
  }

  /** Pings the session's other connections that sat idle past {@code connection_keepalive}. */
  private void keepOthersAlive(SessionBackend used, long now) {
    long keepalive = settings.connectionKeepalive().toNanos();
    if (keepalive <= 0) {
      return;
    }
    for (SessionBackend backend : backends) {
      if (backend != used && backend.available() && now - backend.lastUsedAt() >= keepalive) {
        ByteBuf ping = client.alloc().buffer(1).writeByte(Command.COM_PING.code());
        backend.send(new PacketFrame(0, ping), Command.COM_PING, false, now);
        backend.flushToServer();
      }
    }
  }

  // ---- session commands ----------------------------------------------------------------------

  /** A text-protocol prepared statement ({@code PREPARE name FROM '...'}). */
  private record TextStatement(QueryClassification classification, String text) {}

  /** A session command on its way to every connection. */
  private static final class SessionCommand {
    final SessionBackend responder;
    final Command command;
    final int sequenceId;
    final SessionCommandHistory.@Nullable Entry entry;
    final PreparedStatements.@Nullable Statement statement;
    final Set<SessionBackend> waiting =
        java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    final Map<SessionBackend, Boolean> results = new IdentityHashMap<>();
    @Nullable Boolean responderOk;

    SessionCommand(
        SessionBackend responder,
        Command command,
        int sequenceId,
        SessionCommandHistory.@Nullable Entry entry,
        PreparedStatements.@Nullable Statement statement) {
      this.responder = responder;
      this.command = command;
      this.sequenceId = sequenceId;
      this.entry = entry;
      this.statement = statement;
    }
  }

  private void sessionCommand(
      PacketFrame frame,
      Command command,
      boolean record,
      PreparedStatements.@Nullable Statement statement) {
    if (backends.isEmpty()) {
      answer(frame, ProxyError.NO_SERVER_AVAILABLE, router.service(), "no server is connected");
      return;
    }
    for (SessionBackend backend : backends) {
      if (!backend.available()) {
        deferred = Deferred.forAll(frame, command, record, statement);
        return;
      }
    }
    // the client reads the status flags of the connection its transaction runs on, if any
    SessionBackend inTransaction = transaction.open() ? transactionBackend : null;
    SessionBackend responder =
        inTransaction != null && !inTransaction.closed()
            ? inTransaction
            : master != null ? master : backends.getFirst();
    SessionCommandHistory.Entry entry = null;
    if (record) {
      ByteBuf payload = frame.payload();
      byte[] bytes = new byte[payload.readableBytes()];
      payload.getBytes(payload.readerIndex(), bytes);
      entry = history.record(bytes, command, statement == null ? 0 : statement.clientId());
    }
    SessionCommand running =
        new SessionCommand(responder, command, frame.lastSequenceId(), entry, statement);
    boolean expectsReply = command.replyShape() != ReplyShape.NONE;
    List<SessionBackend> targets = List.copyOf(backends);
    List<PacketFrame> copies = new ArrayList<>(targets.size());
    for (int i = 1; i < targets.size(); i++) {
      copies.add(new PacketFrame(frame.sequenceId(), frame.payload().retainedDuplicate()));
    }
    copies.add(frame);
    long now = System.nanoTime();
    if (expectsReply) {
      sessionCommand = running;
    }
    router.meters().routedToAll();
    log.debug("session {}: {} to all {} servers", client.sessionId(), command, targets.size());
    for (int i = 0; i < targets.size(); i++) {
      SessionBackend backend = targets.get(i);
      if (backend == responder && statement != null) {
        backend.patchStatementId(statement.clientId());
      }
      if (expectsReply) {
        running.waiting.add(backend);
      }
      backend.send(copies.get(i), command, backend == responder, now);
      backend.flushToServer();
    }
    lastBackend = responder;
  }

  private void onSessionCommandReply(SessionCommand running, SessionBackend backend, Reply reply) {
    running.waiting.remove(backend);
    running.results.put(backend, reply.ok());
    PreparedStatements.Statement statement = running.statement;
    if (statement != null && reply.prepared() != null) {
      long id = backend == running.responder ? backend.patchedId() : reply.prepared().statementId();
      statement.preparedOn(backend, id);
      statement.parameters(reply.prepared().parameters());
    }
    if (backend == running.responder) {
      running.responderOk = reply.ok();
      if (reply.error() != null) {
        client.serverError(reply.error().errorCode());
      }
      afterReply(backend, reply);
    }
    if (running.waiting.isEmpty()) {
      finishSessionCommand(running);
    }
  }

  private void finishSessionCommand(SessionCommand running) {
    sessionCommand = null;
    Boolean expected = running.responderOk;
    if (expected == null) {
      // the responder was lost before it answered (the client got an error): the survivors agree
      // with each other or leave
      expected = running.results.isEmpty() || running.results.values().iterator().next();
    }
    for (Map.Entry<SessionBackend, Boolean> result : running.results.entrySet()) {
      SessionBackend backend = result.getKey();
      if (result.getValue() != expected && backend != running.responder) {
        log.warn(
            "session {}: server '{}' answered {} with {} where '{}' answered {}; it leaves the"
                + " session",
            client.sessionId(),
            backend.server(),
            running.command,
            result.getValue() ? "OK" : "an error",
            running.responder.server(),
            expected ? "OK" : "an error");
        drop(backend);
      }
    }
    SessionCommandHistory.Entry entry = running.entry;
    if (entry != null) {
      entry.ok(expected);
    }
    PreparedStatements.Statement statement = running.statement;
    if (statement != null && !expected) {
      statements.remove(statement.clientId());
      history.forgetStatement(statement.clientId());
      for (SessionBackend backend : List.copyOf(statement.backends())) {
        closeOn(backend, statement.idOn(backend));
      }
    }
    if (backends.isEmpty() && !closed) {
      endWithError("every server of the session was lost", true);
      return;
    }
    if (running.command == Command.COM_RESET_CONNECTION && expected) {
      history.clear();
      statements.clear();
      textStatements.clear();
      temporaryTables.clear();
      hints.reset();
      transaction.reset();
      lockedToMaster = false;
    }
  }

  // ---- COM_CHANGE_USER -----------------------------------------------------------------------

  @Override
  public Future<byte[]> changeUser(ComChangeUser request, BackendLogin newLogin) {
    Promise<byte[]> answered = client.eventLoop().newPromise();
    List<SessionBackend> targets = List.copyOf(backends);
    if (targets.isEmpty()) {
      answered.setFailure(new IllegalStateException("no server is connected"));
      return answered;
    }
    SessionBackend responder = master != null ? master : targets.getFirst();
    changingUser = true;
    Map<SessionBackend, byte[]> answers = new IdentityHashMap<>();
    int[] remaining = {targets.size()};
    for (SessionBackend backend : targets) {
      BackendUserChange.run(backend.connection(), request, newLogin.stageOne())
          .addListener(
              done -> {
                if (done.isSuccess()) {
                  answers.put(backend, (byte[]) done.getNow());
                }
                if (--remaining[0] == 0) {
                  finishChangeUser(responder, answers, newLogin, answered);
                }
              });
    }
    return answered;
  }

  /**
   * Every connection answered (or closed): the client gets the master's answer, a connection that
   * answered otherwise leaves, and after a successful change the session starts afresh, as on the
   * server, with the new user for connections opened later.
   */
  private void finishChangeUser(
      SessionBackend responder,
      Map<SessionBackend, byte[]> answers,
      BackendLogin newLogin,
      Promise<byte[]> answered) {
    changingUser = false;
    byte[] expected = answers.get(responder);
    if (expected == null && !answers.isEmpty()) {
      expected = answers.values().iterator().next();
    }
    if (expected == null) {
      answered.setFailure(new IllegalStateException("every connection closed"));
      return;
    }
    boolean ok = expected.length > 0 && expected[0] == 0x00;
    for (Map.Entry<SessionBackend, byte[]> answer : answers.entrySet()) {
      byte[] bytes = answer.getValue();
      if ((bytes.length > 0 && bytes[0] == 0x00) != ok) {
        log.warn(
            "session {}: server '{}' answered COM_CHANGE_USER otherwise; it leaves the session",
            client.sessionId(),
            answer.getKey().server());
        drop(answer.getKey());
      }
    }
    if (ok) {
      login = newLogin;
      history.clear();
      statements.clear();
      textStatements.clear();
      temporaryTables.clear();
      hints.reset();
      transaction.reset();
      lockedToMaster = false;
    }
    answered.setSuccess(expected);
    if (!closed) {
      runDeferred();
      drain();
    }
  }

  // ---- prepared statements -------------------------------------------------------------------

  private void prepare(PacketFrame frame) {
    ByteBuf payload = frame.payload();
    int length = payload.readableBytes() - 1;
    byte[] sql = sqlBytes(payload, length);
    QueryClassification classification = QueryClassifier.classify(sql, 0, length);
    PreparedStatements.Statement statement =
        statements.add(classification, new String(sql, 0, length, UTF8));
    sessionCommand(frame, Command.COM_STMT_PREPARE, true, statement);
  }

  private void execute(PacketFrame frame) {
    ByteBuf payload = frame.payload();
    PreparedStatements.Statement statement = statementOf(payload);
    if (statement == null) {
      unknownStatement(frame, "mysqld_stmt_execute");
      return;
    }
    long mask = statement.classification().typeMask();
    boolean touchesTemporary =
        !temporaryTables.isEmpty() && touchesTemporaryTable(statement.text());
    Destination destination =
        RoutingRules.route(
            mask,
            statement.classification().multiStatement(),
            touchesTemporary,
            lockedToMaster,
            transaction,
            settings);
    if (destination == Destination.ALL) {
      // a prepared session command runs where the session's writes run (a limitation: the
      // other connections do not see its change)
      destination = Destination.MASTER;
    }
    SessionBackend withLongData = statement.longDataOn();
    statement.longDataOn(null);
    SessionBackend target =
        withLongData != null && !withLongData.closed()
            ? withLongData
            : executeTarget(destination, statement);
    if (target == null) {
      if (master == null) {
        toMaster(frame, Command.COM_STMT_EXECUTE, true);
      } else {
        answer(frame, ProxyError.NO_SERVER_AVAILABLE, router.service(), "no server has it");
      }
      return;
    }
    boolean write = !READ.in(mask) || WRITE.in(mask);
    PacketFrame rewritten = withParameterTypes(frame, statement, target);
    ByteBuf body = rewritten.payload();
    body.setIntLE(body.readerIndex() + 1, (int) statement.idOn(target));
    statement.executedOn(target);
    send(target, rewritten, Command.COM_STMT_EXECUTE, write, false);
  }

  private @Nullable SessionBackend executeTarget(
      Destination destination, PreparedStatements.Statement statement) {
    SessionBackend chosen =
        switch (destination) {
          case SLAVE -> {
            SessionBackend replica = chooseReplica(null, true);
            yield replica != null ? replica : master;
          }
          case TRANSACTION -> transactionBackend != null ? transactionBackend : master;
          case LAST -> lastBackend;
          case MASTER, ALL -> master;
        };
    if (chosen != null && statement.idOn(chosen) >= 0 && !chosen.closed()) {
      return chosen;
    }
    if (destination == Destination.SLAVE && master != null && statement.idOn(master) >= 0) {
      return master;
    }
    return null;
  }

  /**
   * The execute packet to send to {@code target}: as the client sent it, unless the client left out
   * the parameter types (it sends them once) and {@code target} has not seen them, in which case
   * they are put back in.
   */
  private PacketFrame withParameterTypes(
      PacketFrame frame, PreparedStatements.Statement statement, SessionBackend target) {
    int parameters = statement.parameters();
    if (parameters == 0) {
      return frame;
    }
    ByteBuf payload = frame.payload();
    // command, statement id, flags, iteration count, null bitmap
    int flagAt = payload.readerIndex() + 1 + 4 + 1 + 4 + (parameters + 7) / 8;
    if (flagAt >= payload.writerIndex()) {
      return frame;
    }
    int typesLength = 2 * parameters;
    if (payload.getByte(flagAt) == 1) {
      if (flagAt + 1 + typesLength <= payload.writerIndex()) {
        byte[] types = new byte[typesLength];
        payload.getBytes(flagAt + 1, types);
        statement.types(types, target);
      }
      return frame;
    }
    byte[] types = statement.types();
    if (types == null || statement.typesSentTo(target)) {
      return frame;
    }
    ByteBuf rebuilt = client.alloc().buffer(payload.readableBytes() + typesLength);
    rebuilt.writeBytes(payload, payload.readerIndex(), flagAt - payload.readerIndex());
    rebuilt.writeByte(1);
    rebuilt.writeBytes(types);
    rebuilt.writeBytes(payload, flagAt + 1, payload.writerIndex() - flagAt - 1);
    statement.typesResentTo(target);
    PacketFrame replaced = new PacketFrame(frame.sequenceId(), frame.lastSequenceId(), rebuilt);
    frame.release();
    return replaced;
  }

  private void fetch(PacketFrame frame) {
    PreparedStatements.Statement statement = statementOf(frame.payload());
    SessionBackend target = statement == null ? null : statement.executedOn();
    if (statement == null || target == null || target.closed()) {
      unknownStatement(frame, "mysqld_stmt_fetch");
      return;
    }
    ByteBuf payload = frame.payload();
    payload.setIntLE(payload.readerIndex() + 1, (int) statement.idOn(target));
    send(target, frame, Command.COM_STMT_FETCH, false, false);
  }

  private void resetStatement(PacketFrame frame) {
    PreparedStatements.Statement statement = statementOf(frame.payload());
    if (statement == null) {
      unknownStatement(frame, "mysqld_stmt_reset");
      return;
    }
    SessionBackend target = holderOf(statement);
    statement.longDataOn(null);
    if (target == null) {
      unknownStatement(frame, "mysqld_stmt_reset");
      return;
    }
    ByteBuf payload = frame.payload();
    payload.setIntLE(payload.readerIndex() + 1, (int) statement.idOn(target));
    send(target, frame, Command.COM_STMT_RESET, false, false);
  }

  private void closeStatement(PacketFrame frame) {
    ByteBuf payload = frame.payload();
    int clientId = payload.readableBytes() >= 5 ? payload.getIntLE(payload.readerIndex() + 1) : 0;
    PreparedStatements.Statement statement = statements.remove(clientId);
    frame.release();
    if (statement == null) {
      return;
    }
    history.forgetStatement(statement.clientId());
    for (SessionBackend backend : List.copyOf(statement.backends())) {
      closeOn(backend, statement.idOn(backend));
    }
  }

  private void closeOn(SessionBackend backend, long backendId) {
    if (backend.closed() || backendId < 0) {
      return;
    }
    ByteBuf close =
        client
            .alloc()
            .buffer(5)
            .writeByte(Command.COM_STMT_CLOSE.code())
            .writeIntLE((int) backendId);
    backend.connection().write(new PacketFrame(0, close));
    backend.flushToServer();
  }

  /**
   * Long data goes to one connection that has the statement (where it last ran, else the master),
   * and the next execute runs there: a server keeps long data until that statement executes or is
   * reset, so data sent everywhere would linger on the others and join the next long data.
   */
  private void sendLongData(PacketFrame frame) {
    PreparedStatements.Statement statement = statementOf(frame.payload());
    if (statement == null) {
      frame.release();
      return;
    }
    SessionBackend target = holderOf(statement);
    if (target == null) {
      frame.release();
      return;
    }
    statement.longDataOn(target);
    ByteBuf payload = frame.payload();
    payload.setIntLE(payload.readerIndex() + 1, (int) statement.idOn(target));
    target.connection().write(frame);
    target.flushToServer();
  }

  /**
   * The server's own answer to an id it does not know, given by the proxy: passing the client's id
   * on could name another statement on the server.
   */
  private void unknownStatement(PacketFrame frame, String where) {
    ByteBuf payload = frame.payload();
    long id =
        payload.readableBytes() >= 5 ? payload.getUnsignedIntLE(payload.readerIndex() + 1) : 0;
    answer(frame, ProxyError.UNKNOWN_STATEMENT, id, where);
  }

  /**
   * The connection a statement's long data and reset belong on: where long data went, else where it
   * last ran, else the master, else any connection that has it.
   */
  private @Nullable SessionBackend holderOf(PreparedStatements.Statement statement) {
    for (SessionBackend candidate :
        java.util.Arrays.asList(statement.longDataOn(), statement.executedOn(), master)) {
      if (candidate != null && !candidate.closed() && statement.idOn(candidate) >= 0) {
        return candidate;
      }
    }
    for (SessionBackend backend : statement.backends()) {
      if (!backend.closed()) {
        return backend;
      }
    }
    return null;
  }

  private PreparedStatements.@Nullable Statement statementOf(ByteBuf payload) {
    if (payload.readableBytes() < 5) {
      return null;
    }
    return statements.find(payload.getIntLE(payload.readerIndex() + 1));
  }

  // ---- replies -------------------------------------------------------------------------------

  void onReply(SessionBackend backend, Reply reply) {
    if (closed) {
      return;
    }
    Iterator<SessionCommandHistory.Entry> replay = replays.get(backend);
    if (replay != null) {
      onReplayReply(backend, replay, reply);
    } else if (sessionCommand != null && sessionCommand.waiting.contains(backend)) {
      onSessionCommandReply(sessionCommand, backend, reply);
    } else if (backend == active && backend.outstanding() == 0) {
      long nanos = System.nanoTime() - backend.sentAt();
      backend.statistics().operationEnded(nanos);
      backend.recordReply(sessionMeters, reply.command(), nanos);
      if (reply.error() != null) {
        client.serverError(reply.error().errorCode());
      }
      afterReply(backend, reply);
      active = null;
      releaseRetryCopy();
    }
    // otherwise the answer to a keepalive ping
    runDeferred();
    drain();
  }

  /** The session's transaction state after a reply of the connection the command ran on. */
  private void afterReply(SessionBackend backend, Reply reply) {
    if (!reply.ok() || reply.command() == Command.COM_STMT_PREPARE) {
      // an error, and a prepare response without EOF packets, carry no status flags
      return;
    }
    boolean started = transaction.replied(reply.serverStatus());
    if (started) {
      router.meters().transactionStarted(transaction.readOnly());
    }
    if (transaction.open()) {
      if (transactionBackend == null || started) {
        transactionBackend = backend;
      }
    } else {
      transactionBackend = null;
    }
  }

  private void runDeferred() {
    Deferred waiting = deferred;
    if (waiting == null || active != null || sessionCommand != null) {
      return;
    }
    if (waiting.forReplica()) {
      if (replicaComing() && chooseReplica(waiting.lagLimit(), true) == null) {
        return;
      }
      deferred = null;
      // the replacement is ready, or it failed and the read goes wherever it can
      toDestination(
          waiting.frame(),
          waiting.command(),
          Destination.SLAVE,
          false,
          waiting.retriable(),
          waiting.lagLimit());
      return;
    }
    SessionBackend target = waiting.target;
    if (target == null) {
      for (SessionBackend backend : backends) {
        if (!backend.available()) {
          return;
        }
      }
      deferred = null;
      sessionCommand(waiting.frame, waiting.command, waiting.record, waiting.statement);
      return;
    }
    if (target.closed()) {
      deferred = null;
      answer(
          waiting.frame,
          ProxyError.BACKEND_LOST,
          target.server(),
          "the connection closed before the statement could be sent");
      return;
    }
    if (target.available()) {
      deferred = null;
      send(target, waiting.frame, waiting.command, waiting.write, waiting.retriable);
    }
  }

  /**
   * A command that waits: for a connection to finish a keepalive ping or a replay ({@code target}),
   * for every connection to be free (a session command, {@code target} null), or for a replacement
   * replica to be ready ({@code forReplica}).
   */
  private record Deferred(
      PacketFrame frame,
      Command command,
      @Nullable SessionBackend target,
      boolean write,
      boolean retriable,
      boolean record,
      PreparedStatements.@Nullable Statement statement,
      boolean forReplica,
      @Nullable Long lagLimit) {

    static Deferred forConnection(
        PacketFrame frame,
        Command command,
        SessionBackend target,
        boolean write,
        boolean retriable) {
      return new Deferred(frame, command, target, write, retriable, false, null, false, null);
    }

    static Deferred forAll(
        PacketFrame frame,
        Command command,
        boolean record,
        PreparedStatements.@Nullable Statement statement) {
      return new Deferred(frame, command, null, false, false, record, statement, false, null);
    }

    static Deferred forReplica(
        PacketFrame frame, Command command, boolean retriable, @Nullable Long lagLimit) {
      return new Deferred(frame, command, null, false, retriable, false, null, true, lagLimit);
    }
  }

  /** Whether a replacement replica connection is being opened or replayed. */
  private boolean replicaComing() {
    return replicasConnecting > 0 || !replays.isEmpty();
  }

  // ---- replacing lost replicas ---------------------------------------------------------------

  /**
   * Opens another replica connection when the session has fewer than it started with and its
   * history can bring a new one to the session's state.
   */
  private void replaceReplicaIfMissing() {
    if (closed || !history.complete() || replacementsLeft <= 0) {
      return;
    }
    int replicas = replicasConnecting;
    for (SessionBackend backend : backends) {
      if (backend != master) {
        replicas++;
      }
    }
    if (replicas >= replicasWanted) {
      return;
    }
    Set<String> inUse = new HashSet<>();
    backends.forEach(backend -> inUse.add(backend.server()));
    ServerState chosen = null;
    for (ServerState candidate : router.replicaCandidates(settings, selector)) {
      if (!inUse.contains(candidate.name())) {
        chosen = candidate;
        break;
      }
    }
    BackendLogin current = login;
    if (chosen == null || current == null) {
      return;
    }
    Optional<BackendTarget> target = router.target(chosen.name());
    if (target.isEmpty()) {
      return;
    }
    replacementsLeft--;
    replicasConnecting++;
    String server = chosen.name();
    log.debug("session {}: opening replica '{}' as a replacement", client.sessionId(), server);
    router
        .connector()
        .connect(client.eventLoop(), target.get(), current)
        .addListener(
            done -> {
              replicasConnecting--;
              if (!done.isSuccess()) {
                log.debug(
                    "session {}: replacement '{}' failed: {}",
                    client.sessionId(),
                    server,
                    done.cause().getMessage());
                if (!closed) {
                  runDeferred();
                  drain();
                }
                return;
              }
              BackendConnection connection = (BackendConnection) done.getNow();
              if (closed) {
                connection.close();
                return;
              }
              startReplay(adopt(connection));
            });
  }

  private void startReplay(SessionBackend backend) {
    if (!history.complete()) {
      // the history stopped while the connection opened: it cannot get the session's state
      log.debug(
          "session {}: '{}' not used, the session command history is incomplete",
          client.sessionId(),
          backend.server());
      drop(backend);
      runDeferred();
      drain();
      return;
    }
    List<SessionCommandHistory.Entry> entries = history.entries();
    if (entries.isEmpty()) {
      backend.ready(true);
      runDeferred();
      drain();
      return;
    }
    replays.put(backend, entries.iterator());
    long now = System.nanoTime();
    for (SessionCommandHistory.Entry entry : entries) {
      ByteBuf payload = client.alloc().buffer(entry.payload().length).writeBytes(entry.payload());
      backend.send(new PacketFrame(0, payload), entry.command(), false, now);
    }
    backend.flushToServer();
    log.debug(
        "session {}: replaying {} session commands on '{}'",
        client.sessionId(),
        entries.size(),
        backend.server());
  }

  private void onReplayReply(
      SessionBackend backend, Iterator<SessionCommandHistory.Entry> replay, Reply reply) {
    SessionCommandHistory.Entry entry = replay.next();
    if (reply.ok() != entry.ok()) {
      log.warn(
          "session {}: replaying {} on '{}' gave {} where the session got {}; it leaves the"
              + " session",
          client.sessionId(),
          entry.command(),
          backend.server(),
          reply.ok() ? "OK" : "an error",
          entry.ok() ? "OK" : "an error");
      replays.remove(backend);
      drop(backend);
      return;
    }
    if (entry.statementId() != 0 && reply.prepared() != null) {
      PreparedStatements.Statement statement = statements.find(entry.statementId());
      if (statement != null) {
        statement.preparedOn(backend, reply.prepared().statementId());
      }
    }
    if (!replay.hasNext()) {
      replays.remove(backend);
      backend.ready(true);
      log.debug("session {}: '{}' is up to date", client.sessionId(), backend.server());
    }
  }

  // ---- losing connections --------------------------------------------------------------------

  void backendClosed(SessionBackend backend, @Nullable Throwable cause) {
    boolean wasMaster = backend == master;
    if (!forget(backend) || closed) {
      // dropped by the session itself, or the session is ending
      return;
    }
    String why = cause == null ? "the server closed the connection" : rootMessage(cause);
    log.debug("session {}: connection to '{}' lost: {}", client.sessionId(), backend, why);
    // whether the client already got its one answer to the command in flight
    boolean answered = false;
    SessionCommand running = sessionCommand;
    if (running != null && running.waiting.remove(backend)) {
      if (backend == running.responder) {
        if (backend.relayedBytes() > 0) {
          closeSession();
          return;
        }
        client.sendError(running.sequenceId + 1, ProxyError.BACKEND_LOST, backend.server(), why);
        answered = true;
      }
      running.results.remove(backend);
      if (running.waiting.isEmpty()) {
        finishSessionCommand(running);
        if (closed) {
          return;
        }
      }
    }
    if (backend == active) {
      active = null;
      PacketFrame again = retryCopy;
      retryCopy = null;
      if (again != null && backend.relayedBytes() == 0) {
        log.debug(
            "session {}: read lost with '{}' retried on another server",
            client.sessionId(),
            backend.server());
        toDestination(again, Command.COM_QUERY, Destination.SLAVE, false, true, null);
      } else {
        if (again != null) {
          again.release();
        }
        if (backend.relayedBytes() > 0) {
          // part of the reply went out: the client cannot read an error in its middle
          closeSession();
          return;
        }
        client.sendError(activeSequenceId + 1, ProxyError.BACKEND_LOST, backend.server(), why);
        answered = true;
      }
    }
    if (transaction.open() && backend == transactionBackend) {
      // the transaction is gone with its connection; going on would silently lose its work
      endWithError(
          "the server of the open transaction, '" + backend.server() + "', was lost", answered);
      return;
    }
    if (wasMaster && settings.masterFailureMode() == MasterFailureMode.FAIL_INSTANTLY) {
      endWithError("the master '" + backend.server() + "' was lost", answered);
      return;
    }
    if (backends.isEmpty()) {
      endWithError("every server of the session was lost", answered);
      return;
    }
    if (!wasMaster) {
      replaceReplicaIfMissing();
    }
    runDeferred();
    drain();
  }

  /**
   * Ends the session; a client waiting for an answer that did not get one yet is told why, once.
   */
  private void endWithError(String why, boolean answered) {
    if (!answered) {
      int sequenceId = -1;
      SessionCommand running = sessionCommand;
      Deferred waiting = deferred;
      if (running != null) {
        sequenceId = running.sequenceId + 1;
      } else if (active != null) {
        sequenceId = activeSequenceId + 1;
      } else if (waiting != null) {
        sequenceId = waiting.frame().lastSequenceId() + 1;
      }
      if (sequenceId >= 0) {
        client.sendError(sequenceId, ProxyError.SESSION_CLOSED, why);
      }
    }
    closeSession();
  }

  /** Takes a connection out of the session and closes it; its close is then ignored. */
  private void drop(SessionBackend backend) {
    forget(backend);
    backend.close();
  }

  /** Takes a connection out of the session; false when it was not in it any more. */
  private boolean forget(SessionBackend backend) {
    if (!backends.remove(backend)) {
      return false;
    }
    if (backend.outstanding() > 0 && backend == active) {
      backend.statistics().operationAbandoned();
    }
    router.connectionClosed(backend.server());
    sessionMeters.serverConnectionClosed(backend.server());
    statements.forget(backend);
    replays.remove(backend);
    if (backend == master) {
      master = null;
      client.killTargetChanged(killTarget().orElse(null));
    }
    if (backend == lastBackend) {
      lastBackend = null;
    }
    return true;
  }

  // ---- the client's side ---------------------------------------------------------------------

  void relayToClient(ByteBuf bytes) {
    client.relay(bytes);
  }

  void flushClient() {
    client.flush();
  }

  boolean clientTakesWrites() {
    return client.writable();
  }

  void backendWritabilityChanged(boolean writable) {
    if (writable && queue.size() < QUEUE_LIMIT) {
      client.readClient(true);
    } else if (!writable) {
      client.readClient(false);
    }
  }

  @Override
  public void flush() {
    // every command is flushed as it is sent: one is in flight at a time
  }

  @Override
  public void clientWritable() {
    for (SessionBackend backend : backends) {
      backend.connection().reading(true);
    }
  }

  @Override
  public Optional<BackendConnection> killTarget() {
    SessionBackend current =
        master != null ? master : backends.isEmpty() ? null : backends.getFirst();
    return current == null ? Optional.empty() : Optional.of(current.connection());
  }

  private void quit(PacketFrame frame) {
    frame.release();
    for (SessionBackend backend : backends) {
      ByteBuf quit = client.alloc().buffer(1).writeByte(Command.COM_QUIT.code());
      backend.connection().send(new PacketFrame(0, quit));
    }
    closeSession();
  }

  private void answer(PacketFrame frame, ProxyError error, Object... details) {
    int sequenceId = frame.lastSequenceId() + 1;
    frame.release();
    client.sendError(sequenceId, error, details);
  }

  private void closeSession() {
    client.close();
    close();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (SessionBackend backend : List.copyOf(backends)) {
      drop(backend);
    }
    PacketFrame queued;
    while ((queued = queue.poll()) != null) {
      queued.release();
    }
    Deferred waiting = deferred;
    deferred = null;
    if (waiting != null) {
      waiting.frame.release();
    }
    releaseRetryCopy();
  }

  private void releaseRetryCopy() {
    PacketFrame copy = retryCopy;
    retryCopy = null;
    if (copy != null) {
      copy.release();
    }
  }

  private static String rootMessage(Throwable failure) {
    return RootCause.messageOf(failure);
  }
}
