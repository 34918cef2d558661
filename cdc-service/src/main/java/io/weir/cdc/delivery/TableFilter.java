package io.weir.cdc.delivery;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * MaxScale's {@code match} and {@code exclude}: unanchored regexes over {@code database.table}
 * (joined with a period even when either name holds one).
 *
 * @param match a table is sent only if this finds its name; null sends every table
 * @param exclude a table is not sent if this finds its name; null excludes none
 */
public record TableFilter(@Nullable Pattern match, @Nullable Pattern exclude) {

  /** Every table. */
  public static TableFilter all() {
    return new TableFilter(null, null);
  }

  /** Whether documents of {@code database.table} are sent. */
  public boolean accepts(String database, String table) {
    String name = database + "." + table;
    return (match == null || match.matcher(name).find())
        && (exclude == null || !exclude.matcher(name).find());
  }
}
