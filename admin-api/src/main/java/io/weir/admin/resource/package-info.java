/**
 * The resources in the weir.config topic: reading them as JSON:API documents and changing them,
 * validated whole before anything is written.
 */
@NullMarked
package io.weir.admin.resource;

import org.jspecify.annotations.NullMarked;
