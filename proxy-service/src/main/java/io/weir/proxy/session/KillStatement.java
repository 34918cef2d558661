package io.weir.proxy.session;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A {@code KILL [HARD | SOFT] [CONNECTION | QUERY] id} statement. Clients name the connection ids
 * the proxy gave them; the proxy rewrites the statement with the id of the backend connection.
 * {@code KILL QUERY ID query_id} and {@code KILL USER name} name no connection and pass through
 * unchanged.
 *
 * @param modifier {@code HARD}, {@code SOFT} or empty
 * @param scope {@code CONNECTION}, {@code QUERY} or empty (which means CONNECTION)
 * @param connectionId the id the client named
 */
record KillStatement(String modifier, String scope, long connectionId) {
  private static final Pattern KILL =
      Pattern.compile(
          "\\s*KILL\\s+(?:(HARD|SOFT)\\s+)?(?:(CONNECTION|QUERY)\\s+)?(\\d{1,19})\\s*;?\\s*",
          Pattern.CASE_INSENSITIVE);

  /** The KILL this SQL text is, if it is one that names a connection id. */
  static Optional<KillStatement> parse(String sql) {
    if (sql.length() > 128) {
      return Optional.empty();
    }
    Matcher matcher = KILL.matcher(sql);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new KillStatement(
              upper(matcher.group(1)), upper(matcher.group(2)), Long.parseLong(matcher.group(3))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** A KILL of connection {@code id} by COM_PROCESS_KILL, which is always CONNECTION. */
  static KillStatement ofConnection(long id) {
    return new KillStatement("", "CONNECTION", id);
  }

  /** The same statement naming the backend's connection id instead. */
  String withConnectionId(long backendId) {
    StringBuilder sql = new StringBuilder("KILL ");
    if (!modifier.isEmpty()) {
      sql.append(modifier).append(' ');
    }
    if (!scope.isEmpty()) {
      sql.append(scope).append(' ');
    }
    return sql.append(backendId).toString();
  }

  private static String upper(@Nullable String group) {
    return group == null ? "" : group.toUpperCase(Locale.ROOT);
  }
}
