package io.weir.admin.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
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
  @DisplayName("the document lists exactly the routes the admin API's controllers map")
  void documentsEveryRouteTheApiServes() {
    Map<String, Object> document =
        new Yaml().load(OpenApiEndpoint.class.getResourceAsStream(OpenApiEndpoint.RESOURCE));
    assertThat(document.get("openapi")).isEqualTo("3.1.0");
    Set<String> documented = new TreeSet<>();
    ((Map<String, Map<String, Object>>) document.get("paths"))
        .forEach(
            (path, operations) ->
                operations.keySet().stream()
                    .filter(key -> !key.equals("parameters"))
                    .forEach(
                        method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path)));
    assertThat(documented).isEqualTo(mappedRoutes());
  }

  /** Every route of every controller under io.weir.admin, as "METHOD /path". */
  private static Set<String> mappedRoutes() {
    var scanner = new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
    Set<String> routes = new TreeSet<>();
    for (BeanDefinition candidate : scanner.findCandidateComponents("io.weir.admin")) {
      Class<?> controller = ClassUtils.resolveClassName(candidate.getBeanClassName(), null);
      for (Method method : controller.getDeclaredMethods()) {
        RequestMapping mapping =
            AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
        if (mapping == null) {
          continue;
        }
        for (String path : mapping.path()) {
          for (RequestMethod verb : mapping.method()) {
            routes.add(verb.name() + " " + path);
          }
        }
      }
    }
    assertThat(routes).as("the controllers found").isNotEmpty();
    return routes;
  }
}
