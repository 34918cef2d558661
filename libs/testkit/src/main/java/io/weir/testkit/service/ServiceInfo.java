package io.weir.testkit.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The document served at {@code /actuator/info}.
 *
 * @param json the whole document, for keys this record has no accessor for
 */
public record ServiceInfo(JsonNode json) {

  /**
   * {@code build.version}: the Maven project version, present when the jar was built with
   * spring-boot-maven-plugin's {@code build-info} goal.
   */
  public Optional<String> buildVersion() {
    return text(json.path("build").path("version"));
  }

  /** {@code build.artifact}: the Maven artifact id. */
  public Optional<String> buildArtifact() {
    return text(json.path("build").path("artifact"));
  }

  /**
   * {@code git.commit.id}: the commit the jar was built from, present when git-commit-id's {@code
   * git.properties} is on the classpath. Spring Boot writes it as a string in the {@code simple}
   * git info mode and as an object with {@code full} and {@code abbrev} in the {@code full} mode;
   * both are read here, preferring the full hash.
   */
  public Optional<String> gitCommitId() {
    JsonNode id = json.path("git").path("commit").path("id");
    if (id.isObject()) {
      return text(id.path("full")).or(() -> text(id.path("abbrev")));
    }
    return text(id);
  }

  private static Optional<String> text(JsonNode node) {
    return node.isTextual() && !node.asText().isBlank()
        ? Optional.of(node.asText())
        : Optional.empty();
  }

  @Override
  public String toString() {
    return json.toString();
  }
}
