package io.weir.testkit.kafka.logging;

import java.io.PrintStream;
import java.io.Serial;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** Writes WARN and ERROR events to standard error, in the layout of the kit's logback file. */
final class StandardErrorLogger extends LegacyAbstractLogger {

  @Serial private static final long serialVersionUID = 1L;

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  StandardErrorLogger(String name) {
    this.name = name;
  }

  @Override
  public boolean isTraceEnabled() {
    return false;
  }

  @Override
  public boolean isDebugEnabled() {
    return false;
  }

  @Override
  public boolean isInfoEnabled() {
    return false;
  }

  @Override
  public boolean isWarnEnabled() {
    return true;
  }

  @Override
  public boolean isErrorEnabled() {
    return true;
  }

  @Override
  protected @Nullable String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level,
      @Nullable Marker marker,
      String messagePattern,
      Object @Nullable [] arguments,
      @Nullable Throwable throwable) {
    String line =
        LocalTime.now().format(TIME)
            + " "
            + String.format("%-5s", level)
            + " ["
            + Thread.currentThread().getName()
            + "] "
            + name
            + " - "
            + MessageFormatter.basicArrayFormat(messagePattern, arguments);
    PrintStream err = System.err;
    // one lock for the line and its stack trace, so that threads' lines do not interleave
    synchronized (err) {
      err.println(line);
      if (throwable != null) {
        throwable.printStackTrace(err);
      }
    }
  }
}
