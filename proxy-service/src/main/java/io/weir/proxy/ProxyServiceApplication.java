package io.weir.proxy;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Starts proxy-service; its beans are built in configuration classes, never here. */
@SpringBootApplication
public class ProxyServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(ProxyServiceApplication.class, args);
  }
}
