package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/sluice's build step, with a stand-in mvn (a 2.5 s "build") and java: the first submit
 * says what it builds, shows it is still building, and how long it took; the next builds nothing.
 */
class SluiceScriptTest {

  @TempDir Path repo;

  private void executable(Path file, String text) throws Exception {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
  }

  private record Result(int code, String out, String err, Path errFile) {}

  private int runs;

  private Result sluice(Path bin, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("bash", "scripts/sluice"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo.toFile());
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().put("SLUICE_PROGRESS_SECONDS", "1");
    pb.environment().remove("SLUICE_MAVEN_ARGS");
    runs++;
    Path out = repo.resolve("out-" + runs + ".txt");
    Path err = repo.resolve("err-" + runs + ".txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "scripts/sluice did not finish");
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8),
        err);
  }

  @Test
  void theFirstSubmitShowsTheBuildsProgress() throws Exception {
    Files.createDirectories(repo.resolve("scripts"));
    Files.copy(Path.of("scripts/sluice"), repo.resolve("scripts/sluice"));
    Files.createDirectories(repo.resolve("src/main"));
    Files.writeString(repo.resolve("pom.xml"), "<project/>");
    Path bin = Files.createDirectories(repo.resolve("bin"));
    executable(
        bin.resolve("mvn"),
        """
        #!/usr/bin/env bash
        echo "mvn $*" >> mvn-calls.txt
        sleep 2.5
        mkdir -p target
        touch target/sluice.jar target/sluice-flink.jar
        echo /nothing > target/runtime.classpath
        """);
    executable(bin.resolve("java"), "#!/usr/bin/env bash\necho \"java ran: ${@: -2}\"\n");

    Result first = sluice(bin, "submit", "windowed-aggregate");
    assertEquals(0, first.code(), first.err());
    assertTrue(
        first
            .err()
            .startsWith(
                "sluice: building the jar and the job jar (first time, ~1 min):"
                    + " mvn -B -q -Pflink-runner package -DskipTests\n"),
        first.err());
    assertTrue(first.err().contains("sluice:   still building (1s)\n"), first.err());
    assertTrue(first.err().matches("(?s).*sluice: built in [23]s\n$"), first.err());
    assertEquals("java ran: submit windowed-aggregate\n", first.out());

    Result second = sluice(bin, "submit", "windowed-aggregate");
    assertEquals(0, second.code(), second.err());
    assertFalse(second.err().contains("building"), second.err());
    assertEquals(1, Files.readAllLines(repo.resolve("mvn-calls.txt")).size());
    // The ticker stopped with the build: nothing more arrived since.
    assertEquals(first.err(), Files.readString(first.errFile()));
  }
}
