/** Fixtures for the wire library's tests: a real MariaDB server and a blocking protocol client. */
@NullMarked
package io.weir.wire.testing;

import org.jspecify.annotations.NullMarked;
