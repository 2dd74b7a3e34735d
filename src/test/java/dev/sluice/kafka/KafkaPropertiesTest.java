package dev.sluice.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaPropertiesTest {

  @Test
  void listValuesSplitByBeamAreGluedBack() {
    // What Beam makes of --kafkaProperty=ssl.enabled.protocols=TLSv1.2,TLSv1.3
    // --kafkaProperty=acks=all
    assertEquals(
        Map.of("ssl.enabled.protocols", "TLSv1.2,TLSv1.3", "acks", "all"),
        KafkaProperties.parse(List.of("ssl.enabled.protocols=TLSv1.2", "TLSv1.3", "acks=all")));
  }

  @Test
  void anEntryWithoutEqualsIsRejectedNamingFlagAndValue() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> KafkaProperties.parse(List.of("acks=all", "noequals")));
    assertEquals(
        "--kafkaProperty expects key=value, got 'noequals' (after acks, which takes no list)",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> KafkaProperties.parse(List.of("noequals")));
  }
}
