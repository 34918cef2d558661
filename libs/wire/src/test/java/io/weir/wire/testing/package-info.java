/**
 * Fixtures for the wire library's tests: a blocking protocol client (real servers come from
 * weir-testkit).
 */
@NullMarked
package io.weir.wire.testing;

import org.jspecify.annotations.NullMarked;
