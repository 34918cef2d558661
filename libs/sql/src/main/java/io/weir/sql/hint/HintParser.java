package io.weir.sql.hint;

/** Parses MaxScale hint comment bodies. */
public final class HintParser {

  private HintParser() {}

  /** Parses one body as given by {@code QueryClassification.hintComments()}. */
  public static Hint parse(String body) {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
