/** The REST resources, shaped like MaxScale's REST API. */
@NullMarked
package io.weir.admin.api;

import org.jspecify.annotations.NullMarked;
