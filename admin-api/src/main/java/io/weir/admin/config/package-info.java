/** Where the admin API reads its settings and opens its resource store. */
@NullMarked
package io.weir.admin.config;

import org.jspecify.annotations.NullMarked;
