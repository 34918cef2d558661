package io.weir.proxy;

import io.netty.util.ResourceLeakDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Starts proxy-service; its beans are built in configuration classes, never here. */
@SpringBootApplication
public class ProxyServiceApplication {

  private static final String LEAK_DETECTION_LEVEL = "io.netty.leakDetection.level";

  public static void main(String[] args) {
    // Netty's default leak detection records a stack trace at the allocation and the release of
    // every 128th buffer: about 2% of the proxy's CPU on sysbench (bench/README.md). The tests
    // hunt leaks at paranoid; a deployment that wants the sampling back sets the property.
    if (System.getProperty(LEAK_DETECTION_LEVEL) == null) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
    SpringApplication.run(ProxyServiceApplication.class, args);
  }
}
