package io.weir.control.config;

import static io.weir.control.parameter.ConfigurationErrorCode.CONFLICTING_TARGETS;
import static io.weir.control.parameter.ConfigurationErrorCode.DUPLICATE_ADDRESS;
import static io.weir.control.parameter.ConfigurationErrorCode.DUPLICATE_RESOURCE;
import static io.weir.control.parameter.ConfigurationErrorCode.INCOMPLETE_TLS;
import static io.weir.control.parameter.ConfigurationErrorCode.INVALID_STRUCTURE;
import static io.weir.control.parameter.ConfigurationErrorCode.INVALID_VALUE;
import static io.weir.control.parameter.ConfigurationErrorCode.MALFORMED_DOCUMENT;
import static io.weir.control.parameter.ConfigurationErrorCode.MISSING_FIELD;
import static io.weir.control.parameter.ConfigurationErrorCode.UNKNOWN_MODULE;
import static io.weir.control.parameter.ConfigurationErrorCode.UNKNOWN_REFERENCE;

import io.weir.control.config.InvalidConfigurationException.LocatedError;
import io.weir.control.config.InvalidConfigurationException.Location;
import io.weir.control.parameter.ConfigurationError;
import io.weir.control.parameter.ModuleSchema;
import io.weir.control.parameter.ModuleSchemas;
import io.weir.control.parameter.ParameterType;
import io.weir.control.parameter.ParameterValidator;
import io.weir.control.resource.Filter;
import io.weir.control.resource.Listener;
import io.weir.control.resource.Monitor;
import io.weir.control.resource.OperatorState;
import io.weir.control.resource.ParameterValues;
import io.weir.control.resource.ResourceType;
import io.weir.control.resource.Server;
import io.weir.control.resource.Service;
import io.weir.control.resource.ServiceTargets;
import io.weir.control.resource.TlsSettings;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Loads a service's resources from a local YAML file, for runs without Kafka and the admin API.
 *
 * <p>The layout follows MaxScale's REST resources: top-level maps {@code servers}, {@code
 * monitors}, {@code services}, {@code listeners} and {@code filters} keyed by id; each resource has
 * its relationships ({@code servers}, {@code cluster}, {@code filters}, {@code service}), its
 * module ({@code router} or {@code module}) and a {@code parameters} map. See the module README for
 * an example.
 *
 * <p>The file is read through SnakeYAML's node tree rather than into Java objects: every scalar
 * keeps its text (so {@code yes}, {@code 010} or {@code 2s} reach the parameter types as written,
 * exactly as MaxScale reads its own files) and its line and column for messages.
 */
public final class StaticConfiguration {

  private static final Map<ResourceType, Set<String>> KEYS =
      Map.of(
          ResourceType.SERVERS, Set.of("parameters", "state"),
          ResourceType.MONITORS, Set.of("module", "servers", "parameters"),
          ResourceType.SERVICES, Set.of("router", "servers", "cluster", "filters", "parameters"),
          ResourceType.LISTENERS, Set.of("service", "parameters"),
          ResourceType.FILTERS, Set.of("module", "parameters"));

  private StaticConfiguration() {}

  /**
   * Reads and validates {@code file}.
   *
   * @throws InvalidConfigurationException listing every problem, each with the file name, line,
   *     resource and field
   */
  public static Configuration load(Path file) throws InvalidConfigurationException {
    String source = file.toString();
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw malformedDocument(source, "cannot be read: " + e, null);
    }
    return parse(source, new StringReader(text));
  }

  /**
   * Reads and validates a document.
   *
   * @param source the name messages give the document, usually its file name
   * @param document the YAML text
   * @throws InvalidConfigurationException listing every problem
   */
  public static Configuration parse(String source, Reader document)
      throws InvalidConfigurationException {
    Node root;
    try {
      var options = new LoaderOptions();
      // aliases could expand a small file into a huge tree; a configuration has no use for many
      options.setMaxAliasesForCollections(10);
      root = new Yaml(new SafeConstructor(options)).compose(document);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark();
      throw malformedDocument(
          source,
          "malformed YAML: "
              + (e.getContext() == null ? "" : e.getContext() + ", ")
              + e.getProblem(),
          mark == null ? null : location(mark));
    } catch (YAMLException e) {
      throw malformedDocument(source, "malformed YAML: " + e.getMessage(), null);
    }
    var loading = new Loading();
    Configuration configuration = loading.load(root);
    if (!loading.errors.isEmpty()) {
      var sorted = new ArrayList<>(loading.errors);
      // document order; errors without a place (none today) go last
      sorted.sort(
          Comparator.comparing(
              (LocatedError error) -> error.location(),
              Comparator.nullsLast(
                  Comparator.comparingInt(Location::line).thenComparingInt(Location::column))));
      throw new InvalidConfigurationException(source, sorted);
    }
    return configuration;
  }

  /** The file as a whole could not be read or parsed: one error, about the document. */
  private static InvalidConfigurationException malformedDocument(
      String source, String message, @Nullable Location location) {
    return new InvalidConfigurationException(
        source,
        List.of(
            new LocatedError(
                new ConfigurationError(
                    MALFORMED_DOCUMENT, null, null, new ConfigurationError.Field.Whole(), message),
                location)));
  }

  private static Location location(Mark mark) {
    return new Location(mark.getLine() + 1, mark.getColumn() + 1);
  }

  /** A resource as read from the file, before validation. */
  private record RawResource(
      ResourceType type,
      String id,
      Node idNode,
      Map<String, Node> keys,
      Map<String, Node> keyNodes,
      Map<String, Object> parameters,
      Map<String, Node> parameterNodes) {

    Mark mark(@Nullable String parameter) {
      if (parameter != null && parameterNodes.containsKey(parameter)) {
        return parameterNodes.get(parameter).getStartMark();
      }
      if (keyNodes.containsKey("parameters")) {
        return keyNodes.get("parameters").getStartMark();
      }
      return idNode.getStartMark();
    }
  }

  /** A reference read from a relationship, with where it was written. */
  private record Reference(String id, Node node) {}

  /** One load: the errors found so far and the resources read. */
  private static final class Loading {
    private final List<LocatedError> errors = new ArrayList<>();
    private final Map<ResourceType, Map<String, RawResource>> raw = new LinkedHashMap<>();

    Configuration load(@Nullable Node root) {
      for (ResourceType type : ResourceType.values()) {
        raw.put(type, new LinkedHashMap<>());
      }
      if (root == null || isNull(root)) {
        return Configuration.empty();
      }
      if (!(root instanceof MappingNode mapping)) {
        documentError(
            root,
            "the document must be a mapping with keys " + typeNames() + ", not a list or value");
        return Configuration.empty();
      }
      var seen = new HashMap<String, Node>();
      for (NodeTuple tuple : mapping.getValue()) {
        String key = text(tuple.getKeyNode());
        ResourceType type =
            Arrays.stream(ResourceType.values())
                .filter(candidate -> candidate.typeName().equals(key))
                .findFirst()
                .orElse(null);
        if (type == null) {
          documentError(
              tuple.getKeyNode(),
              "'"
                  + key
                  + "': unknown key (expected one of "
                  + typeNames()
                  + ")"
                  + suggestion(key, typeNameList()));
          continue;
        }
        if (seen.put(key, tuple.getKeyNode()) != null) {
          documentError(tuple.getKeyNode(), "'" + key + "': appears twice");
          continue;
        }
        readSection(type, tuple.getValueNode());
      }

      var servers = new LinkedHashMap<String, Server>();
      raw.get(ResourceType.SERVERS).values().forEach(r -> server(r, servers));
      var monitors = new LinkedHashMap<String, Monitor>();
      raw.get(ResourceType.MONITORS).values().forEach(r -> monitor(r, monitors));
      var filters = new LinkedHashMap<String, Filter>();
      raw.get(ResourceType.FILTERS).values().forEach(r -> filter(r, filters));
      var services = new LinkedHashMap<String, Service>();
      raw.get(ResourceType.SERVICES).values().forEach(r -> service(r, services));
      var listeners = new LinkedHashMap<String, Listener>();
      raw.get(ResourceType.LISTENERS).values().forEach(r -> listener(r, listeners));
      checkListenerAddresses(listeners);
      return new Configuration(servers, monitors, services, listeners, filters);
    }

    private void readSection(ResourceType type, Node section) {
      if (isNull(section)) {
        return;
      }
      if (!(section instanceof MappingNode mapping)) {
        documentError(section, "'" + type + "': must be a mapping of id to " + type);
        return;
      }
      for (NodeTuple tuple : mapping.getValue()) {
        Node idNode = tuple.getKeyNode();
        String id = text(idNode);
        if (id.isEmpty() || id.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
          error(
              idNode,
              new ConfigurationError(
                  INVALID_STRUCTURE,
                  type,
                  id,
                  new ConfigurationError.Field.Whole(),
                  "an id must be non-empty, without whitespace or '/'"));
          continue;
        }
        if (raw.get(type).containsKey(id)) {
          error(
              idNode,
              new ConfigurationError(
                  DUPLICATE_RESOURCE,
                  type,
                  id,
                  new ConfigurationError.Field.Whole(),
                  "defined twice (first on line "
                      + location(raw.get(type).get(id).idNode().getStartMark()).line()
                      + ")"));
          continue;
        }
        RawResource resource = readResource(type, id, idNode, tuple.getValueNode());
        raw.get(type).put(id, resource);
      }
    }

    private RawResource readResource(ResourceType type, String id, Node idNode, Node body) {
      var keys = new LinkedHashMap<String, Node>();
      var keyNodes = new LinkedHashMap<String, Node>();
      var parameters = new LinkedHashMap<String, Object>();
      var parameterNodes = new LinkedHashMap<String, Node>();
      if (body instanceof MappingNode mapping) {
        for (NodeTuple tuple : mapping.getValue()) {
          String key = text(tuple.getKeyNode());
          if (!KEYS.get(type).contains(key)) {
            error(
                tuple.getKeyNode(),
                ConfigurationError.ofKey(
                    INVALID_STRUCTURE,
                    type,
                    id,
                    key,
                    "unknown key; expected one of "
                        + KEYS.get(type).stream().sorted().collect(Collectors.joining(", "))
                        + " (parameters such as address and port go under 'parameters')"));
          } else if (keys.containsKey(key)) {
            error(
                tuple.getKeyNode(),
                ConfigurationError.ofKey(INVALID_STRUCTURE, type, id, key, "appears twice"));
          } else {
            keys.put(key, tuple.getValueNode());
            keyNodes.put(key, tuple.getKeyNode());
          }
        }
      } else if (!isNull(body)) {
        error(
            body,
            new ConfigurationError(
                INVALID_STRUCTURE,
                type,
                id,
                new ConfigurationError.Field.Whole(),
                "must be a mapping with keys "
                    + KEYS.get(type).stream().sorted().collect(Collectors.joining(", "))));
      }
      Node parametersNode = keys.get("parameters");
      if (parametersNode instanceof MappingNode mapping) {
        for (NodeTuple tuple : mapping.getValue()) {
          String name = text(tuple.getKeyNode());
          Object value = rawValue(type, id, name, tuple.getValueNode());
          if (parameters.containsKey(name)) {
            error(
                tuple.getKeyNode(),
                ConfigurationError.ofParameter(INVALID_STRUCTURE, type, id, name, "appears twice"));
          } else if (value != null) {
            parameters.put(name, value);
            parameterNodes.put(name, tuple.getKeyNode());
          }
        }
      } else if (parametersNode != null && !isNull(parametersNode)) {
        error(
            parametersNode,
            ConfigurationError.ofKey(
                INVALID_STRUCTURE, type, id, "parameters", "must be a mapping of name to value"));
      }
      return new RawResource(type, id, idNode, keys, keyNodes, parameters, parameterNodes);
    }

    /** A parameter's value as text, or a list of texts; null (and an error) for a mapping. */
    private @Nullable Object rawValue(ResourceType type, String id, String name, Node node) {
      return switch (node) {
        case ScalarNode scalar -> scalar.getValue();
        case SequenceNode sequence -> {
          var items = new ArrayList<String>();
          for (Node item : sequence.getValue()) {
            if (item instanceof ScalarNode scalar) {
              items.add(scalar.getValue());
            } else {
              error(
                  item,
                  ConfigurationError.ofParameter(
                      INVALID_STRUCTURE, type, id, name, "list items must be plain values"));
              yield null;
            }
          }
          yield items;
        }
        default -> {
          error(
              node,
              ConfigurationError.ofParameter(
                  INVALID_STRUCTURE, type, id, name, "expected a value or a list, not a mapping"));
          yield null;
        }
      };
    }

    // --- resources ---

    private void server(RawResource resource, Map<String, Server> out) {
      ParameterValues values = validate(resource, List.of(ModuleSchemas.SERVER));
      if (values == null) {
        return;
      }
      TlsSettings tls = tls(resource, values, false);
      Set<OperatorState> states = operatorStates(resource);
      if (states == null) {
        return;
      }
      out.put(
          resource.id(),
          new Server(
              resource.id(),
              ModuleSchemas.SERVER_ADDRESS.requireIn(values),
              ModuleSchemas.SERVER_PORT.requireIn(values).intValue(),
              tls,
              values,
              states));
    }

    /**
     * A server's {@code state}: the operator's states, a list or words separated by commas; null
     * after reporting one that is not a state.
     */
    private @Nullable Set<OperatorState> operatorStates(RawResource resource) {
      Set<OperatorState> states = EnumSet.noneOf(OperatorState.class);
      boolean valid = true;
      for (Reference word : references(resource, "state")) {
        OperatorState state = OperatorState.named(word.id()).orElse(null);
        if (state == null) {
          valid = false;
          error(
              word.node(),
              ConfigurationError.ofKey(
                  INVALID_VALUE,
                  resource.type(),
                  resource.id(),
                  "state",
                  "'"
                      + word.id()
                      + "' is not a server state; expected "
                      + Arrays.stream(OperatorState.values())
                          .map(OperatorState::word)
                          .collect(Collectors.joining(" or "))));
        } else {
          states.add(state);
        }
      }
      return valid ? states : null;
    }

    private void monitor(RawResource resource, Map<String, Monitor> out) {
      String module = module(resource, "module", ModuleSchemas.monitorNames());
      List<Reference> servers = references(resource, "servers");
      for (Reference server : servers) {
        requireExists(resource, "servers", server, ResourceType.SERVERS);
      }
      if (module == null) {
        return;
      }
      ModuleSchema schema = ModuleSchemas.monitor(module).orElseThrow();
      ParameterValues values = validate(resource, List.of(ModuleSchemas.MONITOR, schema));
      if (values != null) {
        out.put(resource.id(), new Monitor(resource.id(), module, ids(servers), values));
      }
    }

    private void filter(RawResource resource, Map<String, Filter> out) {
      String module = module(resource, "module", ModuleSchemas.filterNames());
      if (module == null) {
        return;
      }
      ParameterValues values =
          validate(resource, List.of(ModuleSchemas.filter(module).orElseThrow()));
      if (values != null) {
        out.put(resource.id(), new Filter(resource.id(), module, values));
      }
    }

    private void service(RawResource resource, Map<String, Service> out) {
      String router = module(resource, "router", ModuleSchemas.routerNames());
      ServiceTargets targets = targets(resource);
      List<Reference> filters = references(resource, "filters");
      for (Reference filter : filters) {
        requireExists(resource, "filters", filter, ResourceType.FILTERS);
      }
      if (router == null) {
        return;
      }
      ModuleSchema schema = ModuleSchemas.router(router).orElseThrow();
      ParameterValues values = validate(resource, List.of(ModuleSchemas.SERVICE, schema));
      if (values == null) {
        return;
      }
      if (targets != null) {
        checkTargetParameters(resource, schema, values, targets);
        out.put(resource.id(), new Service(resource.id(), router, targets, ids(filters), values));
      }
    }

    private @Nullable ServiceTargets targets(RawResource resource) {
      boolean hasServers = resource.keys().containsKey("servers");
      boolean hasCluster = resource.keys().containsKey("cluster");
      if (hasServers && hasCluster) {
        error(
            resource.keyNodes().get("cluster"),
            ConfigurationError.ofKey(
                CONFLICTING_TARGETS,
                resource.type(),
                resource.id(),
                "cluster",
                "a service routes to either servers or a cluster, not both"));
        return null;
      }
      if (hasCluster) {
        Reference monitor = reference(resource, "cluster");
        if (monitor == null
            || !requireExists(resource, "cluster", monitor, ResourceType.MONITORS)) {
          return null;
        }
        return new ServiceTargets.Cluster(monitor.id());
      }
      List<Reference> servers = references(resource, "servers");
      boolean allExist = true;
      for (Reference server : servers) {
        allExist &= requireExists(resource, "servers", server, ResourceType.SERVERS);
      }
      return allExist ? new ServiceTargets.Servers(ids(servers)) : null;
    }

    /** Target parameters (mirror's {@code main}) must name one of the service's servers. */
    private void checkTargetParameters(
        RawResource resource, ModuleSchema schema, ParameterValues values, ServiceTargets targets) {
      List<String> targetServers =
          switch (targets) {
            case ServiceTargets.Servers(List<String> servers) -> servers;
            case ServiceTargets.Cluster(String monitor) ->
                references(raw.get(ResourceType.MONITORS).get(monitor), "servers").stream()
                    .map(Reference::id)
                    .toList();
          };
      for (var spec : schema.parameters()) {
        if (!(spec.type() instanceof ParameterType.TargetType)) {
          continue;
        }
        values
            .find(spec.name())
            .map(String.class::cast)
            .filter(target -> !targetServers.contains(target))
            .ifPresent(
                target ->
                    error(
                        resource.mark(spec.name()),
                        ConfigurationError.ofParameter(
                            UNKNOWN_REFERENCE,
                            resource.type(),
                            resource.id(),
                            spec.name(),
                            "'"
                                + target
                                + "' is not one of the service's targets ("
                                + String.join(", ", targetServers)
                                + ")")));
      }
    }

    private void listener(RawResource resource, Map<String, Listener> out) {
      Reference service = reference(resource, "service");
      if (service == null) {
        if (!resource.keys().containsKey("service")) {
          error(
              resource.idNode(),
              ConfigurationError.ofKey(
                  MISSING_FIELD,
                  resource.type(),
                  resource.id(),
                  "service",
                  "is required: the service this listener hands sessions to"));
        }
      } else if (requireExists(resource, "service", service, ResourceType.SERVICES)
          && streamsToKafka(raw.get(ResourceType.SERVICES).get(service.id()))) {
        // MaxScale accepts such a listener and then fails every session; refusing it is kinder
        error(
            service.node(),
            ConfigurationError.ofKey(
                UNKNOWN_REFERENCE,
                resource.type(),
                resource.id(),
                "service",
                "'"
                    + service.id()
                    + "' uses the kafkacdc router, which streams the binlog to Kafka and takes"
                    + " no client sessions; a kafkacdc service has no listeners"));
      }
      ParameterValues values = validate(resource, List.of(ModuleSchemas.LISTENER));
      if (values == null || service == null) {
        return;
      }
      TlsSettings tls = tls(resource, values, true);
      out.put(
          resource.id(),
          new Listener(
              resource.id(),
              service.id(),
              ModuleSchemas.LISTENER_ADDRESS.requireIn(values),
              ModuleSchemas.LISTENER_PORT.requireIn(values).intValue(),
              tls,
              values));
    }

    private boolean streamsToKafka(RawResource service) {
      Node router = service.keys().get("router");
      return router instanceof ScalarNode scalar
          && ModuleSchemas.KAFKACDC.name().equals(scalar.getValue().strip());
    }

    /**
     * A wildcard address binds every interface, so it collides with any other listener on the same
     * port.
     */
    private void checkListenerAddresses(Map<String, Listener> listeners) {
      var earlier = new ArrayList<Listener>();
      for (Listener listener : listeners.values()) {
        for (Listener other : earlier) {
          if (other.port() == listener.port()
              && (other.address().equals(listener.address())
                  || isWildcard(other.address())
                  || isWildcard(listener.address()))) {
            RawResource resource = raw.get(ResourceType.LISTENERS).get(listener.id());
            error(
                resource.mark("port"),
                ConfigurationError.ofParameter(
                    DUPLICATE_ADDRESS,
                    ResourceType.LISTENERS,
                    listener.id(),
                    "port",
                    listener.address()
                        + " port "
                        + listener.port()
                        + " collides with listeners/"
                        + other.id()
                        + " ("
                        + other.address()
                        + " port "
                        + other.port()
                        + ")"));
            break;
          }
        }
        earlier.add(listener);
      }
    }

    private static boolean isWildcard(String address) {
      return address.equals("::") || address.equals("0.0.0.0");
    }

    private @Nullable TlsSettings tls(
        RawResource resource, ParameterValues values, boolean isListener) {
      String cert = ModuleSchemas.SSL_CERT.valueIn(values).orElse(null);
      String key = ModuleSchemas.SSL_KEY.valueIn(values).orElse(null);
      if (!ModuleSchemas.SSL.requireIn(values)) {
        return null;
      }
      if (isListener && (cert == null || key == null)) {
        error(
            resource.mark("ssl"),
            ConfigurationError.ofParameter(
                INCOMPLETE_TLS,
                resource.type(),
                resource.id(),
                "ssl",
                "a listener with TLS needs ssl_cert and ssl_key"));
        return null;
      }
      if ((cert == null) != (key == null)) {
        error(
            resource.mark("ssl"),
            ConfigurationError.ofParameter(
                INCOMPLETE_TLS,
                resource.type(),
                resource.id(),
                "ssl",
                "ssl_cert and ssl_key must be given together"));
        return null;
      }
      return new TlsSettings(
          cert == null ? null : Path.of(cert),
          key == null ? null : Path.of(key),
          ModuleSchemas.SSL_CA.valueIn(values).map(Path::of).orElse(null),
          ModuleSchemas.SSL_VERSION.requireIn(values));
    }

    // --- helpers ---

    private @Nullable ParameterValues validate(RawResource resource, List<ModuleSchema> schemas) {
      var result =
          ParameterValidator.validate(
              resource.type(), resource.id(), schemas, resource.parameters());
      for (ConfigurationError error : result.errors()) {
        String parameter =
            error.field() instanceof ConfigurationError.Field.Parameter(String name) ? name : null;
        error(resource.mark(parameter), error);
      }
      return result.isValid() ? result.values() : null;
    }

    /** The module named by {@code key}, or null (and an error) if missing or unknown. */
    private @Nullable String module(RawResource resource, String key, List<String> known) {
      Reference module = reference(resource, key);
      if (module == null) {
        if (!resource.keys().containsKey(key)) {
          error(
              resource.idNode(),
              ConfigurationError.ofKey(
                  MISSING_FIELD,
                  resource.type(),
                  resource.id(),
                  key,
                  "is required (one of " + String.join(", ", known) + ")"));
        }
        return null;
      }
      if (!known.contains(module.id())) {
        error(
            module.node(),
            ConfigurationError.ofKey(
                UNKNOWN_MODULE,
                resource.type(),
                resource.id(),
                key,
                "'"
                    + module.id()
                    + "' is not one of "
                    + String.join(", ", known)
                    + suggestion(module.id(), known)));
        return null;
      }
      return module.id();
    }

    private boolean requireExists(
        RawResource resource, String key, Reference reference, ResourceType target) {
      if (raw.get(target).containsKey(reference.id())) {
        return true;
      }
      error(
          reference.node(),
          ConfigurationError.ofKey(
              UNKNOWN_REFERENCE,
              resource.type(),
              resource.id(),
              key,
              "'"
                  + reference.id()
                  + "' is not a defined "
                  + target.typeName().substring(0, target.typeName().length() - 1)
                  + suggestion(reference.id(), List.copyOf(raw.get(target).keySet()))));
      return false;
    }

    /** A single-valued key such as {@code service}; null (and an error) if it is not a value. */
    private @Nullable Reference reference(RawResource resource, String key) {
      Node node = resource.keys().get(key);
      if (node == null) {
        return null;
      }
      if (node instanceof ScalarNode scalar && !scalar.getValue().isBlank()) {
        return new Reference(scalar.getValue().strip(), node);
      }
      error(
          node,
          ConfigurationError.ofKey(
              INVALID_STRUCTURE, resource.type(), resource.id(), key, "must be a single name"));
      return null;
    }

    /** A list-valued key such as {@code servers}: a YAML list, or names separated by commas. */
    private List<Reference> references(RawResource resource, String key) {
      Node node = resource.keys().get(key);
      var references = new ArrayList<Reference>();
      switch (node) {
        case null -> {}
        case ScalarNode scalar when isNull(scalar) -> {}
        case ScalarNode scalar -> {
          for (String name : scalar.getValue().split(",")) {
            if (!name.isBlank()) {
              references.add(new Reference(name.strip(), scalar));
            }
          }
        }
        case SequenceNode sequence -> {
          for (Node item : sequence.getValue()) {
            if (item instanceof ScalarNode scalar && !scalar.getValue().isBlank()) {
              references.add(new Reference(scalar.getValue().strip(), scalar));
            } else {
              error(
                  item,
                  ConfigurationError.ofKey(
                      INVALID_STRUCTURE,
                      resource.type(),
                      resource.id(),
                      key,
                      "list items must be names"));
            }
          }
        }
        default ->
            error(
                node,
                ConfigurationError.ofKey(
                    INVALID_STRUCTURE,
                    resource.type(),
                    resource.id(),
                    key,
                    "must be a list of names"));
      }
      return references;
    }

    private static List<String> ids(List<Reference> references) {
      return references.stream().map(Reference::id).toList();
    }

    private void documentError(Node node, String message) {
      error(
          node,
          new ConfigurationError(
              INVALID_STRUCTURE, null, null, new ConfigurationError.Field.Whole(), message));
    }

    private void error(Node node, ConfigurationError error) {
      error(node.getStartMark(), error);
    }

    private void error(Mark mark, ConfigurationError error) {
      errors.add(new LocatedError(error, location(mark)));
    }

    private static String text(Node node) {
      return node instanceof ScalarNode scalar ? scalar.getValue() : node.toString();
    }

    private static boolean isNull(Node node) {
      return node instanceof ScalarNode scalar
          && node.getTag().equals(org.yaml.snakeyaml.nodes.Tag.NULL);
    }

    private static String typeNames() {
      return String.join(", ", typeNameList());
    }

    private static List<String> typeNameList() {
      return Arrays.stream(ResourceType.values()).map(ResourceType::typeName).toList();
    }

    private static String suggestion(String name, List<String> known) {
      return ParameterValidator.closest(name, known)
          .map(candidate -> "; did you mean '" + candidate + "'?")
          .orElse("");
    }
  }
}
