package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** README command 1, smaller: the demo must end with windows, counters and a balanced account. */
class DemoCommandTest {

  @Test
  void demoRunsEndToEndAndAccountsForEveryEvent() {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      exit = Sluice.execute("demo", "--events", "3000", "--show", "3");
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    original.print(out);
    assertEquals(0, exit, out);
    assertTrue(out.contains("the 3 busiest windows"), out);
    assertTrue(out.contains("records_read=3000"), out);
    assertTrue(out.contains("-> every event accounted for"), out);
    java.util.regex.Matcher invalid =
        java.util.regex.Pattern.compile("events_invalid=(\\d+)").matcher(out);
    assertTrue(invalid.find(), out);
    assertTrue(
        Long.parseLong(invalid.group(1)) > 0, "the generator makes malformed records: " + out);
    assertTrue(out.contains("dead letters: " + invalid.group(1) + " records"), out);
    // Reasons come from each dead letter's sluice.error.reason header ("?" when one is missing).
    assertTrue(!out.contains("?="), out);
  }
}
