package io.weir.proxy.backend;

import io.weir.wire.capability.Capabilities;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the proxy presents to a server when it logs in for a client: the client's own user,
 * database, character set and attributes, and, instead of the password it never saw, the
 * mysql_native_password stage-one hash recovered while verifying the client.
 *
 * @param user the client's user name
 * @param stageOne {@code SHA1(password)}, or null for an account without a password
 * @param database the default database, or null
 * @param characterSet the client's collation id
 * @param clientCapabilities what the client negotiated with the proxy; the server gets their
 *     intersection with its own
 * @param maxPacketSize the client's maximum packet size
 * @param connectAttributes the client's connection attributes, passed on
 */
public record BackendLogin(
    String user,
    byte @Nullable [] stageOne,
    @Nullable String database,
    int characterSet,
    Capabilities clientCapabilities,
    long maxPacketSize,
    Map<String, String> connectAttributes) {

  public BackendLogin {
    stageOne = stageOne == null ? null : stageOne.clone();
    connectAttributes = Map.copyOf(connectAttributes);
  }

  @Override
  public byte @Nullable [] stageOne() {
    return stageOne == null ? null : stageOne.clone();
  }

  /** The same login with another default database. */
  public BackendLogin withDatabase(@Nullable String newDatabase) {
    return new BackendLogin(
        user,
        stageOne,
        newDatabase,
        characterSet,
        clientCapabilities,
        maxPacketSize,
        connectAttributes);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof BackendLogin that
        && user.equals(that.user)
        && Arrays.equals(stageOne, that.stageOne)
        && Objects.equals(database, that.database)
        && characterSet == that.characterSet
        && clientCapabilities.equals(that.clientCapabilities)
        && maxPacketSize == that.maxPacketSize
        && connectAttributes.equals(that.connectAttributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(user, Arrays.hashCode(stageOne), database, characterSet);
  }

  @Override
  public String toString() {
    // never print the stage-one hash: it logs in as the user
    return "BackendLogin[user=" + user + ", database=" + database + "]";
  }
}
