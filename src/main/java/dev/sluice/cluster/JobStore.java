package dev.sluice.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One properties file per logical job under a state directory. Plain files, so that a user can read
 * (and in an emergency edit) what the CLI will reuse, above all the sink group id.
 */
public final class JobStore {

  /** Names become file names and Flink job names: keep them to a safe alphabet. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private final Path dir;

  public JobStore(Path dir) {
    this.dir = dir;
  }

  /** $SLUICE_STATE_DIR, else ~/.sluice/jobs. */
  public static Path defaultDir() {
    String env = System.getenv("SLUICE_STATE_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".sluice", "jobs");
  }

  public Path dir() {
    return dir;
  }

  public static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "job name '"
              + name
              + "' must be letters, digits, '.', '_' or '-' (at most 100, starting with a letter or digit)");
    }
    return name;
  }

  public Optional<StoredJob> find(String name) {
    Path file = file(checkName(name));
    return Files.isRegularFile(file) ? Optional.of(read(file)) : Optional.empty();
  }

  public Optional<StoredJob> findByFlinkJobId(String flinkJobId) {
    return all().stream().filter(j -> j.flinkJobId().equals(flinkJobId)).findFirst();
  }

  public List<StoredJob> all() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<StoredJob> jobs = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files
          .filter(f -> f.getFileName().toString().endsWith(".properties"))
          .sorted()
          .forEach(f -> jobs.add(read(f)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return jobs;
  }

  /** Writes atomically: a crash mid-write must not lose the sink group id of a running job. */
  public void save(StoredJob job) {
    Properties p = new Properties();
    p.setProperty("name", job.name());
    p.setProperty("pipeline", job.pipeline());
    p.setProperty("sinkGroupId", job.sinkGroupId());
    p.setProperty("flinkJobId", job.flinkJobId());
    p.setProperty("flinkMaster", job.flinkMaster());
    p.setProperty("submittedAt", job.submittedAt().toString());
    p.setProperty("restoredFrom", job.restoredFrom());
    p.setProperty("lastSavepoint", job.lastSavepoint());
    p.setProperty("lastCheckpoint", job.lastCheckpoint());
    p.setProperty("parallelism", Integer.toString(job.parallelism()));
    p.setProperty("pipelineArgs", String.join("\n", job.pipelineArgs()));
    Path file = file(checkName(job.name()));
    try {
      createOwnerOnly(dir);
      // Owner-only (rw-------): the arguments may name brokers, users and file paths.
      Path tmp = Files.createTempFile(dir, job.name(), ".tmp", ownerOnly("rw-------"));
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        p.store(w, "sluice job '" + job.name() + "' (written by sluice submit/cancel/savepoint)");
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void createOwnerOnly(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, ownerOnly("rwx------"));
    }
  }

  private static FileAttribute<?>[] ownerOnly(String perms) {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    return posix
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(perms))
        }
        : new FileAttribute<?>[0];
  }

  private Path file(String name) {
    return dir.resolve(name + ".properties");
  }

  private static StoredJob read(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    String args = p.getProperty("pipelineArgs", "");
    String submitted = p.getProperty("submittedAt", "");
    return new StoredJob(
        p.getProperty("name", file.getFileName().toString().replaceFirst("\\.properties$", "")),
        p.getProperty("pipeline", ""),
        p.getProperty("sinkGroupId", ""),
        p.getProperty("flinkJobId", ""),
        p.getProperty("flinkMaster", ""),
        submitted.isBlank() ? Instant.EPOCH : Instant.parse(submitted),
        p.getProperty("restoredFrom", ""),
        p.getProperty("lastSavepoint", ""),
        p.getProperty("lastCheckpoint", ""),
        Integer.parseInt(p.getProperty("parallelism", "0").strip()),
        args.isEmpty() ? List.of() : Arrays.asList(args.split("\n")));
  }
}
