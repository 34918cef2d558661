package io.weir.proxy.auth;

/**
 * A role granted to an account or to another role ({@code mysql.roles_mapping}).
 *
 * @param user the grantee's user name, or the grantee role's name
 * @param host the grantee's host part; empty when the grantee is a role
 * @param role the granted role
 * @param defaultRole whether it is the grantee account's default role, so active from the start of
 *     a session; a role granted to a role is active whenever that role is
 */
public record RoleGrant(String user, String host, String role, boolean defaultRole) {}
