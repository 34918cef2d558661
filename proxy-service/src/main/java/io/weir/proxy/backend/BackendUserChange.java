package io.weir.proxy.backend;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.weir.wire.auth.MysqlNativePassword;
import io.weir.wire.command.ComChangeUser;
import io.weir.wire.frame.PacketFrame;
import io.weir.wire.handshake.AuthSwitchRequest;
import io.weir.wire.handshake.AuthSwitchResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Logs one backend connection in as another user with {@code COM_CHANGE_USER}, after the proxy has
 * verified the client's credentials. The password is known only as its stage-one hash
 * (mysql_native_password), which answers the connection's own scramble and any auth switch the
 * server asks for.
 */
public final class BackendUserChange {
  private BackendUserChange() {}

  /**
   * Sends {@code request} (with a response computed for this connection) and completes with the
   * payload of the server's final answer, OK or ERR; fails when the connection closes first. Runs
   * on the connection's event loop with no reply outstanding.
   */
  public static Future<byte[]> run(
      BackendConnection connection, ComChangeUser request, byte @Nullable [] stageOne) {
    Promise<byte[]> answered = connection.channel().eventLoop().newPromise();
    connection
        .channel()
        .closeFuture()
        .addListener(
            closed ->
                answered.tryFailure(
                    new IOException(
                        "the connection to '"
                            + connection.target().name()
                            + "' closed during COM_CHANGE_USER")));
    byte[] response =
        stageOne == null
            ? new byte[0]
            : MysqlNativePassword.responseFromStageOne(stageOne, connection.scramble());
    ComChangeUser toServer =
        new ComChangeUser(
            connection.capabilities(),
            request.user(),
            response,
            request.schema(),
            request.characterSet(),
            MysqlNativePassword.PLUGIN_NAME,
            request.connectAttributes());
    connection.startConversation(
        answer -> {
          try {
            ByteBuf body = answer.payload();
            int first = body.isReadable() ? body.getUnsignedByte(body.readerIndex()) : -1;
            if (first == AuthSwitchRequest.HEADER) {
              AuthSwitchRequest switchRequest = AuthSwitchRequest.decode(body);
              byte[] data =
                  stageOne == null
                      ? new byte[0]
                      : MysqlNativePassword.responseFromStageOne(
                          stageOne, MysqlNativePassword.scrambleOf(switchRequest.pluginData()));
              ByteBuf payload = connection.channel().alloc().buffer();
              new AuthSwitchResponse(data).encode(payload);
              connection.send(new PacketFrame(answer.nextSequenceId(), payload));
              return;
            }
            connection.endConversation();
            byte[] bytes = new byte[body.readableBytes()];
            body.getBytes(body.readerIndex(), bytes);
            answered.trySuccess(bytes);
          } finally {
            answer.release();
          }
        });
    ByteBuf payload = connection.channel().alloc().buffer();
    toServer.encode(payload);
    connection.send(new PacketFrame(0, payload));
    return answered;
  }
}
