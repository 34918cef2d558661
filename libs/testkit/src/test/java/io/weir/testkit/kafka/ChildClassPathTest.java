package io.weir.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildClassPathTest {

  @TempDir Path directory;

  @Test
  @DisplayName("a manifest-only jar (Surefire's booter) is replaced by the entries it names")
  void expandsManifestOnlyJar() throws IOException {
    Path library = Files.createDirectories(directory.resolve("with space")).resolve("library.jar");
    writeJar(library, null, true);
    Path classes = Files.createDirectories(directory.resolve("classes"));
    Path booter = directory.resolve("booter.jar");
    writeJar(booter, library.toUri() + " " + classes.toUri() + " relative.jar missing.jar", false);
    Path relative = directory.resolve("relative.jar");
    writeJar(relative, null, true);

    assertThat(ChildClassPath.expand(booter.toString()))
        .containsExactly(library, classes, relative);
  }

  @Test
  @DisplayName("a jar with code keeps its place before the entries its manifest names")
  void keepsJarWithCode() throws IOException {
    Path dependency = directory.resolve("dependency.jar");
    writeJar(dependency, null, true);
    Path application = directory.resolve("application.jar");
    writeJar(application, "dependency.jar", true);
    Path classes = Files.createDirectories(directory.resolve("classes"));

    assertThat(ChildClassPath.expand(application + File.pathSeparator + classes))
        .containsExactly(application, dependency, classes);
  }

  private static void writeJar(Path jar, @Nullable String classPath, boolean withCode)
      throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (classPath != null) {
      manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
    }
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      if (withCode) {
        out.putNextEntry(new JarEntry("io/weir/Example.class"));
        out.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
        out.closeEntry();
      }
    }
  }
}
