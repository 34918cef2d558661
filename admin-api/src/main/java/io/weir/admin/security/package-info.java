/**
 * Who may use the admin API: its accounts and roles, HTTP Basic, and the tokens of {@code POST
 * /v1/auth}.
 */
@NullMarked
package io.weir.admin.security;

import org.jspecify.annotations.NullMarked;
