package io.weir.testkit.kafka;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.jspecify.annotations.Nullable;

/**
 * The class path a child JVM needs to run what this JVM can run.
 *
 * <p>This JVM's {@code java.class.path} may be a single manifest-only jar: Surefire and Failsafe
 * (and IDE launchers that shorten long command lines) start the test JVM with a temporary jar whose
 * manifest {@code Class-Path} names the real entries as file URLs. Such a jar vanishes when the
 * test JVM ends and may use relative URLs, so the child gets the real entries instead.
 */
final class ChildClassPath {

  private ChildClassPath() {}

  /** The entries of this JVM's class path, manifest-only jars replaced by what they name. */
  static List<Path> ofThisJvm() {
    return expand(System.getProperty("java.class.path", ""));
  }

  static List<Path> expand(String classPath) {
    Set<Path> entries = new LinkedHashSet<>();
    for (String element : classPath.split(File.pathSeparator)) {
      if (element.isBlank()) {
        continue;
      }
      Path entry = Path.of(element).toAbsolutePath().normalize();
      if (isJar(entry)) {
        addJar(entry, entries);
      } else {
        entries.add(entry);
      }
    }
    return new ArrayList<>(entries);
  }

  private static boolean isJar(Path entry) {
    return entry.getFileName() != null
        && entry.getFileName().toString().endsWith(".jar")
        && Files.isRegularFile(entry);
  }

  private static void addJar(Path jar, Set<Path> entries) {
    try (JarFile file = new JarFile(jar.toFile())) {
      String manifestClassPath = manifestClassPath(file.getManifest());
      boolean manifestOnly =
          file.stream().allMatch(jarEntry -> jarEntry.getName().startsWith("META-INF/"));
      if (!manifestOnly || manifestClassPath == null) {
        entries.add(jar);
      }
      if (manifestClassPath != null) {
        for (String reference : manifestClassPath.trim().split("\\s+")) {
          Path referenced = resolve(jar, reference);
          if (referenced != null && Files.exists(referenced)) {
            entries.add(referenced);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the class path entry " + jar, e);
    }
  }

  private static @Nullable String manifestClassPath(@Nullable Manifest manifest) {
    if (manifest == null) {
      return null;
    }
    String value = manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
    return value == null || value.isBlank() ? null : value;
  }

  /** Manifest references are URLs relative to the jar that holds them (JAR File Specification). */
  private static @Nullable Path resolve(Path jar, String reference) {
    try {
      URI uri = jar.toUri().resolve(reference);
      return "file".equals(uri.getScheme()) ? Path.of(uri).normalize() : null;
    } catch (IllegalArgumentException e) {
      // some launchers write plain paths rather than URLs, and a space makes one an invalid URI
      // (InvalidPathException is an IllegalArgumentException too)
      try {
        return jar.resolveSibling(reference).normalize();
      } catch (InvalidPathException unusable) {
        return null;
      }
    }
  }
}
