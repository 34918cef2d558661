/**
 * Modules and their commands: {@code GET /v1/modules} describes every module's parameters and
 * commands; {@code POST /v1/modules/:module/:command} checks a call and runs it on every instance
 * of the service that hosts the module.
 */
@NullMarked
package io.weir.admin.command;

import org.jspecify.annotations.NullMarked;
