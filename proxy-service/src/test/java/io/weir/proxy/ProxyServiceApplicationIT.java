package io.weir.proxy;

import io.weir.testkit.service.ActuatorClient;
import io.weir.testkit.service.ActuatorContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts proxy-service on a free port and reads its actuator over HTTP, as Kubernetes and
 * Prometheus do; the checks are the {@link ActuatorContract} every service shares.
 */
class ProxyServiceApplicationIT extends ActuatorContract {

  private static ConfigurableApplicationContext application;
  private static ActuatorClient actuator;

  @BeforeAll
  static void start() {
    application = SpringApplication.run(ProxyServiceApplication.class, "--server.port=0");
    int port = application.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    actuator = ActuatorClient.atLocalPort(port).awaitReady(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    actuator.close();
    application.close();
  }

  @Override
  protected ActuatorClient actuator() {
    return actuator;
  }

  @Override
  protected String applicationName() {
    return "proxy-service";
  }
}
