package io.weir.cdc;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Starts cdc-service; its beans are built in configuration classes, never here. */
@SpringBootApplication
public class CdcServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(CdcServiceApplication.class, args);
  }
}
