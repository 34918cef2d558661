package io.weir.testkit.mariadb;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Starts, shares and closes the topologies {@link WithMariaDb} asks for.
 *
 * <p>Topologies live in the root context's store, keyed by their {@link TopologySpec}, so JUnit
 * closes them when the whole run ends; a disturbed one is closed and dropped after its class.
 */
public final class MariaDbExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final Namespace NAMESPACE = Namespace.create(MariaDbExtension.class);
  private static final String CLASS_TOPOLOGY = "topology";

  @Override
  public void beforeAll(ExtensionContext context) {
    TopologySpec spec = specOf(context);
    ExtensionContext.Store shared = context.getRoot().getStore(NAMESPACE);
    MariaDbTopology existing = shared.get(spec, MariaDbTopology.class);
    if (existing != null && (existing.disturbed() || !existing.allRunning())) {
      shared.remove(spec);
      existing.close();
    }
    MariaDbTopology topology =
        shared.computeIfAbsent(spec, MariaDbTopology::start, MariaDbTopology.class);
    // every class starts from replicas that applied all an earlier class wrote
    try {
      topology.awaitReplicasCaughtUp();
    } catch (IllegalStateException e) {
      shared.remove(spec);
      topology.close();
      topology = shared.computeIfAbsent(spec, MariaDbTopology::start, MariaDbTopology.class);
    }
    // the class store gets a plain record: JUnit closes AutoCloseable values with their store
    context.getStore(NAMESPACE).put(CLASS_TOPOLOGY, new ClassUse(spec, topology));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    ClassUse use = context.getStore(NAMESPACE).get(CLASS_TOPOLOGY, ClassUse.class);
    if (use != null && (use.topology().disturbed() || !use.topology().allRunning())) {
      context.getRoot().getStore(NAMESPACE).remove(use.spec());
      use.topology().close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == MariaDbTopology.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ClassUse use = context.getStore(NAMESPACE).get(CLASS_TOPOLOGY, ClassUse.class);
    if (use == null) {
      throw new ParameterResolutionException(
          "no MariaDB topology: annotate the test class with @WithMariaDb");
    }
    return use.topology();
  }

  private static TopologySpec specOf(ExtensionContext context) {
    WithMariaDb annotation =
        AnnotationSupport.findAnnotation(context.getRequiredTestClass(), WithMariaDb.class)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        context.getRequiredTestClass()
                            + " uses MariaDbExtension without @WithMariaDb"));
    return new TopologySpec(annotation.replicas(), List.of(annotation.serverOptions()), null);
  }

  /** Remembers which shared topology a class used, so it can be dropped after the class. */
  private record ClassUse(TopologySpec spec, MariaDbTopology topology) {}
}
