package io.weir.wire.reply;

/**
 * What a successful {@code COM_STMT_PREPARE} response says about the statement.
 *
 * @param statementId the id later commands name the statement by, an unsigned {@code int<4>}
 * @param columns the number of columns its result sets have, 0 for none
 * @param parameters the number of {@code ?} placeholders
 * @see <a href="https://mariadb.com/kb/en/com_stmt_prepare/">COM_STMT_PREPARE</a>
 */
public record PreparedStatementInfo(long statementId, int columns, int parameters) {}
