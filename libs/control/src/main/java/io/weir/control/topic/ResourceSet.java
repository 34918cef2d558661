package io.weir.control.topic;

import io.weir.control.config.Configuration;
import io.weir.control.config.InvalidConfigurationException;
import io.weir.control.config.StaticConfiguration;
import io.weir.control.resource.ResourceType;
import java.io.StringReader;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Resources as the {@code weir.config} topic holds them: each one's body as the static
 * configuration file writes it ({@code {"router": ..., "cluster": ..., "parameters": {...}}}), raw,
 * so that every service validates it with the same rules as a file. A set becomes a {@link
 * Configuration} by assembling those bodies into one document.
 *
 * @param bodies each resource's body as JSON text, in the order first seen
 */
public record ResourceSet(Map<ResourceKey, String> bodies) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  public ResourceSet {
    bodies = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(bodies));
  }

  /** No resources. */
  public static ResourceSet empty() {
    return new ResourceSet(Map.of());
  }

  /**
   * The resources of a static configuration document, each body as written in it: every scalar
   * keeps its text (a YAML {@code 010} or {@code yes} reaches the parameter types as written, as
   * when the file is loaded directly). The document is not validated here; {@link #toConfiguration}
   * does that.
   *
   * @throws IllegalArgumentException when the document is not a mapping of resource maps
   */
  public static ResourceSet fromStaticDocument(String yaml) {
    var options = new LoaderOptions();
    options.setMaxAliasesForCollections(10);
    Node root = new Yaml(new SafeConstructor(options)).compose(new StringReader(yaml));
    Map<ResourceKey, String> bodies = new LinkedHashMap<>();
    if (root == null) {
      return empty();
    }
    if (!(root instanceof MappingNode types)) {
      throw new IllegalArgumentException("the configuration is not a mapping of resource types");
    }
    for (NodeTuple typeEntry : types.getValue()) {
      String typeName = text(typeEntry.getKeyNode());
      ResourceType type = typeNamed(typeName);
      if (!(typeEntry.getValueNode() instanceof MappingNode byId)) {
        throw new IllegalArgumentException("'" + typeName + "' is not a mapping");
      }
      for (NodeTuple resource : byId.getValue()) {
        bodies.put(
            new ResourceKey(type, text(resource.getKeyNode())),
            JSON.writeValueAsString(json(resource.getValueNode())));
      }
    }
    return new ResourceSet(bodies);
  }

  private static ResourceType typeNamed(String name) {
    for (ResourceType type : ResourceType.values()) {
      if (type.typeName().equals(name)) {
        return type;
      }
    }
    throw new IllegalArgumentException("'" + name + "' is not a resource type");
  }

  private static String text(Node node) {
    if (node instanceof ScalarNode scalar) {
      return scalar.getValue();
    }
    throw new IllegalArgumentException("a key must be plain text, not " + node.getNodeId());
  }

  /** A YAML node as JSON, every scalar as its text and an explicit null as null. */
  private static JsonNode json(Node node) {
    return switch (node) {
      case ScalarNode scalar ->
          Tag.NULL.equals(scalar.getTag())
              ? JSON.getNodeFactory().nullNode()
              : JSON.getNodeFactory().stringNode(scalar.getValue());
      case SequenceNode sequence -> {
        ArrayNode array = JSON.createArrayNode();
        sequence.getValue().forEach(item -> array.add(json(item)));
        yield array;
      }
      case MappingNode mapping -> {
        ObjectNode object = JSON.createObjectNode();
        for (NodeTuple entry : mapping.getValue()) {
          object.set(text(entry.getKeyNode()), json(entry.getValueNode()));
        }
        yield object;
      }
      default -> throw new IllegalArgumentException("unsupported YAML node " + node.getNodeId());
    };
  }

  /** The body of one resource. */
  public Optional<String> body(ResourceKey key) {
    return Optional.ofNullable(bodies.get(key));
  }

  /** This set with {@code key}'s body replaced, or removed when {@code body} is null. */
  public ResourceSet with(ResourceKey key, @Nullable String body) {
    Map<ResourceKey, String> changed = new LinkedHashMap<>(bodies);
    if (body == null) {
      changed.remove(key);
    } else {
      changed.put(key, body);
    }
    return new ResourceSet(changed);
  }

  /** Whether there are no resources. */
  public boolean isEmpty() {
    return bodies.isEmpty();
  }

  /**
   * The resources validated as a whole, with the static file's rules.
   *
   * @param source what messages call the set, e.g. {@code topic weir.config}
   * @throws InvalidConfigurationException listing every problem
   */
  public Configuration toConfiguration(String source) throws InvalidConfigurationException {
    ObjectNode document = JSON.createObjectNode();
    for (ResourceType type : ResourceType.values()) {
      ObjectNode byId = null;
      for (Map.Entry<ResourceKey, String> entry : bodies.entrySet()) {
        if (entry.getKey().type() != type) {
          continue;
        }
        if (byId == null) {
          byId = document.putObject(type.typeName());
        }
        JsonNode body = JSON.readTree(entry.getValue());
        byId.set(entry.getKey().id(), body);
      }
    }
    return StaticConfiguration.parse(source, new StringReader(JSON.writeValueAsString(document)));
  }
}
