/** The errors the proxy sends clients itself: one catalogue, MariaDB's numbers and wording. */
@NullMarked
package io.weir.proxy.error;

import org.jspecify.annotations.NullMarked;
