package io.weir.testkit.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.weir.testkit.process.FreePort;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory Kubernetes API server on 127.0.0.1: fabric8's mock server in CRUD mode, which stores
 * what clients create and answers gets, lists, updates, patches, deletes and watches like a real
 * API server would, without a cluster.
 *
 * <p>Weir owns exclusive work through Leases ({@code coordination.k8s.io/v1}); this server is where
 * tests take, renew and lose them. It keeps no history and checks no permissions: tests of RBAC or
 * of API server behaviour beyond CRUD need a real cluster.
 */
public final class KubernetesApi implements AutoCloseable {

  /** The namespace {@link #client()} works in unless told otherwise. */
  public static final String NAMESPACE = "default";

  private static final String HOST = "127.0.0.1";

  /**
   * The mock server logs every request at INFO through java.util.logging; a LeaderElector renewing
   * every 200 ms would bury the test output. Held here because JUL keeps loggers weakly, and a
   * collected logger forgets its level.
   */
  private static final java.util.logging.Logger MOCK_SERVER_LOG = quietMockServerLog();

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final String url;

  private KubernetesApi(KubernetesMockServer server, KubernetesClient client, String url) {
    this.server = server;
    this.client = client;
    this.url = url;
  }

  /** Starts a server with no resources on a free port. */
  public static KubernetesApi start() {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(kubernetesJsonMapper()),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    try {
      server.init(InetAddress.ofLiteral(HOST), FreePort.next());
      String url = "http://" + HOST + ":" + server.getPort();
      KubernetesClient client =
          server.createClient(builder -> builder.withConfig(clientConfig(url)));
      return new KubernetesApi(server, client, url);
    } catch (RuntimeException e) {
      server.destroy();
      throw e;
    }
  }

  /**
   * The mapper fabric8's own mock server constructors use. Its replacement, {@code
   * KubernetesSerialization}, keeps its mapper package-private, so there is no undeprecated way to
   * the same configuration.
   */
  @SuppressWarnings("deprecation")
  private static ObjectMapper kubernetesJsonMapper() {
    return Serialization.jsonMapper();
  }

  private static java.util.logging.Logger quietMockServerLog() {
    java.util.logging.Logger log =
        java.util.logging.Logger.getLogger(MockWebServer.class.getPackageName());
    if (log.getLevel() == null) {
      log.setLevel(java.util.logging.Level.WARNING);
    }
    return log;
  }

  /**
   * A client from a configuration of its own rather than the mock server's default, which names
   * {@code localhost} (that may resolve to ::1, where nothing listens) and would also read the
   * user's kube config and environment.
   */
  private static Config clientConfig(String url) {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url)
        .withNamespace(NAMESPACE)
        .withHttp2Disable(true)
        .build();
  }

  /**
   * A client for this server, working in {@link #NAMESPACE}. It is shared; close the server, not
   * the client.
   */
  public KubernetesClient client() {
    return client;
  }

  /**
   * The holder of Lease {@code lease} in {@link #NAMESPACE}, once it has one other than {@code
   * previous}: for tests of who owns exclusive work.
   *
   * @param previous a holder to wait past, or null for any holder
   * @throws AssertionError when there is none within 30 seconds
   */
  public String awaitLeaseHolder(String lease, @Nullable String previous)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      Lease current = client.leases().inNamespace(NAMESPACE).withName(lease).get();
      String holder = current == null ? null : current.getSpec().getHolderIdentity();
      if (holder != null && !holder.isEmpty() && !holder.equals(previous)) {
        return holder;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        "no " + (previous == null ? "" : "new ") + "holder of Lease " + lease + " within 30 s");
  }

  /** The server's base URL, {@code http://127.0.0.1:port}, for clients configured elsewhere. */
  public String url() {
    return url;
  }

  /** Closes the client and stops the server; everything stored is gone. */
  @Override
  public void close() {
    try {
      client.close();
    } finally {
      server.destroy();
    }
  }

  @Override
  public String toString() {
    return "KubernetesApi[" + url + "]";
  }
}
