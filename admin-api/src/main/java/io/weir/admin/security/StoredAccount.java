package io.weir.admin.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An account made through {@code /v1/users}, as its record in the accounts topic holds it: the
 * role, the password's hash with its scheme ({@code {bcrypt}$2a$10$...}), never the password, and
 * when it was created and last changed.
 *
 * @param role {@code admin} or {@code basic}
 * @param passwordHash the hash with its scheme, as Spring Security's encoder writes it
 * @param created when the account was created
 * @param lastUpdate when it last changed
 */
public record StoredAccount(String role, String passwordHash, Instant created, Instant lastUpdate) {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The record's value in the topic. */
  public String toJson() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("account", role);
    value.put("password_hash", passwordHash);
    value.put("created", created.toString());
    value.put("last_update", lastUpdate.toString());
    return JSON.writeValueAsString(value);
  }

  /**
   * An account from its record's value.
   *
   * @throws IllegalArgumentException when the value is not an account's record
   */
  public static StoredAccount fromJson(String json) {
    JsonNode node = JSON.readTree(json);
    String role = node.path("account").asString("");
    String hash = node.path("password_hash").asString("");
    if (!SecurityConfiguration.ROLES.contains(role) || !hash.startsWith("{")) {
      throw new IllegalArgumentException("not an account record: no role or no hash");
    }
    return new StoredAccount(
        role,
        hash,
        Instant.parse(node.path("created").asString()),
        Instant.parse(node.path("last_update").asString()));
  }

  /**
   * A short digest of the hash, which tokens carry so that a token issued before a password change
   * (or before the account was deleted and made again) is refused: it changes with every hash,
   * since each has its own salt, and reveals nothing a hash would not.
   */
  public String credentialStamp() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(passwordHash.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
