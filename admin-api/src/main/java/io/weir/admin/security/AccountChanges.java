package io.weir.admin.security;

import io.weir.admin.resource.AuditLog;
import io.weir.admin.resource.StoreUnavailableException;
import io.weir.control.api.ApiError;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Makes, changes and deletes the accounts of {@code /v1/users}: checks the request, hashes the
 * password (bcrypt; the clear text is never stored or logged), writes the account to the {@link
 * AccountTopic} and records the change in the audit log. Configured accounts cannot be changed, and
 * the last account with role {@code admin} cannot be deleted or demoted, so the API never locks
 * itself out. Changes are serialised, so two never start from the same accounts.
 */
public final class AccountChanges {
  /** Names that survive a URL path, HTTP Basic (no colon) and a log line. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

  private final Accounts accounts;
  private final AccountTopic topic;
  private final PasswordEncoder encoder;
  private final AuditLog audit;
  private final InstantSource clock;

  public AccountChanges(
      Accounts accounts,
      AccountTopic topic,
      PasswordEncoder encoder,
      AuditLog audit,
      InstantSource clock) {
    this.accounts = accounts;
    this.topic = topic;
    this.encoder = encoder;
    this.audit = audit;
    this.clock = clock;
  }

  /** What became of a change. */
  public sealed interface Outcome {
    /**
     * Stored in the accounts topic and read back.
     *
     * @param offset the record's offset
     */
    record Applied(long offset) implements Outcome {}

    /**
     * Refused, nothing stored.
     *
     * @param errors one per problem, with the status to answer and the field it points at
     */
    record Refused(List<ApiError> errors) implements Outcome {}
  }

  /**
   * Makes an account.
   *
   * @param password the password in clear, as the request carried it, or null when missing
   * @param role {@code admin} or {@code basic}, or null when missing
   * @throws StoreUnavailableException when it cannot be stored now
   */
  public synchronized Outcome create(
      String actor, String name, @Nullable String password, @Nullable String role) {
    if (!NAME.matcher(name).matches()) {
      return refused(
          400,
          "/data/id",
          "'"
              + name
              + "' is not a valid account name: 1 to 64 letters, digits, '.', '_', '@' or '-',"
              + " starting with a letter or digit");
    }
    if (accounts.isConfigured(name)) {
      return refused(
          409,
          "/data/id",
          "the account '"
              + name
              + "' exists already: it is configured (weir.admin.accounts) and cannot be changed"
              + " through the API");
    }
    if (topic.account(name).isPresent()) {
      return refused(409, "/data/id", "the account '" + name + "' exists already");
    }
    Optional<Outcome> problem = checkPassword(password, true).or(() -> checkRole(role, true));
    if (problem.isPresent()) {
      return problem.get();
    }
    Instant now = clock.instant();
    StoredAccount account = new StoredAccount(role, encoder.encode(password), now, now);
    long offset = topic.write(name, account);
    audit.record(actor, "create", resource(name), null, shown(account.role(), false));
    return new Outcome.Applied(offset);
  }

  /**
   * Changes an account's password, role or both.
   *
   * @param password the new password in clear, or null to keep it
   * @param role the new role, or null to keep it
   * @return {@link Outcome.Refused} with 404 for an unknown account
   * @throws StoreUnavailableException when it cannot be stored now
   */
  public synchronized Outcome alter(
      String actor, String name, @Nullable String password, @Nullable String role) {
    Optional<Outcome> immutable = refuseConfigured(name, "changed");
    if (immutable.isPresent()) {
      return immutable.get();
    }
    Optional<StoredAccount> current = topic.account(name);
    if (current.isEmpty()) {
      return unknown(name);
    }
    if (password == null && role == null) {
      return refused(
          400,
          "/data/attributes",
          "nothing to change: give 'password', 'account' (admin or basic) or both");
    }
    Optional<Outcome> problem = checkPassword(password, false).or(() -> checkRole(role, false));
    if (problem.isPresent()) {
      return problem.get();
    }
    StoredAccount before = current.get();
    String newRole = role == null ? before.role() : role;
    if (before.role().equals("admin") && newRole.equals("basic") && isLastAdmin(name)) {
      return refused(
          409,
          "/data/attributes/account",
          "'" + name + "' is the last account with role admin: make another admin first");
    }
    StoredAccount after =
        new StoredAccount(
            newRole,
            password == null ? before.passwordHash() : encoder.encode(password),
            before.created(),
            clock.instant());
    long offset = topic.write(name, after);
    audit.record(
        actor,
        "alter",
        resource(name),
        shown(before.role(), false),
        shown(after.role(), password != null));
    return new Outcome.Applied(offset);
  }

  /**
   * Deletes an account; its password and tokens stop working at once.
   *
   * @return {@link Outcome.Refused} with 404 for an unknown account, 409 for a configured one or
   *     the last admin
   * @throws StoreUnavailableException when it cannot be stored now
   */
  public synchronized Outcome delete(String actor, String name) {
    Optional<Outcome> immutable = refuseConfigured(name, "deleted");
    if (immutable.isPresent()) {
      return immutable.get();
    }
    Optional<StoredAccount> current = topic.account(name);
    if (current.isEmpty()) {
      return unknown(name);
    }
    if (current.get().role().equals("admin") && isLastAdmin(name)) {
      return refused(
          409,
          null,
          "'"
              + name
              + "' is the last account with role admin and cannot be deleted: make another admin"
              + " first");
    }
    long offset = topic.write(name, null);
    audit.record(actor, "destroy", resource(name), shown(current.get().role(), false), null);
    return new Outcome.Applied(offset);
  }

  private boolean isLastAdmin(String name) {
    return accounts.all().stream()
        .noneMatch(account -> account.role().equals("admin") && !account.name().equals(name));
  }

  private Optional<Outcome> refuseConfigured(String name, String what) {
    if (!accounts.isConfigured(name)) {
      return Optional.empty();
    }
    return Optional.of(
        refused(
            409,
            null,
            "the account '"
                + name
                + "' is configured (weir.admin.accounts or the initial admin) and cannot be "
                + what
                + " through the API; change the deployment's settings instead"));
  }

  private static Optional<Outcome> checkPassword(@Nullable String password, boolean required) {
    if (password == null) {
      return required
          ? Optional.of(
              refused(400, "/data/attributes/password", "'password' is required for a new account"))
          : Optional.empty();
    }
    if (password.isEmpty()) {
      return Optional.of(refused(400, "/data/attributes/password", "'password' must not be empty"));
    }
    if (password.getBytes(StandardCharsets.UTF_8).length > 72) {
      // bcrypt looks at the first 72 bytes only, so a longer password cannot be hashed whole
      return Optional.of(
          refused(
              400,
              "/data/attributes/password",
              "'password' is longer than 72 bytes (UTF-8), the most bcrypt takes"));
    }
    return Optional.empty();
  }

  private static Optional<Outcome> checkRole(@Nullable String role, boolean required) {
    if (role == null) {
      return required
          ? Optional.of(
              refused(
                  400,
                  "/data/attributes/account",
                  "'account' is required: admin (read and write) or basic (read only)"))
          : Optional.empty();
    }
    if (!SecurityConfiguration.ROLES.contains(role)) {
      return Optional.of(
          refused(
              400,
              "/data/attributes/account",
              "'account' is '"
                  + role
                  + "'; it must be admin (read and write) or basic (read only)"));
    }
    return Optional.empty();
  }

  private static Outcome unknown(String name) {
    return refused(404, null, "no account '" + name + "'");
  }

  private static Outcome refused(int status, @Nullable String pointer, String detail) {
    return new Outcome.Refused(List.of(new ApiError(status, null, pointer, detail)));
  }

  private static String resource(String name) {
    return "users/inet/" + name;
  }

  /** An account as the audit log shows it: its role, and whether the password changed. */
  private static Map<String, Object> shown(String role, boolean passwordChanged) {
    Map<String, Object> shown = new LinkedHashMap<>();
    shown.put("account", role);
    if (passwordChanged) {
      shown.put("password_changed", true);
    }
    return shown;
  }
}
