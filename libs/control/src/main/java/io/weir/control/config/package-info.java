/**
 * The static start: {@link io.weir.control.config.StaticConfiguration} reads a YAML file of
 * resources, validates every parameter and every cross reference, and returns an immutable {@link
 * io.weir.control.config.Configuration} or throws {@link
 * io.weir.control.config.InvalidConfigurationException} listing every problem with its line.
 */
@NullMarked
package io.weir.control.config;

import org.jspecify.annotations.NullMarked;
