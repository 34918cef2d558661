/** The ports clients connect to: one Reactor Netty TCP server per listener resource. */
@NullMarked
package io.weir.proxy.listener;

import org.jspecify.annotations.NullMarked;
