package dev.sluice.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JvmFlagsTest {

  /** Allocates without bound. */
  public static final class Hog {
    public static void main(String[] args) {
      List<byte[]> held = new ArrayList<>();
      while (true) {
        held.add(new byte[1 << 20]);
      }
    }
  }

  @Test
  void aChildJvmExitsOnOutOfMemoryWithAClearLastLineOnStderr() throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JvmFlags.CHILD);
    cmd.addAll(
        List.of("-Xmx16m", "-cp", System.getProperty("java.class.path"), Hog.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "still running: the JVM hangs on OOM");
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(3, p.exitValue(), err);
    String last = err.substring(err.lastIndexOf('\n') + 1);
    assertTrue(last.startsWith("Terminating due to java.lang.OutOfMemoryError"), err);
  }

  @Test
  void theBrokerChildJvmGetsThem() {
    assertTrue(LocalKafkaProcess.command(Path.of("data"), 0).containsAll(JvmFlags.CHILD));
  }
}
