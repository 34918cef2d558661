package io.weir.testkit.kafka;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extension behind {@link WithKafka}: resolves {@link KafkaBroker} parameters with one broker
 * shared by the whole test run.
 *
 * <p>Starting a broker takes seconds, so the broker lives in the root extension context's store,
 * keyed by {@code KafkaBroker.class}: the first test class that asks for it starts it, every later
 * class gets the same one, and JUnit closes it (killing the broker and deleting its data) when the
 * run ends. Because classes share it, topics outlive the class that created them: a class should
 * name its topics after itself or a random suffix rather than expect an empty broker.
 *
 * <p>A class may stop, kill or restart the broker. So that the next class does not inherit a broken
 * one, after all tests of a class the extension restarts a broker that is not running, on the same
 * ports and with the same data. If that restart fails, the broker is closed and dropped, and the
 * next class that asks for one gets a fresh broker.
 */
public final class KafkaBrokerExtension implements ParameterResolver, AfterAllCallback {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerExtension.class);
  private static final Namespace NAMESPACE = Namespace.create(KafkaBrokerExtension.class);

  @Override
  public boolean supportsParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == KafkaBroker.class;
  }

  @Override
  public KafkaBroker resolveParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return sharedBroker(extensionContext);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Store store = store(context);
    @Nullable KafkaBroker broker = store.get(KafkaBroker.class, KafkaBroker.class);
    if (broker == null || broker.isRunning()) {
      return;
    }
    try {
      broker.restart();
    } catch (RuntimeException e) {
      LOG.warn(
          "{} left the shared Kafka broker stopped and it did not restart; the next class gets a"
              + " new broker",
          context.getDisplayName(),
          e);
      store.remove(KafkaBroker.class, KafkaBroker.class);
      broker.close();
    }
  }

  /** The run's shared broker, started on first use. */
  static KafkaBroker sharedBroker(ExtensionContext context) {
    return store(context)
        .computeIfAbsent(KafkaBroker.class, key -> KafkaBroker.start(), KafkaBroker.class);
  }

  private static Store store(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE);
  }
}
