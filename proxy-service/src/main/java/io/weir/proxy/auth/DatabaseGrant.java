package io.weir.proxy.auth;

/**
 * Some privilege of an account or a role inside a database: a row of {@code mysql.db}, or a table,
 * column or routine grant ({@code mysql.tables_priv}, {@code columns_priv}, {@code procs_priv}).
 * Any of them lets the grantee use the database.
 *
 * @param user the grantee's user name, or the role's name
 * @param host the grantee's host part; empty for a role
 * @param database the database name, or with {@code wildcards} a pattern
 * @param wildcards whether {@code %} and {@code _} in {@code database} are wildcards and {@code \}
 *     escapes them, as in {@code mysql.db}; table, column and routine grants name one database
 */
public record DatabaseGrant(String user, String host, String database, boolean wildcards) {}
