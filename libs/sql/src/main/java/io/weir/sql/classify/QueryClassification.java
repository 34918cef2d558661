package io.weir.sql.classify;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a router needs to know about one SQL statement (or the statements of one multi-statement
 * query).
 *
 * @param typeMask bits of {@link QueryType}; a multi-statement query carries the union of its
 *     statements' types
 * @param multiStatement whether the text holds more than one statement
 * @param objectName the temporary table of {@link QueryType#CREATE_TMP_TABLE} (as written, without
 *     quotes, {@code db.name} when qualified) or the prepared statement of {@link
 *     QueryType#PREPARE_NAMED_STMT}, {@link QueryType#EXEC_STMT} and {@link
 *     QueryType#DEALLOCATE_PREPARE}; otherwise null
 * @param preparedText for {@code PREPARE name FROM 'literal'}, the literal's statement text, so the
 *     router can classify what a later EXECUTE runs; null otherwise
 * @param hintComments the bodies of comments that start with {@code maxscale} (the text after that
 *     word, trimmed), in order; empty when there are none
 */
public record QueryClassification(
    long typeMask,
    boolean multiStatement,
    @Nullable String objectName,
    @Nullable String preparedText,
    List<String> hintComments) {

  public boolean is(QueryType type) {
    return type.in(typeMask);
  }
}
