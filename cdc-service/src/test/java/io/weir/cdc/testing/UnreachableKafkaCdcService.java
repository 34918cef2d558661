package io.weir.cdc.testing;

import io.weir.control.config.Configuration;
import io.weir.control.config.InvalidConfigurationException;
import io.weir.control.config.StaticConfiguration;
import java.io.StringReader;

/**
 * A configuration with one kafkacdc service, {@code cdc}, whose server and brokers are on port 1
 * (nothing answers there): for tests of what the runner and configuration changes decide and
 * report, where no stream may really start.
 */
public final class UnreachableKafkaCdcService {

  private UnreachableKafkaCdcService() {}

  /**
   * @param extraParameters more parameter lines of the service, each indented by six spaces and
   *     ending with a newline (e.g. {@code " match: 'app[.]'\n"})
   */
  public static Configuration configuration(String extraParameters)
      throws InvalidConfigurationException {
    return StaticConfiguration.parse(
        "weir.yaml",
        new StringReader(
            """
            servers:
              server1:
                parameters: {address: 127.0.0.1, port: 1}
            services:
              cdc:
                router: kafkacdc
                servers: [server1]
                parameters:
                  user: cdc
                  password: secret
                  bootstrap_servers: 127.0.0.1:1
                  topic: cdc
            """
                + extraParameters));
  }
}
