package dev.sluice.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void secretKeysAreRecognisedAndHiddenInEitherArgumentSpelling() {
    for (String key :
        List.of(
            "sasl.jaas.config",
            "ssl.key.password",
            "ssl.keystore.password",
            "ssl.truststore.password",
            "ssl.keystore.key",
            "basic.auth.user.info",
            "sasl.oauthbearer.client.secret",
            "schema.registry.basic.auth.credentials.source")) {
      assertTrue(KafkaProperties.isSecret(key), key);
    }
    assertFalse(KafkaProperties.isSecret("acks"));
    assertFalse(KafkaProperties.isSecret("security.protocol"));
    List<String> args =
        List.of(
            "--kafkaProperty=sasl.jaas.config=x required password=\"s3cret\";",
            "--kafkaProperty",
            "ssl.key.password=s3cret",
            "--kafkaProperty=acks=all",
            "--inputTopic=events");
    List<String> hidden = KafkaProperties.redactedArgs(args);
    assertFalse(String.join(" ", hidden).contains("s3cret"), hidden.toString());
    assertEquals(
        List.of(
            "--kafkaProperty=sasl.jaas.config=[hidden]",
            "--kafkaProperty",
            "ssl.key.password=[hidden]",
            "--kafkaProperty=acks=all",
            "--inputTopic=events"),
        hidden);
    assertTrue(KafkaProperties.hasSecretArgs(args));
    assertFalse(KafkaProperties.hasSecretArgs(hidden.subList(3, 5)));
    assertEquals(
        Map.of("sasl.jaas.config", "[hidden]", "acks", "all"),
        KafkaProperties.redacted(Map.of("sasl.jaas.config", "s3cret", "acks", "all")));
  }

  @Test
  void aPropertiesFileGivesTheSecretsAndFlagsWin(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("client.properties");
    Files.writeString(
        file,
        "security.protocol=SASL_PLAINTEXT\nsasl.jaas.config=x password=\"s3cret\";\nacks=1\n");
    Map<String, Object> props = KafkaProperties.of(file.toString(), List.of("acks=all"));
    assertEquals("x password=\"s3cret\";", props.get("sasl.jaas.config"));
    assertEquals("all", props.get("acks"));
    assertEquals("SASL_PLAINTEXT", props.get("security.protocol"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> KafkaProperties.of(dir.resolve("missing").toString(), List.of()));
    assertTrue(e.getMessage().startsWith("--kafkaPropertiesFile "), e.getMessage());
  }
}
