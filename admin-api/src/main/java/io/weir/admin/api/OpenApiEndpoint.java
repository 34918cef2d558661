package io.weir.admin.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The API's OpenAPI document, {@code GET /v1/openapi.yaml}, open to everyone like the health
 * endpoints. The same file is checked in as {@code docs/admin-api-openapi.yaml}; a test keeps the
 * two equal.
 */
@RestController
public class OpenApiEndpoint {

  /** Where the document is on the class path. */
  public static final String RESOURCE = "/openapi/weir-admin-api.yaml";

  private static final MediaType YAML = MediaType.parseMediaType("application/yaml");

  private final String document;

  public OpenApiEndpoint() {
    try (InputStream in = OpenApiEndpoint.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the jar");
      }
      this.document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  @GetMapping("/v1/openapi.yaml")
  public ResponseEntity<String> document() {
    return ResponseEntity.ok().contentType(YAML).body(document);
  }
}
