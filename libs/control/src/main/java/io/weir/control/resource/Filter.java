package io.weir.control.resource;

/**
 * A statement filter services can chain: MaxScale's {@code filters} resource.
 *
 * @param id the filter's name
 * @param module the filter implementation, e.g. {@code hintfilter}
 * @param parameters validated parameters of the module, defaults included
 */
public record Filter(String id, String module, ParameterValues parameters) implements Resource {

  @Override
  public ResourceType type() {
    return ResourceType.FILTERS;
  }
}
