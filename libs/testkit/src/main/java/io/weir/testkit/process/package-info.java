/** External processes that end with the JVM that started them, and their logs. */
@NullMarked
package io.weir.testkit.process;

import org.jspecify.annotations.NullMarked;
