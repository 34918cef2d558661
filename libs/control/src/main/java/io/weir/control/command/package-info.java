/**
 * Module commands: operations a module offers besides its parameters (MaxScale's {@code maxctrl
 * call command}), described here so that the admin API can list and check them, and run by the
 * services that host the module.
 */
@NullMarked
package io.weir.control.command;

import org.jspecify.annotations.NullMarked;
