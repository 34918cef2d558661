package io.weir.control.config;

import io.weir.control.parameter.ConfigurationError;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A configuration file that cannot be used. The message lists every problem, one per line, as
 * {@code file:line:column: services/rw: parameter 'x': message [CODE]}, so it can be shown to the
 * user as it is.
 */
public final class InvalidConfigurationException extends Exception {

  private final String source;
  private final List<LocatedError> errors;

  /**
   * @param source the file name used in messages
   * @param errors every problem, in document order; at least one
   */
  public InvalidConfigurationException(String source, List<LocatedError> errors) {
    super(render(source, errors));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("no errors");
    }
    this.source = source;
    this.errors = List.copyOf(errors);
  }

  /** The file name used in messages. */
  public String source() {
    return source;
  }

  /** Every problem with where it is. */
  public List<LocatedError> errors() {
    return errors;
  }

  /** Every problem, one line each, without the heading of {@link #getMessage()}. */
  public List<String> lines() {
    return errors.stream().map(error -> error.render(source)).toList();
  }

  private static String render(String source, List<LocatedError> errors) {
    return source
        + ": "
        + errors.size()
        + (errors.size() == 1 ? " error" : " errors")
        + errors.stream().map(error -> "\n  " + error.render(source)).collect(Collectors.joining());
  }

  /**
   * A problem and where in the file it is.
   *
   * @param error the problem
   * @param location where, or null when it concerns the file as a whole
   */
  public record LocatedError(ConfigurationError error, @Nullable Location location) {

    /** The problem as one line, prefixed with {@code source} and the location. */
    public String render(String source) {
      return source
          + (location == null ? "" : ":" + location.line() + ":" + location.column())
          + ": "
          + error
          + " ["
          + error.code()
          + "]";
    }
  }

  /**
   * A position in the file, both 1-based.
   *
   * @param line the line
   * @param column the column
   */
  public record Location(int line, int column) {}
}
