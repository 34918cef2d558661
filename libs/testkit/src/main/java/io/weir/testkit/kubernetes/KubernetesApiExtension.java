package io.weir.testkit.kubernetes;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The extension behind {@link WithKubernetesApi}: resolves {@link KubernetesApi} parameters with
 * one server shared by the whole test run.
 *
 * <p>The server lives in the root extension context's store, keyed by {@code KubernetesApi.class},
 * and JUnit closes it when the run ends. What one class stores there stays for the next, so a class
 * should name its Leases and other resources after itself rather than expect an empty server.
 */
public final class KubernetesApiExtension implements ParameterResolver {

  private static final Namespace NAMESPACE = Namespace.create(KubernetesApiExtension.class);

  @Override
  public boolean supportsParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == KubernetesApi.class;
  }

  @Override
  public KubernetesApi resolveParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return extensionContext
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(KubernetesApi.class, key -> KubernetesApi.start(), KubernetesApi.class);
  }
}
