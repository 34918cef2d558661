package io.weir.probe.agent;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Starts probe-agent; its beans are built in configuration classes, never here. */
@SpringBootApplication
public class ProbeAgentApplication {

  public static void main(String[] args) {
    SpringApplication.run(ProbeAgentApplication.class, args);
  }
}
