package dev.sluice.event;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a lenient JSON reader lets through and the parser must not: a second event after the first,
 * a repeated key (which one wins?), a number no double can hold, an attribute of another JSON type.
 */
class EventParserStrictnessTest {

  private static final String HEAD =
      "{\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"/s\",\"type\":\"t\","
          + "\"time\":\"2026-11-26T10:00:03Z\"";
  private static final String VALID = HEAD + ",\"data\":{\"value\":1.5}}";

  private final EventParser parser = new EventParser(Duration.ofHours(1));

  private ParseResult parse(String value) {
    return parser.parse(
        new RawRecord(
            "events",
            0,
            3,
            Instant.parse("2026-11-26T10:00:05Z").toEpochMilli(),
            null,
            value.getBytes(StandardCharsets.UTF_8),
            List.of()));
  }

  static Stream<Arguments> defects() {
    String head = HEAD;
    return Stream.of(
        arguments("two CloudEvents in one record", VALID + " " + VALID, "trailing data"),
        arguments("an empty object after the event", VALID + "{}", "trailing data"),
        arguments(
            "specversion 2.0 then 1.0",
            "{\"specversion\":\"2.0\"," + HEAD.substring(1) + ",\"data\":{}}",
            "duplicate key"),
        arguments(
            "duplicate key inside data",
            head + ",\"data\":{\"value\":1,\"value\":2}}",
            "duplicate key"),
        arguments("value 1e400", head + ",\"data\":{\"value\":1e400}}", "non-finite number"),
        arguments(
            "-1e400 elsewhere in data",
            head + ",\"data\":{\"value\":1,\"x\":[-1e400]}}",
            "non-finite number"),
        arguments(
            "integer beyond any double",
            head + ",\"data\":{\"value\":1" + "9".repeat(400) + "}}",
            "non-finite number"),
        arguments(
            "specversion as the number 1.0",
            VALID.replace("\"specversion\":\"1.0\"", "\"specversion\":1.0"),
            "specversion has the wrong type"),
        arguments(
            "id as a number",
            VALID.replace("\"id\":\"e-1\"", "\"id\":17"),
            "id has the wrong type"),
        arguments(
            "source as an object",
            VALID.replace("\"source\":\"/s\"", "\"source\":{\"uri\":\"/s\"}"),
            "source has the wrong type"),
        arguments(
            "subject as a boolean", withAttribute("subject", "true"), "subject has the wrong type"),
        arguments(
            "datacontenttype as an array",
            withAttribute("datacontenttype", "[\"application/json\"]"),
            "datacontenttype has the wrong type"),
        arguments(
            "dataschema as a number",
            withAttribute("dataschema", "4"),
            "dataschema has the wrong type"),
        arguments(
            "extension as an object", withAttribute("ext", "{\"a\":1}"), "ext has the wrong type"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("defects")
  void rejected(String name, String json, String reason) {
    ParseResult result = parse(json);
    assertFalse(result.isValid(), name + " was accepted: " + json);
    assertTrue(result.error().contains(reason), name + ": reason was '" + result.error() + "'");
  }

  /** Near misses are accepted, so each defect above is what made the difference. */
  @Test
  void nearMissesAreAccepted() {
    for (String json :
        List.of(
            VALID,
            VALID + "  \n",
            HEAD + ",\"data\":{\"value\":1e300,\"big\":" + "9".repeat(300) + "}}",
            withAttribute("ext", "\"x\""),
            withAttribute("n", "3"),
            withAttribute("flag", "false"),
            withAttribute("subject", "null"))) {
      ParseResult result = parse(json);
      assertTrue(result.isValid(), json + ": " + result.error());
    }
  }

  @Test
  void binaryModeDataIsReadAsStrictly() {
    List<RawRecord.Header> headers = new java.util.ArrayList<>();
    for (String[] kv :
        new String[][] {
          {"ce_specversion", "1.0"},
          {"ce_id", "b"},
          {"ce_source", "/gw"},
          {"ce_type", "t"},
          {"ce_time", "2026-11-26T10:00:01Z"}
        }) {
      headers.add(new RawRecord.Header(kv[0], kv[1].getBytes(StandardCharsets.UTF_8)));
    }
    for (String[] dataAndReason :
        new String[][] {
          {"{\"value\":1,\"value\":2}", "data: duplicate key 'value'"},
          {"{\"value\":1e400}", "data: non-finite number"},
          {"{\"value\":1} {\"value\":2}", "data: trailing data after the first JSON value"}
        }) {
      ParseResult result =
          parser.parse(
              new RawRecord(
                  "events",
                  0,
                  9,
                  Instant.parse("2026-11-26T10:00:05Z").toEpochMilli(),
                  null,
                  dataAndReason[0].getBytes(StandardCharsets.UTF_8),
                  headers));
      assertFalse(result.isValid(), dataAndReason[0]);
      org.junit.jupiter.api.Assertions.assertEquals(dataAndReason[1], result.error());
    }
  }

  private static String withAttribute(String name, String jsonValue) {
    return VALID.replace("\"type\":\"t\"", "\"type\":\"t\",\"" + name + "\":" + jsonValue);
  }
}
