package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** submit's one line instead of Beam's three "Enabling stable input" warnings. */
class StableInputNoteTest {

  @AfterEach
  void clear() {
    System.clearProperty(StableInputNote.LOGGER_LEVEL);
  }

  private static String note(List<String> runnerArgs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StableInputNote.before(runnerArgs, new PrintStream(out, true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void anExactlyOnceSubmitQuietsTheWarningAndSaysWhatItMeans() {
    String line =
        note(
            List.of(
                "--checkpointingInterval=10000",
                "--exactlyOnce=true",
                "--checkpointingInterval=5000"));
    assertEquals(
        "sluice: exactly-once: each output is committed with a checkpoint, so results appear every"
            + " 5000 ms (--checkpointingInterval); Beam calls this 'stable input'\n",
        line);
    assertEquals("error", System.getProperty(StableInputNote.LOGGER_LEVEL));
  }

  @Test
  void aLevelTheUserSetIsKept() {
    System.setProperty(StableInputNote.LOGGER_LEVEL, "debug");
    note(List.of("--exactlyOnce"));
    assertEquals("debug", System.getProperty(StableInputNote.LOGGER_LEVEL));
  }

  @Test
  void withoutExactlyOnceNothingChanges() {
    assertEquals("", note(List.of("--exactlyOnce=true", "--exactlyOnce=false")));
    assertNull(System.getProperty(StableInputNote.LOGGER_LEVEL));
  }
}
