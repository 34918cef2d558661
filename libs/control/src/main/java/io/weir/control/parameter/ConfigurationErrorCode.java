package io.weir.control.parameter;

/**
 * Stable codes for configuration errors. The constant names are the codes: tools and tests match on
 * them, so a constant is never renamed or reused for a different problem.
 */
public enum ConfigurationErrorCode {
  /** The file is not well-formed YAML, or could not be read. */
  MALFORMED_DOCUMENT,
  /** A key, a node kind or a resource name does not fit the file layout. */
  INVALID_STRUCTURE,
  /** The same resource id appears twice within one type. */
  DUPLICATE_RESOURCE,
  /** A router, monitor or filter module Weir does not know. */
  UNKNOWN_MODULE,
  /** A resource lacks a mandatory field such as {@code module} or {@code service}. */
  MISSING_FIELD,
  /** A parameter no schema of the resource defines. */
  UNKNOWN_PARAMETER,
  /** A mandatory parameter has no value. */
  MISSING_PARAMETER,
  /** A parameter value does not parse as its type or is out of bounds. */
  INVALID_VALUE,
  /** A relationship or reference names a resource that does not exist or is not eligible. */
  UNKNOWN_REFERENCE,
  /** A service names both servers and a cluster. */
  CONFLICTING_TARGETS,
  /** Two listeners would bind the same address and port. */
  DUPLICATE_ADDRESS,
  /** TLS is enabled without the files it needs. */
  INCOMPLETE_TLS,
  /** A change to a running resource names a parameter that only takes effect at start. */
  NOT_MODIFIABLE_AT_RUNTIME
}
