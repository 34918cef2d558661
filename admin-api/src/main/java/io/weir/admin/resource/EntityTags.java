package io.weir.admin.resource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Entity tags of resources for optimistic concurrency: a strong tag derived from the resource's
 * stored body, so every instance of the API computes the same tag for the same version, and any
 * change (through this API or another writer of the topic) changes it.
 */
public final class EntityTags {

  private EntityTags() {}

  /** The quoted entity tag of a resource stored with {@code body}. */
  public static String of(String body) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
      return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * Whether an {@code If-Match} header value admits {@code current}: {@code *}, or a
   * comma-separated list of tags one of which is it (weak tags never match, as RFC 9110 asks).
   */
  public static boolean matches(String ifMatch, String current) {
    for (String tag : ifMatch.split(",")) {
      String candidate = tag.strip();
      if (candidate.equals("*") || candidate.equals(current)) {
        return true;
      }
    }
    return false;
  }
}
