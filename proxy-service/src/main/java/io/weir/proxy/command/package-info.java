/**
 * The module commands proxy-service hosts ({@code io.weir.control.command.ModuleCommands}), run by
 * the admin API on every instance through {@code POST /v1/modules/:module/:command}.
 */
@NullMarked
package io.weir.proxy.command;

import org.jspecify.annotations.NullMarked;
