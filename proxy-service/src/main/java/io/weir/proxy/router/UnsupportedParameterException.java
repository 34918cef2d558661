package io.weir.proxy.router;

import java.util.List;

/**
 * A router cannot run with some of its service's parameters: they name a feature it does not have
 * yet. Thrown at start and by {@link Router#reconfigure}, so that such a setting is refused, never
 * silently ignored.
 */
public final class UnsupportedParameterException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final List<String> parameters;
  private final String reason;

  /**
   * @param service the service's id, for the message
   * @param parameters the parameters refused
   * @param reason why, the same for each of them, e.g. "readwritesplit does not implement it yet;
   *     set it to false"
   */
  public UnsupportedParameterException(String service, List<String> parameters, String reason) {
    super(
        "services/"
            + service
            + ": "
            + (parameters.size() == 1 ? "parameter '" : "parameters '")
            + String.join("', '", parameters)
            + "': "
            + reason);
    this.parameters = List.copyOf(parameters);
    this.reason = reason;
  }

  /** The parameters refused. */
  public List<String> parameters() {
    return parameters;
  }

  /** Why each is refused. */
  public String reason() {
    return reason;
  }
}
