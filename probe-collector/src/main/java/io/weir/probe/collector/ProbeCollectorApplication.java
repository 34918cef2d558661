package io.weir.probe.collector;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Starts probe-collector; its beans are built in configuration classes, never here. */
@SpringBootApplication
public class ProbeCollectorApplication {

  public static void main(String[] args) {
    SpringApplication.run(ProbeCollectorApplication.class, args);
  }
}
