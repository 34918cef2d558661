package io.weir.testkit.kafka.logging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * An SLF4J provider that writes warnings and errors to standard error, for a broker JVM whose class
 * path has no SLF4J provider of its own.
 *
 * <p>Without any provider SLF4J discards everything, and a broker that fails to start would leave
 * an empty log: the kit could not say why it failed. The kit selects this provider only in the
 * broker's JVM, through {@code -Dslf4j.provider}, and only when the class path holds no other; it
 * is deliberately not registered in {@code META-INF/services}, so no other JVM ever picks it up.
 */
public final class StandardErrorLoggerProvider implements SLF4JServiceProvider {

  private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
  private final ILoggerFactory loggerFactory =
      name -> loggers.computeIfAbsent(name, StandardErrorLogger::new);
  private final IMarkerFactory markerFactory = new BasicMarkerFactory();
  private final MDCAdapter mdcAdapter = new NOPMDCAdapter();

  /** Called by SLF4J through reflection. */
  public StandardErrorLoggerProvider() {}

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggerFactory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markerFactory;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdcAdapter;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {}
}
