package io.weir.control.resource;

/**
 * The kinds of resource, each with the plural name MaxScale's REST API and Weir's documents use as
 * {@code data.type} and as the top-level key of the static configuration file.
 */
public enum ResourceType {
  SERVERS("servers"),
  MONITORS("monitors"),
  SERVICES("services"),
  LISTENERS("listeners"),
  FILTERS("filters");

  private final String typeName;

  ResourceType(String typeName) {
    this.typeName = typeName;
  }

  /** The JSON:API type name, e.g. {@code services}. */
  public String typeName() {
    return typeName;
  }

  @Override
  public String toString() {
    return typeName;
  }
}
