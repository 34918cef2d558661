package io.weir.wire.reply;

/** What a {@link ReplyTracker} tells its owner while it follows a server's replies. */
@FunctionalInterface
public interface ReplyListener {
  /** A command's reply is complete; called once per expected command, in order. */
  void onReply(Reply reply);

  /**
   * The server asked for a LOCAL INFILE: the client's file data now flows to the server until an
   * empty packet, which the proxy reports with {@link ReplyTracker#localInfileDataEnded()}.
   *
   * @param fileName the file the server asked for, as the client's statement named it
   */
  default void onLocalInfileRequest(String fileName) {}
}
