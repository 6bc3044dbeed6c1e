#!/usr/bin/env bash
# Checks that `mvn install` gives other projects an artifact to depend on: installs Warren (without
# running its tests), then builds and tests a throwaway project in a temporary directory that depends
# on dev.warren:warren in test scope and runs a @WarrenTest against it (AMQP and Redis clients).
#   scripts/check-embedding-artifact.sh [-o]      (-o: Maven offline)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
offline=("$@")
version="$(sed -n 's:.*<version>\(.*-SNAPSHOT\)</version>.*:\1:p' "$here/pom.xml" | head -1)"
(cd "$here" && mvn -q -B "${offline[@]}" -DskipTests install)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src/test/java/example"
cat > "$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId>
  <artifactId>embeds-warren</artifactId>
  <version>1</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencies>
    <dependency>
      <groupId>dev.warren</groupId><artifactId>warren</artifactId><version>$version</version><scope>test</scope>
    </dependency>
    <dependency>
      <groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>5.14.1</version><scope>test</scope>
    </dependency>
    <dependency>
      <groupId>com.rabbitmq</groupId><artifactId>amqp-client</artifactId><version>5.26.0</version><scope>test</scope>
    </dependency>
    <dependency>
      <groupId>redis.clients</groupId><artifactId>jedis</artifactId><version>5.2.0</version><scope>test</scope>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId><version>3.5.3</version></plugin>
    </plugins>
  </build>
</project>
POM
cat > "$work/src/test/java/example/EmbeddedWarrenTest.java" <<'JAVA'
package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.warren.junit.WarrenEndpoints;
import dev.warren.junit.WarrenTest;
import java.net.URI;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

@WarrenTest
class EmbeddedWarrenTest {
    @Test
    void amqpAndRedisWork(WarrenEndpoints warren) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(warren.amqpUri());
        try (Connection connection = factory.newConnection()) {
            Channel ch = connection.createChannel();
            ch.queueDeclare("orders", false, false, false, null);
            ch.confirmSelect();
            ch.basicPublish("", "orders", null, "order-1".getBytes());
            ch.waitForConfirmsOrDie(5000);
            assertNotNull(ch.basicGet("orders", true));
        }
        try (Jedis jedis = new Jedis(URI.create(warren.respUri()))) {
            jedis.set("k", "v");
            assertEquals("v", jedis.get("k"));
        }
    }
}
JAVA
(cd "$work" && mvn -q -B "${offline[@]}" test)
echo "ok: a project depending on dev.warren:warren:$version ran a @WarrenTest"
