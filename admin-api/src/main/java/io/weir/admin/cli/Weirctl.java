package io.weir.admin.cli;

import io.weir.control.command.ModuleCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code weirctl}: lists, shows, creates, alters and destroys the admin API's resources and sets
 * and clears servers' states, printing tables for people or the API's JSON with {@code --json}.
 * Exit codes: 0 done, 1 the API refused (its errors printed), 2 the command line is wrong, 3 the
 * API cannot be reached.
 */
public final class Weirctl {
  static final int DONE = 0;
  static final int REFUSED = 1;
  static final int USAGE = 2;
  static final int UNREACHABLE = 3;

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Set<String> TYPES =
      Set.of("servers", "monitors", "services", "listeners", "filters");
  private static final String USAGE_TEXT =
      """
      usage: weirctl [--url URL] [--user NAME] [--password SECRET] [--ca-cert PEM] [--json] COMMAND

        list TYPE                          every resource of TYPE
        show TYPE ID                       one resource: attributes, parameters, relationships
        alter TYPE ID [NAME=VALUE...] [--servers A,B] [--cluster M] [--service S] [--filters F,G]
                                           change parameters (VALUE null unsets one) and
                                           relationships (an empty value removes one)
        create TYPE ID [--router R | --module M] [--servers A,B] [--cluster M] [--service S]
               [--filters F,G] [NAME=VALUE...]
        destroy TYPE ID                    remove a resource no other one uses
        set server ID STATE                put a server in maintenance or drain
        clear server ID STATE              take it out again
        call command MODULE COMMAND [ARG...]
                                           run a module command on every instance hosting it

      TYPE is servers, monitors, services, listeners or filters. The URL defaults to
      http://127.0.0.1:8080; the account to WEIRCTL_USER / WEIRCTL_PASSWORD, else admin.
      An https URL is checked against the JVM's trust store, or only against the CA
      certificates of the PEM file --ca-cert (or WEIRCTL_CA_CERT) names.
      Exit codes: 0 done, 1 refused by the API, 2 wrong command line, 3 API unreachable.
      """;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> environment;
  // built for each run, from its --ca-cert
  private @Nullable HttpClient http;

  Weirctl(PrintStream out, PrintStream err, Map<String, String> environment) {
    this.out = out;
    this.err = err;
    this.environment = environment;
  }

  public static void main(String[] args) {
    System.exit(new Weirctl(System.out, System.err, System.getenv()).run(args));
  }

  /** Runs one command and returns its exit code. */
  int run(String[] args) {
    Options options;
    try {
      options = Options.parse(List.of(args), environment);
    } catch (IllegalArgumentException e) {
      err.println("weirctl: " + e.getMessage());
      err.print(USAGE_TEXT);
      return USAGE;
    }
    try {
      http = client(options.caCert());
    } catch (IOException | GeneralSecurityException e) {
      err.println(
          "weirctl: --ca-cert "
              + options.caCert()
              + ": cannot read CA certificates from it: "
              + e.getMessage());
      return USAGE;
    }
    try {
      return execute(options);
    } catch (SSLException e) {
      err.println(
          "weirctl: "
              + options.url()
              + ": TLS failed ("
              + e.getMessage()
              + "); if the API's certificate is signed by your own CA, give it with --ca-cert");
      return UNREACHABLE;
    } catch (ConnectException e) {
      err.println("weirctl: cannot reach the admin API at " + options.url());
      return UNREACHABLE;
    } catch (IOException e) {
      err.println("weirctl: " + options.url() + ": " + e.getMessage());
      return UNREACHABLE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return UNREACHABLE;
    }
  }

  private int execute(Options options) throws IOException, InterruptedException {
    List<String> words = options.words();
    String command = words.getFirst();
    String type = words.get(1);
    return switch (command) {
      case "list" -> {
        HttpResponse<String> response = send(options, "GET", "/v1/" + type, null);
        yield answer(options, response, body -> printList(type, body));
      }
      case "show" -> {
        HttpResponse<String> response =
            send(options, "GET", "/v1/" + type + "/" + words.get(2), null);
        yield answer(options, response, body -> printResource(body.get("data")));
      }
      case "alter" -> {
        ObjectNode data = JSON.createObjectNode();
        if (!options.assignments().isEmpty()) {
          data.putObject("attributes").set("parameters", parameters(options.assignments()));
        }
        ObjectNode relationships = relationships(options.flags(), true);
        if (!relationships.isEmpty()) {
          data.set("relationships", relationships);
        }
        HttpResponse<String> response =
            send(options, "PATCH", "/v1/" + type + "/" + words.get(2), document(data));
        yield answer(options, response, body -> out.println("OK"));
      }
      case "create" -> {
        ObjectNode data = JSON.createObjectNode();
        data.put("id", words.get(2));
        data.put("type", type);
        ObjectNode attributes = data.putObject("attributes");
        options
            .flags()
            .forEach(
                (flag, value) -> {
                  if (flag.equals("router") || flag.equals("module")) {
                    attributes.put(flag, value);
                  }
                });
        attributes.set("parameters", parameters(options.assignments()));
        ObjectNode relationships = relationships(options.flags(), false);
        if (!relationships.isEmpty()) {
          data.set("relationships", relationships);
        }
        HttpResponse<String> response = send(options, "POST", "/v1/" + type, document(data));
        yield answer(options, response, body -> out.println("OK"));
      }
      case "destroy" -> {
        HttpResponse<String> response =
            send(options, "DELETE", "/v1/" + type + "/" + words.get(2), null);
        yield answer(options, response, body -> out.println("OK"));
      }
      case "call" -> {
        HttpResponse<String> response =
            send(
                options,
                "POST",
                "/v1/modules/"
                    + words.get(2)
                    + "/"
                    + words.get(3)
                    + (words.size() > 4
                        ? "?" + ModuleCommands.queryOf(words.subList(4, words.size()))
                        : ""),
                null);
        yield answer(options, response, this::printCommandResults);
      }
      case "set", "clear" -> {
        HttpResponse<String> response =
            send(
                options,
                "PUT",
                "/v1/servers/"
                    + words.get(2)
                    + "/"
                    + command
                    + "?state="
                    + URLEncoder.encode(words.get(3), StandardCharsets.UTF_8),
                null);
        yield answer(options, response, body -> out.println("OK"));
      }
      default -> throw new IllegalStateException("checked by Options: " + command);
    };
  }

  private interface Printer {
    void print(JsonNode body);
  }

  private int answer(Options options, HttpResponse<String> response, Printer printer) {
    JsonNode body = parse(response.body());
    if (response.statusCode() >= 400) {
      if (options.json()) {
        out.println(response.body());
      }
      JsonNode errors = body.path("errors");
      if (errors.isArray() && !errors.isEmpty()) {
        for (JsonNode error : errors) {
          String pointer = error.path("source").path("pointer").asString("");
          err.println(
              "Error "
                  + response.statusCode()
                  + ": "
                  + error.path("detail").asString("")
                  + (pointer.isEmpty() ? "" : " (" + pointer + ")"));
        }
      } else {
        err.println("Error " + response.statusCode());
      }
      return REFUSED;
    }
    if (options.json()) {
      out.println(response.body().isEmpty() ? "{}" : response.body());
    } else {
      printer.print(body);
    }
    return DONE;
  }

  /** One row per instance: its id, its status, and its result on one line. */
  private void printCommandResults(JsonNode body) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("Instance", "Status", "Result"));
    for (JsonNode instance : body.path("meta").path("instances")) {
      rows.add(
          List.of(
              instance.path("instance").asString(""),
              instance.path("status").asString(""),
              instance.path("result").toString()));
    }
    printTable(rows);
  }

  private void printList(String type, JsonNode body) {
    List<List<String>> rows = new ArrayList<>();
    boolean modules = !type.equals("servers") && !type.equals("listeners");
    List<String> header = new ArrayList<>(List.of("Id"));
    if (modules) {
      header.add(type.equals("services") ? "Router" : "Module");
    }
    header.add("Parameters");
    rows.add(header);
    for (JsonNode resource : body.path("data")) {
      List<String> row = new ArrayList<>();
      row.add(resource.path("id").asString(""));
      JsonNode attributes = resource.path("attributes");
      if (modules) {
        row.add(attributes.path(type.equals("services") ? "router" : "module").asString(""));
      }
      row.add(inline(attributes.path("parameters")));
      rows.add(row);
    }
    printTable(rows);
  }

  private void printResource(JsonNode resource) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("Id", resource.path("id").asString("")));
    rows.add(List.of("Type", resource.path("type").asString("")));
    JsonNode attributes = resource.path("attributes");
    for (var attribute : attributes.properties()) {
      JsonNode value = attribute.getValue();
      boolean plain =
          value.isValueNode()
              || (value.isArray() && value.valueStream().allMatch(JsonNode::isValueNode));
      if (plain) {
        rows.add(List.of(capitalised(attribute.getKey()).replace('_', ' '), text(value)));
      }
    }
    for (var relationship : resource.path("relationships").properties()) {
      List<String> ids = new ArrayList<>();
      relationship.getValue().path("data").forEach(id -> ids.add(id.path("id").asString("")));
      rows.add(List.of(capitalised(relationship.getKey()), String.join(", ", ids)));
    }
    for (var parameter : attributes.path("parameters").properties()) {
      rows.add(List.of(parameter.getKey(), text(parameter.getValue())));
    }
    printTable(rows);
  }

  private void printTable(List<List<String>> rows) {
    int columns = rows.stream().mapToInt(List::size).max().orElse(0);
    int[] widths = new int[columns];
    for (List<String> row : rows) {
      for (int column = 0; column < row.size(); column++) {
        widths[column] = Math.max(widths[column], row.get(column).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int column = 0; column < row.size(); column++) {
        String cell = row.get(column);
        line.append(cell);
        if (column < row.size() - 1) {
          line.append(" ".repeat(widths[column] - cell.length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static String inline(JsonNode parameters) {
    List<String> pairs = new ArrayList<>();
    for (var parameter : parameters.properties()) {
      pairs.add(parameter.getKey() + "=" + text(parameter.getValue()));
    }
    return String.join(" ", pairs);
  }

  private static String text(JsonNode value) {
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      value.forEach(item -> items.add(item.asString(item.toString())));
      return String.join(",", items);
    }
    return value.isValueNode() ? value.asString(value.toString()) : value.toString();
  }

  private static String capitalised(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  private static ObjectNode parameters(Map<String, String> assignments) {
    ObjectNode parameters = JSON.createObjectNode();
    assignments.forEach(
        (name, value) -> {
          if (value.equals("null")) {
            parameters.putNull(name);
          } else {
            parameters.put(name, value);
          }
        });
    return parameters;
  }

  /**
   * The relationships the flags name; with {@code emptyRemoves} (alter) an empty value sends an
   * empty list, which removes the relationship.
   */
  private static ObjectNode relationships(Map<String, String> flags, boolean emptyRemoves) {
    ObjectNode relationships = JSON.createObjectNode();
    relate(relationships, "servers", flags.get("servers"), emptyRemoves);
    relate(relationships, "filters", flags.get("filters"), emptyRemoves);
    relate(relationships, "monitors", flags.get("cluster"), emptyRemoves);
    relate(relationships, "services", flags.get("service"), emptyRemoves);
    return relationships;
  }

  private static void relate(
      ObjectNode relationships, String type, @Nullable String ids, boolean emptyRemoves) {
    if (ids == null || (ids.isBlank() && !emptyRemoves)) {
      return;
    }
    ArrayNode data = relationships.putObject(type).putArray("data");
    for (String id : ids.split(",")) {
      if (!id.isBlank()) {
        data.addObject().put("id", id.strip()).put("type", type);
      }
    }
  }

  private static String document(ObjectNode data) {
    ObjectNode document = JSON.createObjectNode();
    document.set("data", data);
    return JSON.writeValueAsString(document);
  }

  private static JsonNode parse(String body) {
    if (body.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(body);
    } catch (JacksonException e) {
      return JSON.createObjectNode();
    }
  }

  /**
   * The HTTP client: an https URL is checked against the JVM's default trust store (its {@code
   * cacerts}, or {@code -Djavax.net.ssl.trustStore}), or against only the certificates in {@code
   * caCert}.
   */
  private static HttpClient client(@Nullable Path caCert)
      throws IOException, GeneralSecurityException {
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (caCert != null) {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      try (InputStream in = Files.newInputStream(caCert)) {
        int index = 0;
        for (Certificate certificate :
            CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          trusted.setCertificateEntry("ca-" + index++, certificate);
        }
        if (index == 0) {
          throw new GeneralSecurityException("no certificate in it");
        }
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      client.sslContext(context);
    }
    return client.build();
  }

  private HttpResponse<String> send(
      Options options, String method, String path, @Nullable String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(options.url() + path))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json");
    if (options.user() != null) {
      String credentials =
          options.user() + ":" + (options.password() == null ? "" : options.password());
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    return Objects.requireNonNull(http, "run builds the client")
        .send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * A command line, checked.
   *
   * @param url the API's base URL, without a trailing slash
   * @param user the account, or null for none
   * @param password its password, or null
   * @param caCert a PEM file of the CA certificates to trust for an https URL, or null for the
   *     JVM's trust store
   * @param json whether to print the API's JSON
   * @param words the command and its positional arguments
   * @param flags {@code --name value} options of {@code create} and {@code alter}
   * @param assignments {@code NAME=VALUE} parameters
   */
  record Options(
      String url,
      @Nullable String user,
      @Nullable String password,
      @Nullable Path caCert,
      boolean json,
      List<String> words,
      Map<String, String> flags,
      Map<String, String> assignments) {

    private static final Set<String> CREATE_FLAGS =
        Set.of("router", "module", "servers", "cluster", "service", "filters");

    static Options parse(List<String> args, Map<String, String> environment) {
      String url = "http://127.0.0.1:8080";
      String user = environment.getOrDefault("WEIRCTL_USER", "admin");
      String password = environment.get("WEIRCTL_PASSWORD");
      String caCert = environment.get("WEIRCTL_CA_CERT");
      boolean json = false;
      List<String> words = new ArrayList<>();
      Map<String, String> flags = new LinkedHashMap<>();
      Map<String, String> assignments = new LinkedHashMap<>();
      for (int index = 0; index < args.size(); index++) {
        String arg = args.get(index);
        if (arg.equals("--json")) {
          json = true;
        } else if (arg.startsWith("--")) {
          String name = arg.substring(2);
          if (index + 1 >= args.size()) {
            throw new IllegalArgumentException(arg + " needs a value");
          }
          String value = args.get(++index);
          switch (name) {
            case "url" ->
                url = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
            case "user" -> user = value;
            case "password" -> password = value;
            case "ca-cert" -> caCert = value;
            default -> {
              if (!CREATE_FLAGS.contains(name)) {
                throw new IllegalArgumentException("unknown option " + arg);
              }
              flags.put(name, value);
            }
          }
        } else if (!words.isEmpty() && words.size() >= 3 && arg.contains("=")) {
          int equals = arg.indexOf('=');
          if (equals == 0) {
            throw new IllegalArgumentException("'" + arg + "' has no parameter name");
          }
          assignments.put(arg.substring(0, equals), arg.substring(equals + 1));
        } else {
          words.add(arg);
        }
      }
      if (words.isEmpty()) {
        throw new IllegalArgumentException("no command");
      }
      String command = words.getFirst();
      if (command.equals("call")) {
        if (words.size() < 4 || !words.get(1).equals("command")) {
          throw new IllegalArgumentException(
              "call takes command MODULE COMMAND [ARGUMENT...], got "
                  + words.subList(1, words.size()));
        }
        if (!flags.isEmpty() || !assignments.isEmpty()) {
          throw new IllegalArgumentException("call takes no options or NAME=VALUE");
        }
        return new Options(
            url,
            user,
            password,
            caCert == null || caCert.isBlank() ? null : Path.of(caCert),
            json,
            List.copyOf(words),
            Map.of(),
            Map.of());
      }
      int needed =
          switch (command) {
            case "list" -> 2;
            case "show", "alter", "create", "destroy" -> 3;
            case "set", "clear" -> 4;
            default -> throw new IllegalArgumentException("unknown command '" + command + "'");
          };
      if (words.size() != needed) {
        throw new IllegalArgumentException(
            command
                + " takes "
                + switch (needed) {
                  case 2 -> "TYPE";
                  case 3 -> "TYPE ID";
                  default -> "server ID STATE";
                }
                + ", got "
                + words.subList(1, words.size()));
      }
      if (needed == 4 && !words.get(1).equals("server")) {
        throw new IllegalArgumentException(
            command + " works on a server: " + command + " server ID STATE");
      }
      if (needed < 4 && !TYPES.contains(words.get(1))) {
        throw new IllegalArgumentException(
            "'" + words.get(1) + "' is not one of servers, monitors, services, listeners, filters");
      }
      if (command.equals("alter") && assignments.isEmpty() && flags.isEmpty()) {
        throw new IllegalArgumentException(
            "alter needs at least one NAME=VALUE or relationship option");
      }
      if (!command.equals("create") && !command.equals("alter") && !flags.isEmpty()) {
        throw new IllegalArgumentException(
            "--" + flags.keySet().iterator().next() + " is for create and alter");
      }
      if (command.equals("alter") && (flags.containsKey("router") || flags.containsKey("module"))) {
        throw new IllegalArgumentException("a resource's router or module cannot be altered");
      }
      if (!command.equals("alter") && !command.equals("create") && !assignments.isEmpty()) {
        throw new IllegalArgumentException(command + " takes no NAME=VALUE");
      }
      return new Options(
          url,
          user,
          password,
          caCert == null || caCert.isBlank() ? null : Path.of(caCert),
          json,
          List.copyOf(words),
          Map.copyOf(flags),
          Map.copyOf(assignments));
    }
  }
}
