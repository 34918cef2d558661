/**
 * The live state of the suite, read from the {@code weir.status} topic every service instance
 * publishes to: {@code GET /v1/weir} (every instance and its health), {@code GET /v1/sessions}, and
 * the state merged into the servers' and services' documents. This instance publishes its own
 * status there too.
 */
@NullMarked
package io.weir.admin.status;

import org.jspecify.annotations.NullMarked;
