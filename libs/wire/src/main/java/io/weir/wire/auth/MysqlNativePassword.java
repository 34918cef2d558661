package io.weir.wire.auth;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The mysql_native_password authentication plugin.
 *
 * <p>The server stores {@code SHA1(SHA1(password))}; the client answers a 20-byte scramble with
 * {@code SHA1(password) XOR SHA1(scramble + SHA1(SHA1(password)))}. Whoever holds the stored hash
 * and sees a right response can therefore recover the stage-one hash {@code SHA1(password)}, and
 * with it answer any other scramble: that is how a proxy that authenticated a client opens its own
 * connections to backends, each with its own scramble, without ever knowing the password.
 *
 * <p>Passwords are bytes: the server hashes whatever the client sent. The {@code String} overloads
 * encode as UTF-8. Scrambles come from the injected {@link RandomGenerator}; production code passes
 * a {@link java.security.SecureRandom}, tests a seeded generator.
 *
 * @see <a
 *     href="https://mariadb.com/kb/en/connection/#mysql_native_password-plugin">mysql_native_password
 *     plugin</a>
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
public final class MysqlNativePassword {
  /** The plugin's name on the wire and in {@code mysql.global_priv}. */
  public static final String PLUGIN_NAME = "mysql_native_password";

  /** The length of a scramble, a stage-one hash, a stored hash and a response. */
  public static final int HASH_LENGTH = 20;

  // MariaDB's create_random_string picks from the printable ASCII range 33..126
  private static final int FIRST_PRINTABLE = 33;
  private static final int PRINTABLE_COUNT = 94;

  private final RandomGenerator random;

  /**
   * @param random where scrambles come from; a {@link java.security.SecureRandom} outside tests
   */
  public MysqlNativePassword(RandomGenerator random) {
    this.random = random;
  }

  /**
   * A new 20-byte scramble of printable ASCII characters (33 to 126), as MariaDB makes them: no
   * NUL, so it survives the NUL-terminated field of the handshake.
   */
  public byte[] newScramble() {
    byte[] scramble = new byte[HASH_LENGTH];
    for (int i = 0; i < scramble.length; i++) {
      scramble[i] = (byte) (FIRST_PRINTABLE + random.nextInt(PRINTABLE_COUNT));
    }
    return scramble;
  }

  /**
   * What a client sends for {@code password} and the server's {@code scramble}: empty for an empty
   * password, else 20 bytes.
   */
  public static byte[] clientResponse(byte[] password, byte[] scramble) {
    if (password.length == 0) {
      return new byte[0];
    }
    return responseFromStageOne(sha1(password), scramble);
  }

  /** {@link #clientResponse(byte[], byte[])} for a password encoded as UTF-8. */
  public static byte[] clientResponse(String password, byte[] scramble) {
    return clientResponse(password.getBytes(UTF_8), scramble);
  }

  /**
   * The scramble in an auth switch request's plugin data: servers send the 20 bytes followed by a
   * NUL, which is not part of what gets hashed.
   */
  public static byte[] scrambleOf(byte[] pluginData) {
    int length = pluginData.length;
    if (length == HASH_LENGTH + 1 && pluginData[HASH_LENGTH] == 0) {
      length = HASH_LENGTH;
    }
    return java.util.Arrays.copyOf(pluginData, length);
  }

  /**
   * The response to {@code scramble} computed from the stage-one hash {@code SHA1(password)}, as
   * returned by {@link #verify}. An empty stage one (an account without a password) gives an empty
   * response.
   */
  public static byte[] responseFromStageOne(byte[] stageOne, byte[] scramble) {
    if (stageOne.length == 0) {
      return new byte[0];
    }
    checkLength(stageOne, "stage-one hash");
    byte[] mask = sha1(scramble, sha1(stageOne));
    return xor(stageOne, mask);
  }

  /**
   * The hash the server stores for {@code password}: {@code SHA1(SHA1(password))}, 20 bytes, or
   * empty for an empty password (an account without a password).
   */
  public static byte[] storedHash(byte[] password) {
    if (password.length == 0) {
      return new byte[0];
    }
    return sha1(sha1(password));
  }

  /** {@link #storedHash(byte[])} for a password encoded as UTF-8. */
  public static byte[] storedHash(String password) {
    return storedHash(password.getBytes(UTF_8));
  }

  /**
   * The stored hash as {@code mysql.user.Password} and {@code PASSWORD()} show it: {@code *}
   * followed by 40 upper-case hex digits, or the empty string for no password.
   */
  public static String storedHashText(byte[] storedHash) {
    if (storedHash.length == 0) {
      return "";
    }
    checkLength(storedHash, "stored hash");
    return "*" + HexFormat.of().withUpperCase().formatHex(storedHash);
  }

  /**
   * The raw stored hash from its text form ({@code *} and 40 hex digits, either case), or empty for
   * the empty string.
   *
   * @throws IllegalArgumentException if the text is neither
   */
  public static byte[] parseStoredHash(String text) {
    if (text.isEmpty()) {
      return new byte[0];
    }
    if (text.length() != 1 + 2 * HASH_LENGTH || text.charAt(0) != '*') {
      throw new IllegalArgumentException(
          "a mysql_native_password hash is '*' and 40 hex digits, got " + text.length() + " chars");
    }
    return HexFormat.of().parseHex(text.substring(1).toLowerCase(Locale.ROOT));
  }

  /**
   * Checks a client's response against the stored hash and, when it is right, recovers the
   * stage-one hash {@code SHA1(password)}: {@code response XOR SHA1(scramble + stored)}, accepted
   * only if its SHA1 is the stored hash. The comparison takes the same time whatever bytes differ.
   *
   * @return the stage-one hash (empty for an account without a password and an empty response), or
   *     empty when the response is wrong
   */
  public static Optional<byte[]> verify(byte[] response, byte[] scramble, byte[] storedHash) {
    if (storedHash.length == 0) {
      return response.length == 0 ? Optional.of(new byte[0]) : Optional.empty();
    }
    checkLength(storedHash, "stored hash");
    if (response.length != HASH_LENGTH) {
      return Optional.empty();
    }
    byte[] stageOne = xor(response, sha1(scramble, storedHash));
    return MessageDigest.isEqual(sha1(stageOne), storedHash)
        ? Optional.of(stageOne)
        : Optional.empty();
  }

  private static void checkLength(byte[] hash, String what) {
    if (hash.length != HASH_LENGTH) {
      throw new IllegalArgumentException(
          "a " + what + " has " + HASH_LENGTH + " bytes, got " + hash.length);
    }
  }

  private static byte[] xor(byte[] left, byte[] right) {
    byte[] result = new byte[HASH_LENGTH];
    for (int i = 0; i < HASH_LENGTH; i++) {
      result[i] = (byte) (left[i] ^ right[i]);
    }
    return result;
  }

  private static byte[] sha1(byte[]... parts) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      // every Java platform must provide SHA-1 (MessageDigest's Javadoc)
      throw new IllegalStateException(e);
    }
    for (byte[] part : parts) {
      digest.update(part);
    }
    return digest.digest();
  }
}
