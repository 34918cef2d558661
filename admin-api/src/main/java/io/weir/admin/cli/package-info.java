/** {@code weirctl}: the admin API from the command line, in the spirit of MaxScale's maxctrl. */
@NullMarked
package io.weir.admin.cli;

import org.jspecify.annotations.NullMarked;
