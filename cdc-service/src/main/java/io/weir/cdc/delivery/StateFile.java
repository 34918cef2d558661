package io.weir.cdc.delivery;

import io.weir.cdc.event.GtidPosition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The local copy of a service's checkpoint, {@code current_gtid.txt} in its data directory, as
 * MaxScale keeps it: a GTID list on one line. Delete it to make the service start from Kafka or its
 * {@code gtid} again. Written whole to a temporary file and renamed, so a crash leaves the old or
 * the new position, never half of one.
 */
public final class StateFile {

  /** MaxScale's file name. */
  public static final String NAME = "current_gtid.txt";

  private final Path file;

  public StateFile(Path directory) {
    this.file = directory.resolve(NAME);
  }

  /** The saved position; empty when there is none. */
  public Optional<GtidPosition> read() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      String text = Files.readString(file).strip();
      return text.isEmpty() ? Optional.empty() : Optional.of(GtidPosition.parse(text));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          file + " does not hold a GTID list (" + e.getMessage() + "); delete it to start over", e);
    }
  }

  /** Replaces the saved position. */
  public void write(GtidPosition position) {
    try {
      Files.createDirectories(file.getParent());
      Path temporary = file.resolveSibling(NAME + ".tmp");
      Files.writeString(temporary, position + "\n");
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  public Path path() {
    return file;
  }
}
