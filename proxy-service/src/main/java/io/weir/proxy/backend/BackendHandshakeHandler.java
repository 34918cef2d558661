package io.weir.proxy.backend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import io.weir.wire.auth.MysqlNativePassword;
import io.weir.wire.capability.Capabilities;
import io.weir.wire.capability.Capability;
import io.weir.wire.frame.PacketFrame;
import io.weir.wire.handshake.AuthSwitchRequest;
import io.weir.wire.handshake.AuthSwitchResponse;
import io.weir.wire.handshake.HandshakeResponse41;
import io.weir.wire.handshake.HandshakeV10;
import io.weir.wire.handshake.SslRequest;
import io.weir.wire.packet.ErrPacket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The client side of the connection phase towards a server: reads its {@code HandshakeV10}, starts
 * TLS when the server resource asks for it, answers with the client's login and the
 * mysql_native_password response computed from the recovered stage-one hash, follows an auth switch
 * to mysql_native_password, and completes the promise on the server's OK.
 */
final class BackendHandshakeHandler extends ChannelInboundHandlerAdapter {
  /** What the proxy itself never asks of a server whatever the client asked. */
  private static final Capabilities NEVER =
      Capabilities.of(Capability.COMPRESS, Capability.SSL, Capability.SSL_VERIFY_SERVER_CERT);

  private final BackendTarget target;
  private final BackendLogin login;
  private final Promise<BackendConnection> promise;
  private final int maximumPacketLength;
  private final Duration timeout;
  private @Nullable HandshakeV10 greeting;
  private Capabilities negotiated = Capabilities.NONE;
  private @Nullable ScheduledFuture<?> timer;

  BackendHandshakeHandler(
      BackendTarget target,
      BackendLogin login,
      Promise<BackendConnection> promise,
      int maximumPacketLength,
      Duration timeout) {
    this.target = target;
    this.login = login;
    this.promise = promise;
    this.maximumPacketLength = maximumPacketLength;
    this.timeout = timeout;
  }

  @Override
  public void channelActive(ChannelHandlerContext context) {
    timer =
        context
            .executor()
            .schedule(
                () -> fail(context, "no login answer within " + timeout.toMillis() + " ms", null),
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
    context.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object message) {
    if (!(message instanceof PacketFrame frame)) {
      io.netty.util.ReferenceCountUtil.release(message);
      return;
    }
    try {
      onFrame(context, frame);
    } catch (RuntimeException e) {
      fail(context, "unreadable login packet: " + e.getMessage(), e);
    } finally {
      frame.release();
    }
  }

  private void onFrame(ChannelHandlerContext context, PacketFrame frame) {
    ByteBuf payload = frame.payload();
    int first = payload.isReadable() ? payload.getUnsignedByte(payload.readerIndex()) : -1;
    if (first == 0xFF) {
      ErrPacket error = ErrPacket.decode(payload);
      refuse(
          context, "server '" + target.name() + "' refused the login: " + error.message(), error);
      return;
    }
    HandshakeV10 hello = greeting;
    if (hello == null) {
      hello = HandshakeV10.decode(payload);
      greeting = hello;
      answerGreeting(context, hello, frame.nextSequenceId());
      return;
    }
    switch (first) {
      case 0x00 -> succeed(context, hello, ByteBufUtil.getBytes(payload));
      case AuthSwitchRequest.HEADER -> {
        AuthSwitchRequest request = AuthSwitchRequest.decode(payload);
        if (!request.pluginName().equals(MysqlNativePassword.PLUGIN_NAME)) {
          fail(
              context,
              "server '"
                  + target.name()
                  + "' asks for authentication plugin '"
                  + request.pluginName()
                  + "'; Weir logs in with mysql_native_password only",
              null);
          return;
        }
        write(
            context,
            frame.nextSequenceId(),
            out ->
                new AuthSwitchResponse(
                        authResponse(MysqlNativePassword.scrambleOf(request.pluginData())))
                    .encode(out));
      }
      default ->
          fail(
              context,
              "server '" + target.name() + "' sent packet 0x" + Integer.toHexString(first),
              null);
    }
  }

  private void answerGreeting(ChannelHandlerContext context, HandshakeV10 hello, int sequenceId) {
    Capabilities server = hello.capabilities();
    Capabilities wanted =
        login
            .clientCapabilities()
            .intersect(server)
            .without(Capability.CONNECT_WITH_DB)
            .with(Capability.CLIENT_PROTOCOL_41)
            .with(Capability.SECURE_CONNECTION)
            .with(Capability.PLUGIN_AUTH);
    for (Capability never : NEVER.toSet()) {
      wanted = wanted.without(never);
    }
    if (login.database() != null) {
      wanted = wanted.with(Capability.CONNECT_WITH_DB);
    }
    SslContext tls = target.tls();
    if (tls != null) {
      if (!server.has(Capability.SSL)) {
        fail(context, "server '" + target.name() + "' does not offer TLS but ssl=true", null);
        return;
      }
      wanted = wanted.with(Capability.SSL);
    }
    negotiated = wanted;
    Capabilities sent = wanted;
    if (tls == null) {
      sendResponse(context, hello, sent, sequenceId);
      return;
    }
    write(
        context,
        sequenceId,
        out -> new SslRequest(sent, login.maxPacketSize(), login.characterSet()).encode(out));
    SslHandler ssl = tls.newHandler(context.alloc(), target.host(), target.port());
    context.pipeline().addFirst("weir.backend.tls", ssl);
    ssl.handshakeFuture()
        .addListener(
            done -> {
              if (done.isSuccess()) {
                sendResponse(context, hello, sent, (sequenceId + 1) & 0xFF);
              } else {
                fail(context, "TLS handshake failed: " + done.cause().getMessage(), done.cause());
              }
            });
  }

  private void sendResponse(
      ChannelHandlerContext context, HandshakeV10 hello, Capabilities sent, int sequenceId) {
    HandshakeResponse41 response =
        new HandshakeResponse41(
            sent,
            login.maxPacketSize(),
            login.characterSet(),
            login.user(),
            authResponse(hello.scramble()),
            login.database(),
            MysqlNativePassword.PLUGIN_NAME,
            sent.has(Capability.CONNECT_ATTRS) ? login.connectAttributes() : java.util.Map.of());
    write(context, sequenceId, response::encode);
  }

  private byte[] authResponse(byte[] scramble) {
    byte[] stageOne = login.stageOne();
    return stageOne == null
        ? new byte[0]
        : MysqlNativePassword.responseFromStageOne(stageOne, scramble);
  }

  private void succeed(ChannelHandlerContext context, HandshakeV10 hello, byte[] okPayload) {
    cancelTimer();
    BackendConnection connection =
        new BackendConnection(
            context.channel(),
            target,
            hello.connectionId(),
            hello.scramble(),
            negotiated,
            okPayload,
            maximumPacketLength);
    if (!promise.trySuccess(connection)) {
      context.close();
    }
  }

  private void write(ChannelHandlerContext context, int sequenceId, Consumer<ByteBuf> body) {
    ByteBuf payload = context.alloc().buffer();
    body.accept(payload);
    context.writeAndFlush(new PacketFrame(sequenceId, payload));
  }

  private void refuse(ChannelHandlerContext context, String message, ErrPacket error) {
    cancelTimer();
    promise.tryFailure(new BackendRefusedException(message, error, null));
    context.close();
  }

  private void fail(ChannelHandlerContext context, String message, @Nullable Throwable cause) {
    cancelTimer();
    promise.tryFailure(
        new BackendRefusedException("server '" + target.name() + "': " + message, null, cause));
    context.close();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    fail(context, cause.toString(), cause);
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    fail(context, "closed the connection during login", null);
    context.fireChannelInactive();
  }

  private void cancelTimer() {
    ScheduledFuture<?> scheduled = timer;
    if (scheduled != null) {
      scheduled.cancel(false);
    }
  }
}
