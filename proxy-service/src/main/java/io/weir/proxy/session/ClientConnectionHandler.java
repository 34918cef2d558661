package io.weir.proxy.session;

import io.micrometer.core.instrument.Timer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.weir.proxy.auth.UserAccounts;
import io.weir.proxy.backend.BackendConnection;
import io.weir.proxy.backend.BackendLogin;
import io.weir.proxy.backend.BackendRefusedException;
import io.weir.proxy.backend.BackendTarget;
import io.weir.proxy.backend.BackendUserChange;
import io.weir.proxy.backend.ReplySink;
import io.weir.proxy.error.ProxyError;
import io.weir.proxy.error.RootCause;
import io.weir.proxy.router.ClientPort;
import io.weir.proxy.router.RouterSession;
import io.weir.proxy.router.SessionRouter;
import io.weir.wire.auth.MysqlNativePassword;
import io.weir.wire.capability.Capabilities;
import io.weir.wire.capability.Capability;
import io.weir.wire.capability.ServerStatus;
import io.weir.wire.codec.MalformedPacketException;
import io.weir.wire.command.ComChangeUser;
import io.weir.wire.command.ComProcessKill;
import io.weir.wire.command.ComQuery;
import io.weir.wire.command.Command;
import io.weir.wire.frame.PacketDecoder;
import io.weir.wire.frame.PacketFrame;
import io.weir.wire.frame.PacketTooLargeException;
import io.weir.wire.handshake.AuthSwitchRequest;
import io.weir.wire.handshake.AuthSwitchResponse;
import io.weir.wire.handshake.HandshakeResponse41;
import io.weir.wire.handshake.HandshakeV10;
import io.weir.wire.handshake.SslRequest;
import io.weir.wire.packet.ErrPacket;
import io.weir.wire.packet.OkPacket;
import io.weir.wire.reply.Reply;
import io.weir.wire.reply.ReplyShape;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's session, from the proxy's handshake to the last command: the server side of the
 * connection phase (TLS, capability negotiation, transparent authentication), the backend
 * connection the router chose, and the commands.
 *
 * <p>Commands go to the backend as the client sent them and replies come back untouched, so
 * pipelined commands simply queue in order. The proxy answers a few commands itself ({@code
 * COM_CHANGE_USER}, KILL of a connection id, commands it does not relay); those wait until every
 * earlier reply is complete, and later commands wait behind them, so the client sees answers in the
 * order it asked.
 */
public final class ClientConnectionHandler extends ChannelInboundHandlerAdapter
    implements ReplySink {
  /** The pipeline name of the client's packet decoder. */
  public static final String DECODER = "weir.client.decoder";

  private static final Logger log = LoggerFactory.getLogger(ClientConnectionHandler.class);
  private static final int UTF8MB4_GENERAL_CI = 45;
  private static final int PENDING_LIMIT = 64;

  /**
   * What the proxy offers clients. Not offered: compression; MariaDB's metadata cache, bulk
   * execution and COM_MULTI, which the reply tracker and routers do not follow yet.
   */
  static final Capabilities OFFERED =
      Capabilities.of(
          Capability.FOUND_ROWS,
          Capability.LONG_FLAG,
          Capability.CONNECT_WITH_DB,
          Capability.NO_SCHEMA,
          Capability.ODBC,
          Capability.LOCAL_FILES,
          Capability.IGNORE_SPACE,
          Capability.CLIENT_PROTOCOL_41,
          Capability.CLIENT_INTERACTIVE,
          Capability.IGNORE_SIGPIPE,
          Capability.TRANSACTIONS,
          Capability.SECURE_CONNECTION,
          Capability.MULTI_STATEMENTS,
          Capability.MULTI_RESULTS,
          Capability.PS_MULTI_RESULTS,
          Capability.PLUGIN_AUTH,
          Capability.CONNECT_ATTRS,
          Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA,
          Capability.CAN_HANDLE_EXPIRED_PASSWORDS,
          Capability.SESSION_TRACK,
          Capability.DEPRECATE_EOF,
          Capability.MARIADB_CLIENT_PROGRESS,
          Capability.MARIADB_CLIENT_EXTENDED_TYPE_INFO);

  private enum State {
    GREETED,
    SWITCHING_PLUGIN,
    AUTHENTICATING,
    CONNECTING,
    ROUTING,
    CLOSED
  }

  private final SessionContext context;
  private final ClientAuthenticator authenticator;
  // the service's parameters as they were when this client connected
  private final ServiceSessionSettings serviceSettings;
  private final Deque<PacketFrame> pending = new ArrayDeque<>();
  private final CommandStarts commandStarts = new CommandStarts();
  private Timer @Nullable [] commandTimers;

  private @Nullable ChannelHandlerContext channel;
  private @Nullable LiveSession live;
  private State state = State.GREETED;
  private byte[] scramble = new byte[0];
  private Capabilities offered = OFFERED;
  private Capabilities negotiated = Capabilities.NONE;
  private boolean tlsStarted;
  private int nextSequenceId;
  private @Nullable HandshakeResponse41 login;
  private @Nullable BackendLogin backendLogin;
  private @Nullable BackendConnection backend;
  // set instead of backend for routers that route command by command (readwritesplit)
  private @Nullable RouterSession routerSession;
  private @Nullable ScheduledFuture<?> loginTimer;
  private boolean counted;

  // a command the proxy answers itself is running; client packets queue behind it
  private boolean busy;
  // a command the proxy answers itself waits for the replies before it
  private boolean waitingForIdle;
  // a COM_CHANGE_USER waits for the client's answer to an auth switch
  private @Nullable ComChangeUser changingUser;
  // bytes of the reply in flight already sent: after any, an error packet would corrupt it
  private long relayedOfCurrentReply;
  private int lastCommandSequenceId;
  // when this login was first checked: a user snapshot older than that may miss new grants
  private Instant firstAttemptAt = Instant.EPOCH;

  public ClientConnectionHandler(SessionContext context) {
    this.context = context;
    this.serviceSettings = context.serviceSettings().get();
    this.authenticator = new ClientAuthenticator(serviceSettings.enableRootUser());
  }

  // ---- connection phase ----------------------------------------------------------------------

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    this.channel = ctx;
    ctx.channel().config().setAutoRead(true);
    int limit = serviceSettings.maxConnections();
    // take the slot first: a check then an increment lets clients on other event loops slip in
    int open = context.serviceSessions().incrementAndGet();
    if (limit > 0 && open > limit) {
      context.serviceSessions().decrementAndGet();
      sendError(0, ProxyError.TOO_MANY_CONNECTIONS, true);
      ctx.close();
      return;
    }
    counted = true;
    context.meters().sessionOpened();
    LiveSession session =
        new LiveSession(
            context.sessions().nextId(),
            context.service(),
            clientHost(ctx),
            context.clock().instant());
    context.sessions().add(session);
    live = session;
    scramble = new MysqlNativePassword(context.random()).newScramble();
    SslContext tls = context.tls();
    offered = tls == null ? OFFERED : OFFERED.with(Capability.SSL);
    HandshakeV10 greeting =
        new HandshakeV10(
            context.serverVersion().get(),
            session.id(),
            scramble,
            offered,
            UTF8MB4_GENERAL_CI,
            ServerStatus.SERVER_STATUS_AUTOCOMMIT.mask(),
            MysqlNativePassword.PLUGIN_NAME);
    send(0, greeting::encode);
    long timeout = context.authenticationTimeout().toMillis();
    loginTimer =
        ctx.executor()
            .schedule(
                () -> {
                  if (state != State.ROUTING && state != State.CLOSED) {
                    log.debug("session {}: no login within {} ms", session.id(), timeout);
                    ctx.close();
                  }
                },
                timeout,
                TimeUnit.MILLISECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    if (message instanceof ByteBuf raw) {
      // bytes the old decoder held when TLS started: they are the TLS handshake
      ctx.pipeline().fireChannelRead(raw);
      return;
    }
    if (!(message instanceof PacketFrame frame)) {
      ReferenceCountUtil.release(message);
      return;
    }
    context.meters().bytesIn(frame.payload().readableBytes() + PacketFrame.HEADER_LENGTH);
    switch (state) {
      case GREETED -> withFrame(frame, () -> onHandshakeResponse(ctx, frame));
      case SWITCHING_PLUGIN ->
          withFrame(
              frame,
              () -> {
                nextSequenceId = frame.nextSequenceId();
                authenticate(AuthSwitchResponse.decode(frame.payload()).authData(), false);
              });
      case ROUTING -> onCommandPacket(frame);
      case AUTHENTICATING, CONNECTING -> {
        // a command pipelined behind the login: the server would read it after its OK, so it
        // waits for the session to start (close() releases it if the login fails)
        pending.add(frame);
        if (pending.size() >= PENDING_LIMIT) {
          ctx.channel().config().setAutoRead(false);
        }
      }
      case CLOSED -> frame.release();
    }
  }

  private void withFrame(PacketFrame frame, Runnable action) {
    try {
      action.run();
    } catch (MalformedPacketException | IllegalArgumentException e) {
      sendError(frame.nextSequenceId(), ProxyError.BAD_HANDSHAKE, true);
      close();
    } finally {
      frame.release();
    }
  }

  private void onHandshakeResponse(ChannelHandlerContext ctx, PacketFrame frame) {
    ByteBuf payload = frame.payload();
    SslContext tls = context.tls();
    if (SslRequest.isSslRequest(payload)) {
      if (tls == null || tlsStarted) {
        throw new MalformedPacketException("TLS requested but not offered");
      }
      startTls(ctx, tls);
      return;
    }
    HandshakeResponse41 response = HandshakeResponse41.decode(payload);
    nextSequenceId = frame.nextSequenceId();
    login = response;
    negotiated = response.capabilities().intersect(offered);
    if (tls != null && !tlsStarted) {
      sendError(nextSequenceId, ProxyError.TLS_REQUIRED, true, response.user(), clientHost(ctx));
      close();
      return;
    }
    if (!negotiated.has(Capability.CLIENT_PROTOCOL_41)) {
      throw new MalformedPacketException("the client does not speak protocol 4.1");
    }
    String plugin = response.authPluginName();
    if (negotiated.has(Capability.PLUGIN_AUTH)
        && plugin != null
        && !plugin.equals(MysqlNativePassword.PLUGIN_NAME)) {
      state = State.SWITCHING_PLUGIN;
      sendAuthSwitch(nextSequenceId);
      return;
    }
    authenticate(response.authResponse(), false);
  }

  private void startTls(ChannelHandlerContext ctx, SslContext tls) {
    tlsStarted = true;
    SslHandler ssl = tls.newHandler(ctx.alloc());
    ctx.pipeline().addFirst("weir.client.tls", ssl);
    // a fresh decoder behind TLS; what the old one still held is TLS and comes back through it
    ctx.pipeline().replace(DECODER, DECODER, new PacketDecoder(context.maximumPacketLength()));
  }

  private void sendAuthSwitch(int sequenceId) {
    byte[] data = Arrays.copyOf(scramble, scramble.length + 1);
    send(sequenceId, new AuthSwitchRequest(MysqlNativePassword.PLUGIN_NAME, data)::encode);
  }

  private void authenticate(byte[] response, boolean afterRefresh) {
    HandshakeResponse41 client = requireLogin();
    state = State.AUTHENTICATING;
    UserAccounts accounts = context.users().current();
    if (!afterRefresh) {
      firstAttemptAt = context.clock().instant();
    }
    AuthenticationOutcome outcome =
        authenticator.authenticate(
            accounts, client.user(), clientAddress(), response, scramble, client.database());
    switch (outcome) {
      case AuthenticationOutcome.Accepted accepted -> connectBackend(client, accepted);
      case AuthenticationOutcome.Denied denied when denied.retryAfterRefresh() && !afterRefresh ->
          context
              .users()
              .refreshAfterFailedLogin()
              .whenComplete(
                  (loaded, failure) ->
                      onLoop(
                          () -> {
                            if (state != State.AUTHENTICATING) {
                              return;
                            }
                            if (failure != null || loaded.size() == 0) {
                              refuse(
                                  ProxyError.USERS_UNAVAILABLE,
                                  client.user(),
                                  clientHost(),
                                  failure != null
                                      ? rootMessage(failure)
                                      : "no server of the service answered");
                              return;
                            }
                            authenticate(response, true);
                          }));
      case AuthenticationOutcome.Denied denied
          when denied.passwordVerified() != null && accounts.loadedAt().isBefore(firstAttemptAt) ->
          // a database created or granted since the last load, which the reload limit kept the
          // proxy from seeing: the server has the last word (and the same errors)
          connectBackend(client, denied.passwordVerified());
      case AuthenticationOutcome.Denied denied ->
          refuse(denied.error(), denied.details().toArray());
    }
  }

  private void refuse(ProxyError error, Object... details) {
    context.meters().authenticationFailed(error.errno());
    HandshakeResponse41 client = login;
    log.debug(
        "session {}: login of '{}' refused: {}",
        sessionId(),
        client == null ? "?" : client.user(),
        error.message(details));
    sendError(nextSequenceId, error, true, details);
    close();
  }

  private void connectBackend(HandshakeResponse41 client, AuthenticationOutcome.Accepted accepted) {
    state = State.CONNECTING;
    if (context.router() instanceof SessionRouter sessionRouter) {
      openRouterSession(client, accepted, sessionRouter);
      return;
    }
    Optional<BackendTarget> chosen = context.router().chooseServer();
    if (chosen.isEmpty()) {
      refuse(ProxyError.NO_SERVER_AVAILABLE, context.service(), context.router().description());
      return;
    }
    BackendTarget target = chosen.get();
    BackendLogin backendLogin = backendLoginFor(client, accepted);
    this.backendLogin = backendLogin;
    log.debug(
        "session {}: user '{}' routed to server '{}' ({})",
        sessionId(),
        client.user(),
        target.name(),
        context.router().description());
    Future<BackendConnection> connecting =
        context.connector().connect(requireChannel().channel().eventLoop(), target, backendLogin);
    connecting.addListener(
        done -> {
          if (done.isSuccess()) {
            onBackendConnected(client, connecting.getNow());
          } else {
            onBackendRefused(target, done.cause());
          }
        });
  }

  private BackendLogin backendLoginFor(
      HandshakeResponse41 client, AuthenticationOutcome.Accepted accepted) {
    return new BackendLogin(
        client.user(),
        accepted.stageOne(),
        emptyToNull(client.database()),
        client.characterSet(),
        negotiated,
        client.maxPacketSize(),
        client.connectAttributes());
  }

  private void openRouterSession(
      HandshakeResponse41 client, AuthenticationOutcome.Accepted accepted, SessionRouter router) {
    BackendLogin login = backendLoginFor(client, accepted);
    this.backendLogin = login;
    RouterSession session = router.newSession(new Port(), context.meters());
    routerSession = session;
    Future<byte[]> opening = session.open(login);
    opening.addListener(
        done -> {
          if (state != State.CONNECTING) {
            session.close();
            return;
          }
          if (!done.isSuccess()) {
            Throwable cause = done.cause();
            log.debug(
                "session {}: {} could not start: {}",
                sessionId(),
                router.description(),
                rootMessage(cause));
            if (!passOnServerRefusal(cause)) {
              refuse(ProxyError.NO_SERVER_AVAILABLE, context.service(), rootMessage(cause));
            }
            return;
          }
          LiveSession live = requireLive();
          live.user(client.user());
          session
              .killTarget()
              .ifPresent(
                  connection -> live.backend(connection.target().name(), connection.threadId()));
          // KILL CONNECTION reaches the master's connection; the session's others end with it
          live.ender(() -> onLoop(this::close));
          cancelLoginTimer();
          state = State.ROUTING;
          byte[] ok = opening.getNow();
          send(nextSequenceId, out -> out.writeBytes(ok));
          drainPending();
        });
  }

  private void onBackendConnected(HandshakeResponse41 client, BackendConnection connection) {
    if (state != State.CONNECTING) {
      connection.close();
      return;
    }
    backend = connection;
    context.router().connectionOpened(connection.target().name());
    context.meters().serverConnectionOpened(connection.target().name());
    connection.startRelay(this, this::onReply);
    LiveSession session = requireLive();
    session.user(client.user());
    session.backend(connection.target().name(), connection.threadId());
    cancelLoginTimer();
    state = State.ROUTING;
    // the server's own OK: it carries the session state the client asked to track
    byte[] ok = connection.loginOk();
    send(nextSequenceId, out -> out.writeBytes(ok));
    drainPending();
  }

  private void onBackendRefused(BackendTarget target, Throwable cause) {
    if (state != State.CONNECTING) {
      return;
    }
    log.debug(
        "session {}: server '{}' refused: {}", sessionId(), target.name(), cause.getMessage());
    if (!passOnServerRefusal(cause)) {
      refuse(ProxyError.BACKEND_UNREACHABLE, target.name(), rootMessage(cause));
    }
  }

  /**
   * A server that refused the proxy's login with an error packet (a grant missing from a stale user
   * snapshot, too many connections): the client gets the server's own error. False when the failure
   * was something else.
   */
  private boolean passOnServerRefusal(Throwable cause) {
    if (!(cause instanceof BackendRefusedException refused) || refused.error() == null) {
      return false;
    }
    ErrPacket error = refused.error();
    context.meters().error(error.errorCode(), false);
    send(nextSequenceId, error::encode);
    close();
    return true;
  }

  // ---- commands ------------------------------------------------------------------------------

  private void onCommandPacket(PacketFrame frame) {
    if (changingUser != null) {
      continueChangeUser(frame);
      return;
    }
    if (busy || waitingForIdle || !pending.isEmpty()) {
      pending.add(frame);
      if (pending.size() >= PENDING_LIMIT) {
        requireChannel().channel().config().setAutoRead(false);
      }
      return;
    }
    dispatch(frame);
  }

  private void dispatch(PacketFrame frame) {
    RouterSession session = routerSession;
    if (session != null) {
      dispatchToRouter(session, frame);
      return;
    }
    BackendConnection connection = requireBackend();
    var tracker = connection.tracker();
    if (tracker.awaitingLocalInfileData()) {
      // the client's file, as it sends it; the empty packet ends it
      boolean last = !frame.payload().isReadable();
      connection.write(frame);
      if (last) {
        tracker.localInfileDataEnded();
      }
      afterWrite(connection);
      return;
    }
    ByteBuf payload = frame.payload();
    if (!payload.isReadable()) {
      whenIdle(frame, this::answerUnknownCommand);
      return;
    }
    Optional<Command> command = Command.of(payload.getUnsignedByte(payload.readerIndex()));
    if (command.isEmpty()) {
      whenIdle(frame, this::answerUnknownCommand);
      return;
    }
    switch (command.get()) {
      case COM_QUIT -> {
        // the server sees an orderly quit, not an aborted connection
        connection.send(frame);
        close();
      }
      case COM_CHANGE_USER -> whenIdle(frame, this::changeUser);
      case COM_PROCESS_KILL -> whenIdle(frame, this::processKill);
      case COM_QUERY -> {
        Optional<KillStatement> kill = killIn(payload);
        if (kill.isPresent()) {
          KillStatement statement = kill.get();
          whenIdle(frame, f -> kill(f, statement));
        } else {
          forward(connection, frame, Command.COM_QUERY);
        }
      }
      default -> {
        if (command.get().replyShape() == ReplyShape.UNSUPPORTED) {
          Command unsupported = command.get();
          whenIdle(frame, f -> answerUnsupported(f, unsupported));
        } else {
          forward(connection, frame, command.get());
        }
      }
    }
  }

  /**
   * The proxy still answers KILL and verifies COM_CHANGE_USER itself; everything else is the router
   * session's.
   */
  private void dispatchToRouter(RouterSession session, PacketFrame frame) {
    ByteBuf payload = frame.payload();
    if (payload.isReadable()) {
      int code = payload.getUnsignedByte(payload.readerIndex());
      if (code == Command.COM_PROCESS_KILL.code()) {
        whenIdle(frame, this::processKill);
        return;
      }
      if (code == Command.COM_QUERY.code()) {
        Optional<KillStatement> kill = killIn(payload);
        if (kill.isPresent()) {
          KillStatement statement = kill.get();
          whenIdle(frame, f -> kill(f, statement));
          return;
        }
      }
      if (code == Command.COM_QUIT.code()) {
        session.command(frame);
        close();
        return;
      }
      if (code == Command.COM_CHANGE_USER.code()) {
        // verified by the proxy, then every connection of the session changes user
        whenIdle(frame, this::changeUser);
        return;
      }
    }
    session.command(frame);
  }

  private void forward(BackendConnection connection, PacketFrame frame, Command command) {
    lastCommandSequenceId = frame.lastSequenceId();
    if (command.replyShape() != ReplyShape.NONE) {
      connection.tracker().expect(command);
      commandStarts.add(System.nanoTime());
      if (commandStarts.size() == 1) {
        relayedOfCurrentReply = 0;
      }
    } else {
      commandTimer(connection, command).record(0, TimeUnit.NANOSECONDS);
    }
    connection.write(frame);
    afterWrite(connection);
  }

  private void afterWrite(BackendConnection connection) {
    if (!connection.writable()) {
      // the server does not keep up with what the client sends: stop reading the client
      requireChannel().channel().config().setAutoRead(false);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    RouterSession session = routerSession;
    if (session != null) {
      session.flush();
    }
    BackendConnection connection = backend;
    if (connection != null) {
      connection.flush();
    }
  }

  /** Runs {@code action} once every earlier reply is complete; later packets wait behind it. */
  private void whenIdle(PacketFrame frame, Consumer<PacketFrame> action) {
    RouterSession session = routerSession;
    boolean working =
        session != null ? !session.idle() : requireBackend().tracker().awaitingReply();
    if (working) {
      pending.addFirst(frame);
      waitingForIdle = true;
      return;
    }
    busy = true;
    action.accept(frame);
  }

  /** A command the proxy answered itself is done: go on with what queued behind it. */
  private void finishOwnCommand() {
    busy = false;
    drainPending();
  }

  private void drainPending() {
    ChannelHandlerContext ctx = channel;
    if (ctx == null || state != State.ROUTING) {
      return;
    }
    while (!busy && !waitingForIdle && changingUser == null && !pending.isEmpty()) {
      dispatch(pending.poll());
    }
    BackendConnection connection = backend;
    if (connection != null) {
      connection.flush();
    }
    if (pending.size() < PENDING_LIMIT / 2 && (connection == null || connection.writable())) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  private void onReply(Reply reply) {
    BackendConnection connection = backend;
    if (!commandStarts.isEmpty() && connection != null) {
      long started = commandStarts.poll();
      commandTimer(connection, reply.command())
          .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }
    ErrPacket error = reply.error();
    if (error != null) {
      context.meters().error(error.errorCode(), false);
    }
    relayedOfCurrentReply = 0;
    if (waitingForIdle && connection != null && !connection.tracker().awaitingReply()) {
      waitingForIdle = false;
      // after the relay has written the bytes that completed this reply
      requireChannel().executor().execute(this::drainPending);
    }
  }

  /** Timers by command for the session's server, so a reply costs no map lookup. */
  private Timer commandTimer(BackendConnection connection, Command command) {
    Timer[] timers = commandTimers;
    if (timers == null) {
      timers = new Timer[Command.values().length];
      commandTimers = timers;
    }
    Timer timer = timers[command.ordinal()];
    if (timer == null) {
      timer = context.meters().commandTimer(connection.target().name(), command.name());
      timers[command.ordinal()] = timer;
    }
    return timer;
  }

  private static Optional<KillStatement> killIn(ByteBuf payload) {
    int length = payload.readableBytes();
    if (length > 130) {
      return Optional.empty();
    }
    int at = payload.readerIndex() + 1;
    int end = payload.writerIndex();
    while (at < end && Character.isWhitespace(payload.getByte(at))) {
      at++;
    }
    if (at >= end || (payload.getByte(at) | 0x20) != 'k') {
      return Optional.empty();
    }
    // decoded from a duplicate: the frame may wait in the queue and be looked at again
    return KillStatement.parse(ComQuery.decode(payload.duplicate()).sql());
  }

  private void answerUnknownCommand(PacketFrame frame) {
    int sequenceId = frame.nextSequenceId();
    frame.release();
    sendError(sequenceId, ProxyError.UNKNOWN_COMMAND, true);
    finishOwnCommand();
  }

  private void answerUnsupported(PacketFrame frame, Command command) {
    int sequenceId = frame.nextSequenceId();
    frame.release();
    sendError(sequenceId, ProxyError.COMMAND_NOT_SUPPORTED, true, command.name());
    finishOwnCommand();
  }

  // ---- KILL ----------------------------------------------------------------------------------

  private void processKill(PacketFrame frame) {
    long id;
    try {
      id = ComProcessKill.decode(frame.payload()).connectionId();
    } catch (MalformedPacketException e) {
      answerUnknownCommand(frame);
      return;
    }
    kill(frame, KillStatement.ofConnection(id));
  }

  /**
   * KILL names the proxy's connection id; the server knows the backend's. On the same server the
   * rewritten statement goes through this session's own connection and its reply comes back as any
   * other. On another server a short connection with this session's credentials runs it, so the
   * server checks the same privileges it would for the client.
   */
  private void kill(PacketFrame frame, KillStatement statement) {
    int sequenceId = frame.nextSequenceId();
    Optional<LiveSession> target = context.sessions().find(statement.connectionId());
    String server = target.map(LiveSession::server).orElse(null);
    Runnable ender = target.map(LiveSession::ender).orElse(null);
    boolean endsSession = ender != null && !statement.scope().equals("QUERY");
    if (endsSession && server == null) {
      // a session that lost every connection a KILL could reach: the proxy ends it itself
      frame.release();
      ender.run();
      OkPacket ok = OkPacket.of(0, 0, ServerStatus.SERVER_STATUS_AUTOCOMMIT.mask(), 0);
      send(sequenceId, ok::encode);
      finishOwnCommand();
      return;
    }
    if (target.isEmpty() || server == null) {
      frame.release();
      sendError(sequenceId, ProxyError.UNKNOWN_THREAD, true, statement.connectionId());
      finishOwnCommand();
      return;
    }
    String sql = statement.withConnectionId(target.get().backendThreadId());
    BackendConnection connection = backend;
    log.debug(
        "session {}: KILL of session {} sent to server '{}' as '{}'",
        sessionId(),
        statement.connectionId(),
        server,
        sql);
    // a session with several connections is ended by the proxy once the server accepted the
    // KILL, which only the side connection's answer tells
    if (connection != null && !endsSession && server.equals(connection.target().name())) {
      frame.release();
      busy = false;
      forward(connection, new PacketFrame(0, query(sql)), Command.COM_QUERY);
      connection.flush();
      drainPending();
      return;
    }
    frame.release();
    Optional<BackendTarget> other = context.router().server(server);
    if (other.isEmpty()) {
      sendError(sequenceId, ProxyError.UNKNOWN_THREAD, true, statement.connectionId());
      finishOwnCommand();
      return;
    }
    Future<BackendConnection> side =
        context
            .connector()
            .connect(
                requireChannel().channel().eventLoop(),
                other.get(),
                requireBackendLogin().withDatabase(null));
    side.addListener(
        done -> {
          if (!done.isSuccess()) {
            sendError(
                sequenceId,
                ProxyError.BACKEND_UNREACHABLE,
                true,
                server,
                rootMessage(done.cause()));
            finishOwnCommand();
            return;
          }
          BackendConnection sideConnection = side.getNow();
          boolean[] answered = {false};
          sideConnection.startRelay(
              new SideConnectionSink(
                  () -> {
                    // closed before it answered: the client still gets an answer
                    if (!answered[0]) {
                      answered[0] = true;
                      sendError(
                          sequenceId,
                          ProxyError.BACKEND_LOST,
                          true,
                          server,
                          "the connection for KILL closed before the server answered");
                      finishOwnCommand();
                    }
                  }),
              reply -> {});
          sideConnection.startConversation(
              answer -> {
                try {
                  ByteBuf body = answer.payload();
                  answered[0] = true;
                  if (endsSession
                      && ender != null
                      && body.isReadable()
                      && body.getUnsignedByte(body.readerIndex()) == 0x00) {
                    ender.run();
                  }
                  send(
                      sequenceId,
                      out -> out.writeBytes(body, body.readerIndex(), body.readableBytes()));
                } finally {
                  answer.release();
                  sideConnection.close();
                }
                finishOwnCommand();
              });
          sideConnection.send(new PacketFrame(0, query(sql)));
          // a server that takes the login but never answers must not hold the client: closing
          // the side connection answers the client through its sink
          sideConnection
              .channel()
              .eventLoop()
              .schedule(
                  sideConnection::close,
                  context.authenticationTimeout().toMillis(),
                  TimeUnit.MILLISECONDS);
        });
  }

  private ByteBuf query(String sql) {
    ByteBuf payload = requireChannel().alloc().buffer();
    new ComQuery(sql).encode(payload);
    return payload;
  }

  // ---- COM_CHANGE_USER -----------------------------------------------------------------------

  private void changeUser(PacketFrame frame) {
    ComChangeUser request;
    try {
      request = ComChangeUser.decode(frame.payload(), negotiated);
    } catch (MalformedPacketException e) {
      int sequenceId = frame.nextSequenceId();
      frame.release();
      sendError(sequenceId, ProxyError.BAD_HANDSHAKE, true);
      finishOwnCommand();
      return;
    }
    nextSequenceId = frame.nextSequenceId();
    frame.release();
    String plugin = request.authPluginName();
    if (plugin != null && !plugin.isEmpty() && !plugin.equals(MysqlNativePassword.PLUGIN_NAME)) {
      changingUser = request;
      sendAuthSwitch(nextSequenceId);
      return;
    }
    verifyChangeUser(request, request.authResponse(), false);
  }

  private void continueChangeUser(PacketFrame frame) {
    ComChangeUser request = changingUser;
    changingUser = null;
    nextSequenceId = frame.nextSequenceId();
    byte[] response;
    try {
      response = AuthSwitchResponse.decode(frame.payload()).authData();
    } finally {
      frame.release();
    }
    if (request != null) {
      verifyChangeUser(request, response, false);
    }
  }

  private void verifyChangeUser(ComChangeUser request, byte[] response, boolean afterRefresh) {
    UserAccounts accounts = context.users().current();
    if (!afterRefresh) {
      firstAttemptAt = context.clock().instant();
    }
    AuthenticationOutcome outcome =
        authenticator.authenticate(
            accounts,
            request.user(),
            clientAddress(),
            response,
            scramble,
            emptyToNull(request.schema()));
    switch (outcome) {
      case AuthenticationOutcome.Accepted accepted -> changeBackendUser(request, accepted);
      case AuthenticationOutcome.Denied denied when denied.retryAfterRefresh() && !afterRefresh ->
          context
              .users()
              .refreshAfterFailedLogin()
              .whenComplete(
                  (loaded, failure) -> onLoop(() -> verifyChangeUser(request, response, true)));
      case AuthenticationOutcome.Denied denied
          when denied.passwordVerified() != null && accounts.loadedAt().isBefore(firstAttemptAt) ->
          changeBackendUser(request, denied.passwordVerified());
      case AuthenticationOutcome.Denied denied -> {
        log.debug(
            "session {}: change to user '{}' refused ({} response bytes for plugin {}): {}",
            sessionId(),
            request.user(),
            response.length,
            request.authPluginName(),
            denied.message());
        context.meters().authenticationFailed(denied.error().errno());
        // like the server: a refused change of user ends the session
        sendError(nextSequenceId, denied.error(), true, denied.details().toArray());
        close();
      }
    }
  }

  private void changeBackendUser(ComChangeUser request, AuthenticationOutcome.Accepted accepted) {
    int clientSequenceId = nextSequenceId;
    BackendLogin changed =
        new BackendLogin(
            request.user(),
            accepted.stageOne(),
            emptyToNull(request.schema()),
            request.characterSet(),
            negotiated,
            requireBackendLogin().maxPacketSize(),
            request.connectAttributes());
    RouterSession session = routerSession;
    Future<byte[]> answer =
        session != null
            ? session.changeUser(request, changed)
            : BackendUserChange.run(requireBackend(), request, accepted.stageOne());
    answer.addListener(
        done -> {
          if (state == State.CLOSED) {
            return;
          }
          if (!done.isSuccess()) {
            sendError(
                clientSequenceId,
                ProxyError.BACKEND_LOST,
                true,
                "change of user",
                rootMessage(done.cause()));
            close();
            return;
          }
          byte[] body = answer.getNow();
          send(clientSequenceId, out -> out.writeBytes(body));
          int first = body.length == 0 ? -1 : body[0] & 0xFF;
          if (first == 0x00) {
            backendLogin = changed;
            requireLive().user(request.user());
          } else if (first == 0xFF) {
            context
                .meters()
                .error(
                    ErrPacket.decode(io.netty.buffer.Unpooled.wrappedBuffer(body)).errorCode(),
                    false);
          }
          finishOwnCommand();
        });
  }

  // ---- the relay's sink ----------------------------------------------------------------------

  @Override
  public void relay(ByteBuf reply) {
    relayedOfCurrentReply += reply.readableBytes();
    context.meters().bytesOut(reply.readableBytes());
    requireChannel().write(reply, requireChannel().voidPromise());
  }

  @Override
  public void flush() {
    requireChannel().flush();
  }

  @Override
  public boolean writable() {
    return requireChannel().channel().isWritable();
  }

  @Override
  public void backendWritabilityChanged(boolean writable) {
    if (writable && state == State.ROUTING && pending.size() < PENDING_LIMIT) {
      requireChannel().channel().config().setAutoRead(true);
    }
  }

  @Override
  public void backendClosed(BackendConnection connection, @Nullable Throwable cause) {
    if (state == State.CLOSED || connection != backend) {
      return;
    }
    String why = cause == null ? "the server closed the connection" : rootMessage(cause);
    log.debug("session {}: connection to '{}' lost: {}", sessionId(), connection, why);
    if (connection.tracker().awaitingReply() && relayedOfCurrentReply == 0) {
      // nothing of the reply went out yet, so the client can still read a clean error
      sendError(
          (lastCommandSequenceId + 1) & 0xFF,
          ProxyError.BACKEND_LOST,
          true,
          connection.target().name(),
          why);
    }
    close();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    RouterSession session = routerSession;
    if (session != null && ctx.channel().isWritable()) {
      session.clientWritable();
    }
    BackendConnection connection = backend;
    if (connection != null && ctx.channel().isWritable()) {
      connection.reading(true);
    }
    ctx.fireChannelWritabilityChanged();
  }

  // ---- errors and the end --------------------------------------------------------------------

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof PacketTooLargeException tooLarge) {
      sendError((tooLarge.sequenceId() + 1) & 0xFF, ProxyError.PACKET_TOO_LARGE, true);
    } else if (cause instanceof MalformedPacketException && state != State.ROUTING) {
      sendError(nextSequenceId, ProxyError.BAD_HANDSHAKE, true);
    } else if (!(cause instanceof IOException)) {
      log.debug("session {}: closed after {}", sessionId(), cause.toString());
    }
    close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    close();
    ctx.fireChannelInactive();
  }

  private void close() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    cancelLoginTimer();
    PacketFrame queued;
    while ((queued = pending.poll()) != null) {
      queued.release();
    }
    RouterSession routed = routerSession;
    if (routed != null) {
      routed.close();
    }
    BackendConnection connection = backend;
    if (connection != null) {
      context.router().connectionClosed(connection.target().name());
      context.meters().serverConnectionClosed(connection.target().name());
      connection.close();
    }
    LiveSession session = live;
    if (session != null) {
      context.sessions().remove(session);
    }
    if (counted) {
      counted = false;
      context.serviceSessions().decrementAndGet();
      context.meters().sessionClosed();
    }
    ChannelHandlerContext ctx = channel;
    if (ctx != null) {
      ctx.flush();
      ctx.close();
    }
  }

  private void sendError(int sequenceId, ProxyError error, boolean fromProxy, Object... details) {
    ErrPacket packet = new ErrPacket(error.errno(), error.sqlState(), error.message(details));
    context.meters().error(error.errno(), fromProxy);
    send(sequenceId, packet::encode);
  }

  private void send(int sequenceId, Consumer<ByteBuf> body) {
    ChannelHandlerContext ctx = channel;
    if (ctx == null || !ctx.channel().isActive()) {
      return;
    }
    ByteBuf payload = ctx.alloc().buffer();
    body.accept(payload);
    context.meters().bytesOut(payload.readableBytes() + PacketFrame.HEADER_LENGTH);
    ctx.writeAndFlush(new PacketFrame(sequenceId & 0xFF, payload));
  }

  private void onLoop(Runnable task) {
    ChannelHandlerContext ctx = channel;
    if (ctx != null) {
      ctx.executor().execute(task);
    }
  }

  private void cancelLoginTimer() {
    ScheduledFuture<?> timer = loginTimer;
    if (timer != null) {
      timer.cancel(false);
      loginTimer = null;
    }
  }

  private InetAddress clientAddress() {
    if (requireChannel().channel().remoteAddress() instanceof InetSocketAddress address) {
      return address.getAddress();
    }
    return InetAddress.getLoopbackAddress();
  }

  private String clientHost() {
    return clientAddress().getHostAddress();
  }

  private static String clientHost(ChannelHandlerContext ctx) {
    if (ctx.channel().remoteAddress() instanceof InetSocketAddress address) {
      return address.getAddress().getHostAddress();
    }
    return "localhost";
  }

  private long sessionId() {
    LiveSession session = live;
    return session == null ? 0 : session.id();
  }

  private ChannelHandlerContext requireChannel() {
    ChannelHandlerContext ctx = channel;
    if (ctx == null) {
      throw new IllegalStateException("the session's channel is not active");
    }
    return ctx;
  }

  private LiveSession requireLive() {
    LiveSession session = live;
    if (session == null) {
      throw new IllegalStateException("the session has not started");
    }
    return session;
  }

  private HandshakeResponse41 requireLogin() {
    HandshakeResponse41 response = login;
    if (response == null) {
      throw new IllegalStateException("the client has not logged in");
    }
    return response;
  }

  private BackendLogin requireBackendLogin() {
    BackendLogin current = backendLogin;
    if (current == null) {
      throw new IllegalStateException("the session has no backend login");
    }
    return current;
  }

  private BackendConnection requireBackend() {
    BackendConnection connection = backend;
    if (connection == null) {
      throw new IllegalStateException("the session has no backend connection");
    }
    return connection;
  }

  private static @Nullable String emptyToNull(@Nullable String database) {
    return database == null || database.isEmpty() ? null : database;
  }

  private static String rootMessage(Throwable failure) {
    return RootCause.messageOf(failure);
  }

  /** The client's side as a router session sees it. */
  private final class Port implements ClientPort {
    @Override
    public long sessionId() {
      return ClientConnectionHandler.this.sessionId();
    }

    @Override
    public EventLoop eventLoop() {
      return requireChannel().channel().eventLoop();
    }

    @Override
    public ByteBufAllocator alloc() {
      return requireChannel().alloc();
    }

    @Override
    public void relay(ByteBuf reply) {
      ClientConnectionHandler.this.relay(reply);
    }

    @Override
    public void flush() {
      ClientConnectionHandler.this.flush();
    }

    @Override
    public boolean writable() {
      return ClientConnectionHandler.this.writable();
    }

    @Override
    public void send(int sequenceId, Consumer<ByteBuf> payload) {
      ClientConnectionHandler.this.send(sequenceId, payload);
    }

    @Override
    public void sendError(int sequenceId, ProxyError error, Object... details) {
      ClientConnectionHandler.this.sendError(sequenceId, error, true, details);
    }

    @Override
    public void serverError(int errno) {
      context.meters().error(errno, false);
    }

    @Override
    public void readClient(boolean on) {
      ChannelHandlerContext ctx = channel;
      if (ctx == null) {
        return;
      }
      if (!on) {
        ctx.channel().config().setAutoRead(false);
      } else if (state == State.ROUTING && pending.size() < PENDING_LIMIT) {
        ctx.channel().config().setAutoRead(true);
      }
    }

    @Override
    public void routerIdle() {
      if (waitingForIdle) {
        waitingForIdle = false;
        requireChannel().executor().execute(ClientConnectionHandler.this::drainPending);
      }
    }

    @Override
    public void killTargetChanged(@Nullable BackendConnection connection) {
      LiveSession session = live;
      if (session != null) {
        session.backend(
            connection == null ? null : connection.target().name(),
            connection == null ? 0 : connection.threadId());
      }
    }

    @Override
    public void close() {
      ClientConnectionHandler.this.close();
    }
  }

  /** The sink of a short side connection, which never relays and reports its end. */
  private static final class SideConnectionSink implements ReplySink {
    private final Runnable onClose;

    SideConnectionSink(Runnable onClose) {
      this.onClose = onClose;
    }

    @Override
    public void relay(ByteBuf reply) {
      reply.release();
    }

    @Override
    public void flush() {}

    @Override
    public boolean writable() {
      return true;
    }

    @Override
    public void backendWritabilityChanged(boolean writable) {}

    @Override
    public void backendClosed(BackendConnection backend, @Nullable Throwable cause) {
      onClose.run();
    }
  }
}
