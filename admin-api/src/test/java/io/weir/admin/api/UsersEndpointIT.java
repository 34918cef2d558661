package io.weir.admin.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.admin.AdminApiApplication;
import io.weir.testkit.kafka.KafkaBroker;
import io.weir.testkit.kafka.WithKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * {@code /v1/users} over a real Kafka broker: accounts made, changed and deleted through the API
 * log in (HTTP Basic and tokens) at once, stop logging in at once, are stored as bcrypt hashes in
 * their own topic, are in the audit log without a secret, and the API never loses its last admin.
 */
@WithKafka
class UsersEndpointIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PasswordEncoder HASHES =
      PasswordEncoderFactories.createDelegatingPasswordEncoder();
  private static final String OPERATOR = basic("operator", "operator-password");
  private static final String READER = basic("reader", "reader-password");

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  @DisplayName(
      "an account made through the API logs in with Basic and tokens at once; a password change"
          + " refuses the old password and tokens, a delete refuses it; basic accounts only read;"
          + " bad input gets errors with pointers; the topic holds only a bcrypt hash")
  void accountsAreMadeChangedAndDeleted(KafkaBroker broker, @TempDir Path directory)
      throws Exception {
    String usersTopic = "weir.admin.users." + UUID.randomUUID();
    Path audit = directory.resolve("audit.jsonl");
    List<String> arguments = arguments(broker, usersTopic, true, true);
    arguments.add("--weir.admin.audit-file=" + audit);
    try (ConfigurableApplicationContext admin =
        SpringApplication.run(AdminApiApplication.class, arguments.toArray(String[]::new))) {
      URI base = base(admin);

      JsonNode listed = JSON.readTree(get(base, "/v1/users", READER).body());
      assertThat(listed.at("/data/0/id").asText()).isEqualTo("operator");
      assertThat(listed.at("/data/0/type").asText()).isEqualTo("inet");
      assertThat(listed.at("/data/0/attributes/account").asText()).isEqualTo("admin");
      assertThat(listed.at("/data/0/attributes/origin").asText()).isEqualTo("configuration");
      assertThat(listed.at("/data/1/attributes/account").asText()).isEqualTo("basic");

      String bob = user("bob", "bob-password", "basic");
      HttpResponse<String> byReader = send(base, "POST", "/v1/users/inet", bob, READER);
      assertThat(byReader.statusCode()).as("a basic account cannot make accounts").isEqualTo(403);
      assertThat(get(base, "/v1/users/inet/bob", OPERATOR).statusCode()).isEqualTo(404);

      HttpResponse<String> created = send(base, "POST", "/v1/users/inet", bob, OPERATOR);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      assertThat(created.headers().firstValue("Location")).contains("/v1/users/inet/bob");
      JsonNode document = JSON.readTree(created.body()).get("data");
      assertThat(document.get("id").asText()).isEqualTo("bob");
      assertThat(document.at("/attributes/account").asText()).isEqualTo("basic");
      assertThat(document.at("/attributes/origin").asText()).isEqualTo("api");
      assertThat(document.at("/attributes/created").asText()).isNotBlank();
      assertThat(created.body()).doesNotContain("bob-password", "bcrypt", "$2a$");

      String bobBasic = basic("bob", "bob-password");
      assertThat(get(base, "/v1/users/inet/bob", bobBasic).statusCode())
          .as("the new account logs in at once")
          .isEqualTo(200);
      String bobToken = token(base, bobBasic);
      assertThat(get(base, "/v1/users", bobToken).statusCode()).isEqualTo(200);
      assertThat(
              send(base, "POST", "/v1/users/inet", user("eve", "x", "admin"), bobBasic)
                  .statusCode())
          .as("a basic account made through the API only reads")
          .isEqualTo(403);
      assertThat(
              send(base, "POST", "/v1/users/inet", user("eve", "x", "admin"), bobToken)
                  .statusCode())
          .isEqualTo(403);

      assertRefused(base, "POST", "/v1/users/inet", bob, 409, "/data/id", "exists already");
      assertRefused(
          base,
          "POST",
          "/v1/users/inet",
          user("operator", "x", "basic"),
          409,
          "/data/id",
          "configured (weir.admin.accounts)");
      assertRefused(
          base,
          "POST",
          "/v1/users/inet",
          user("Operator", "x", "basic"),
          409,
          "/data/id",
          "configured (weir.admin.accounts)");
      assertRefused(
          base,
          "POST",
          "/v1/users/inet",
          "{\"data\": {\"id\": \"carol\", \"type\": \"inet\", \"attributes\": {\"account\":"
              + " \"basic\"}}}",
          400,
          "/data/attributes/password",
          "'password' is required");
      assertRefused(
          base,
          "POST",
          "/v1/users/inet",
          user("carol", "carol-password", "root"),
          400,
          "/data/attributes/account",
          "must be admin (read and write) or basic (read only)");
      assertRefused(
          base,
          "POST",
          "/v1/users/inet",
          "{\"data\": {\"id\": \"carol\", \"attributes\": {\"password\": \"p\", \"account\":"
              + " \"basic\", \"role\": \"admin\"}}}",
          400,
          "/data/attributes/role",
          "cannot be set");
      assertRefused(
          base,
          "POST",
          "/v1/users/inet",
          user("ca:rol", "p", "basic"),
          400,
          "/data/id",
          "not a valid account name");
      assertRefused(base, "POST", "/v1/users/inet", "{oops", 400, null, "not valid JSON");
      assertRefused(
          base,
          "PATCH",
          "/v1/users/inet/nobody",
          "{\"data\": {\"attributes\": {\"password\": \"p\"}}}",
          404,
          null,
          "no account 'nobody'");
      assertRefused(
          base,
          "PATCH",
          "/v1/users/inet/operator",
          "{\"data\": {\"attributes\": {\"password\": \"p\"}}}",
          409,
          null,
          "cannot be changed through the API");
      assertRefused(base, "DELETE", "/v1/users/inet/reader", null, 409, null, "cannot be deleted");
      assertThat(get(base, "/v1/users/inet/carol", OPERATOR).statusCode())
          .as("nothing of a refused account is stored")
          .isEqualTo(404);

      HttpResponse<String> changed =
          send(
              base,
              "PATCH",
              "/v1/users/inet/bob",
              "{\"data\": {\"attributes\": {\"password\": \"bob-new-password\"}}}",
              OPERATOR);
      assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
      assertThat(get(base, "/v1/users", bobBasic).statusCode())
          .as("the old password is refused")
          .isEqualTo(401);
      assertThat(get(base, "/v1/users", bobToken).statusCode())
          .as("so is a token issued with it")
          .isEqualTo(401);
      String bobNew = basic("bob", "bob-new-password");
      assertThat(get(base, "/v1/users", bobNew).statusCode()).isEqualTo(200);
      String bobNewToken = token(base, bobNew);

      HttpResponse<String> promoted =
          send(
              base,
              "PATCH",
              "/v1/users/inet/bob",
              "{\"data\": {\"attributes\": {\"account\": \"admin\"}}}",
              OPERATOR);
      assertThat(promoted.statusCode()).as(promoted.body()).isEqualTo(204);
      HttpResponse<String> byBob =
          send(base, "POST", "/v1/users/inet", user("carol", "carol-password", "basic"), bobNew);
      assertThat(byBob.statusCode()).as("bob is an admin now: " + byBob.body()).isEqualTo(201);
      assertThat(get(base, "/v1/users/inet/carol", basic("carol", "carol-password")).statusCode())
          .isEqualTo(200);

      HttpResponse<String> deleted = send(base, "DELETE", "/v1/users/inet/bob", null, OPERATOR);
      assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
      assertThat(get(base, "/v1/users", bobNew).statusCode())
          .as("a deleted account cannot log in")
          .isEqualTo(401);
      assertThat(get(base, "/v1/users", bobNewToken).statusCode())
          .as("nor use a token it had")
          .isEqualTo(401);
      assertThat(send(base, "POST", "/v1/auth", null, bobNew).statusCode()).isEqualTo(401);
      assertThat(get(base, "/v1/users/inet/bob", OPERATOR).statusCode()).isEqualTo(404);
      assertThat(send(base, "DELETE", "/v1/users/inet/bob", null, OPERATOR).statusCode())
          .isEqualTo(404);

      Map<String, String> stored = records(broker, usersTopic);
      assertThat(stored).containsKey("bob").containsKey("carol");
      assertThat(stored.get("bob")).as("bob's tombstone").isNull();
      assertThat(stored.get("carol")).contains("\"password_hash\":\"{bcrypt}$2a$");
      assertThat(String.join("\n", stored.values().stream().map(String::valueOf).toList()))
          .doesNotContain("carol-password", "bob-password", "bob-new-password");

      List<JsonNode> lines = new ArrayList<>();
      for (String line : Files.readAllLines(audit)) {
        lines.add(JSON.readTree(line));
      }
      assertThat(lines)
          .extracting(line -> line.get("actor").asText() + " " + line.get("action").asText())
          .containsExactly(
              "operator create",
              "operator alter",
              "operator alter",
              "bob create",
              "operator destroy");
      assertThat(lines.get(0).get("resource").asText()).isEqualTo("users/inet/bob");
      assertThat(lines.get(0).get("before").isNull()).isTrue();
      assertThat(lines.get(0).at("/after/account").asText()).isEqualTo("basic");
      assertThat(lines.get(1).at("/after/password_changed").asBoolean()).isTrue();
      assertThat(lines.get(2).at("/before/account").asText()).isEqualTo("basic");
      assertThat(lines.get(2).at("/after/account").asText()).isEqualTo("admin");
      assertThat(lines.get(4).at("/before/account").asText()).isEqualTo("admin");
      assertThat(lines.get(4).get("after").isNull()).isTrue();
      assertThat(Files.readString(audit))
          .as("the audit log holds neither a password nor a hash")
          .doesNotContain("password\":\"", "bob-password", "carol-password", "bcrypt", "$2a$");
    }
  }

  @Test
  @DisplayName(
      "the last account with role admin can be neither deleted nor demoted (409); accounts"
          + " survive a restart; an account defined in properties is listed but never changes")
  void theLastAdminStays(KafkaBroker broker) throws Exception {
    String usersTopic = "weir.admin.users." + UUID.randomUUID();
    try (ConfigurableApplicationContext admin =
        SpringApplication.run(
            AdminApiApplication.class,
            arguments(broker, usersTopic, true, true).toArray(String[]::new))) {
      HttpResponse<String> root =
          send(
              base(admin),
              "POST",
              "/v1/users/inet",
              user("root", "root-password", "admin"),
              OPERATOR);
      assertThat(root.statusCode()).as(root.body()).isEqualTo(201);
    }
    // the deployment now configures only a reader: root, made through the API, is the last admin
    try (ConfigurableApplicationContext admin =
        SpringApplication.run(
            AdminApiApplication.class,
            arguments(broker, usersTopic, false, true).toArray(String[]::new))) {
      URI base = base(admin);
      String rootBasic = basic("root", "root-password");
      assertThat(get(base, "/v1/users/inet/root", READER).body())
          .as("read from the topic at start")
          .contains("\"account\":\"admin\"");
      assertThat(get(base, "/v1/users", OPERATOR).statusCode())
          .as("an account no longer configured cannot log in")
          .isEqualTo(401);

      assertRefused(
          base,
          "DELETE",
          "/v1/users/inet/root",
          null,
          409,
          null,
          "last account with role admin",
          rootBasic);
      assertRefused(
          base,
          "PATCH",
          "/v1/users/inet/root",
          "{\"data\": {\"attributes\": {\"account\": \"basic\"}}}",
          409,
          "/data/attributes/account",
          "last account with role admin",
          rootBasic);
      assertThat(send(base, "POST", "/v1/users/inet", null, rootBasic).statusCode())
          .as("root still writes")
          .isEqualTo(400);

      HttpResponse<String> second =
          send(
              base,
              "POST",
              "/v1/users/inet",
              user("second", "second-password", "admin"),
              rootBasic);
      assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
      HttpResponse<String> demoted =
          send(
              base,
              "PATCH",
              "/v1/users/inet/root",
              "{\"data\": {\"attributes\": {\"account\": \"basic\"}}}",
              basic("second", "second-password"));
      assertThat(demoted.statusCode())
          .as("with another admin, root may be demoted: " + demoted.body())
          .isEqualTo(204);
      assertThat(send(base, "POST", "/v1/users/inet", null, rootBasic).statusCode())
          .as("and then only reads")
          .isEqualTo(403);
    }
  }

  @Test
  @DisplayName("without Kafka, accounts cannot be made: 503 naming why")
  void withoutKafkaAccountsAreReadOnly() throws Exception {
    try (ConfigurableApplicationContext admin =
        SpringApplication.run(
            AdminApiApplication.class,
            "--server.port=0",
            "--weir.admin.initial-password=initial-password")) {
      URI base = base(admin);
      String initial = basic("admin", "initial-password");
      assertThat(JSON.readTree(get(base, "/v1/users", initial).body()).at("/data/0/id").asText())
          .isEqualTo("admin");
      assertRefused(
          base,
          "POST",
          "/v1/users/inet",
          user("bob", "bob-password", "basic"),
          503,
          null,
          "no Kafka is configured",
          initial);
    }
  }

  private static List<String> arguments(
      KafkaBroker broker, String usersTopic, boolean withOperator, boolean withReader) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--weir.config.bootstrap-servers=" + broker.bootstrapServers(),
                "--weir.config.topic=weir.config." + UUID.randomUUID(),
                "--weir.admin.users.topic=" + usersTopic));
    int index = 0;
    if (withOperator) {
      arguments.add("--weir.admin.accounts[" + index + "].name=operator");
      arguments.add(
          "--weir.admin.accounts["
              + index
              + "].password-hash="
              + HASHES.encode("operator-password"));
      arguments.add("--weir.admin.accounts[" + index + "].role=admin");
      index++;
    }
    if (withReader) {
      arguments.add("--weir.admin.accounts[" + index + "].name=reader");
      arguments.add(
          "--weir.admin.accounts[" + index + "].password-hash=" + HASHES.encode("reader-password"));
      arguments.add("--weir.admin.accounts[" + index + "].role=basic");
    }
    return arguments;
  }

  /** Every record of the accounts topic, latest per key; a tombstone as null. */
  private static Map<String, String> records(KafkaBroker broker, String topic) {
    Properties properties = new Properties();
    properties.putAll(broker.clientProperties());
    Map<String, String> latest = new LinkedHashMap<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (consumer.position(partition) < end && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          latest.put(record.key(), record.value());
        }
      }
    }
    return latest;
  }

  private static String user(String name, String password, String account) {
    return "{\"data\": {\"id\": \""
        + name
        + "\", \"type\": \"inet\", \"attributes\": {\"password\": \""
        + password
        + "\", \"account\": \""
        + account
        + "\"}}}";
  }

  private String token(URI base, String authorization) throws Exception {
    HttpResponse<String> response = send(base, "POST", "/v1/auth", null, authorization);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return "Bearer " + JSON.readTree(response.body()).at("/meta/token").asText();
  }

  private void assertRefused(
      URI base, String method, String path, String body, int status, String pointer, String detail)
      throws Exception {
    assertRefused(base, method, path, body, status, pointer, detail, OPERATOR);
  }

  private void assertRefused(
      URI base,
      String method,
      String path,
      String body,
      int status,
      String pointer,
      String detail,
      String authorization)
      throws Exception {
    HttpResponse<String> response = send(base, method, path, body, authorization);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode error = JSON.readTree(response.body()).at("/errors/0");
    assertThat(error.get("detail").asText()).contains(detail);
    if (pointer != null) {
      assertThat(error.at("/source/pointer").asText()).isEqualTo(pointer);
    }
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static URI base(ConfigurableApplicationContext admin) {
    return URI.create(
        "http://127.0.0.1:" + admin.getEnvironment().getRequiredProperty("local.server.port"));
  }

  private HttpResponse<String> get(URI base, String path, String authorization) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path)).header("Authorization", authorization).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(
      URI base, String method, String path, String body, String authorization) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json")
            .header("Authorization", authorization)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
