/** Test fixtures for cdc-service: a stand-in binlog reader and transactions to feed it. */
@NullMarked
package io.weir.cdc.testing;

import org.jspecify.annotations.NullMarked;
