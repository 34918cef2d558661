/** Certificates for TLS between test clients, Weir and test servers. */
@NullMarked
package io.weir.testkit.tls;

import org.jspecify.annotations.NullMarked;
