package io.weir.admin.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class OpenApiDocumentTest {

  @Test
  void theServedDocumentIsTheOneCheckedInUnderDocs() throws Exception {
    String served;
    try (InputStream in = OpenApiEndpoint.class.getResourceAsStream(OpenApiEndpoint.RESOURCE)) {
      served = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path checkedIn = Path.of("..", "docs", "admin-api-openapi.yaml");
    assertThat(Files.readString(checkedIn))
        .as(
            "docs/admin-api-openapi.yaml must equal admin-api's src/main/resources%s; copy it"
                + " over after a change",
            OpenApiEndpoint.RESOURCE)
        .isEqualTo(served);
  }

  @Test
  @SuppressWarnings("unchecked")
  void documentsEveryRouteTheApiServes() {
    Map<String, Object> document =
        new Yaml().load(OpenApiEndpoint.class.getResourceAsStream(OpenApiEndpoint.RESOURCE));
    assertThat(document.get("openapi")).isEqualTo("3.1.0");
    Map<String, Map<String, Object>> paths =
        (Map<String, Map<String, Object>>) document.get("paths");
    assertThat(paths)
        .containsOnlyKeys(
            "/v1/auth",
            "/v1/{type}",
            "/v1/{type}/{id}",
            "/v1/openapi.yaml",
            "/v1/users",
            "/v1/users/inet",
            "/v1/users/inet/{name}");
    assertThat(paths.get("/v1/{type}")).containsKeys("get", "post");
    assertThat(paths.get("/v1/{type}/{id}")).containsKeys("get", "patch", "delete");
    assertThat(paths.get("/v1/users/inet")).containsKeys("get", "post");
    assertThat(paths.get("/v1/users/inet/{name}")).containsKeys("get", "patch", "delete");
  }
}
