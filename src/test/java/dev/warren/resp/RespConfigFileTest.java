package dev.warren.resp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.Warren;
import dev.warren.WarrenConfig;
import dev.warren.config.ConfigException;
import dev.warren.config.ConfigFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** The configuration file's RESP keys: resp.requirepass and resp.appendfsync. */
class RespConfigFileTest {
    @TempDir
    Path dir;

    @Test
    void requirepassAndAppendfsyncComeFromTheConfigurationFile() throws Exception {
        Path file = dir.resolve("warren.conf");
        Files.writeString(file, "resp.requirepass = s3cret\nresp.appendfsync = always\n");
        WarrenConfig config = Warren.builder().bindAddress("127.0.0.1").amqpPort(WarrenConfig.OFF)
                .httpPort(WarrenConfig.OFF).respPort(0).ioThreads(1);
        ConfigFile.apply(file, config);
        try (Warren warren = config.start(); Jedis j = new Jedis("127.0.0.1", warren.respPort(), 5000)) {
            RespTestBase.assertError("NOAUTH Authentication required.", () -> j.get("k"));
            j.auth("s3cret");
            assertThat(j.configGet("appendfsync")).containsEntry("appendfsync", "always");
            assertThat(j.configGet("requirepass")).containsEntry("requirepass", "s3cret");
        }
    }

    @Test
    void anInvalidAppendfsyncStopsStartUpNamingTheLine() throws Exception {
        Path file = dir.resolve("warren.conf");
        Files.writeString(file, "resp.appendfsync = sometimes\n");
        assertThatThrownBy(() -> ConfigFile.apply(file, Warren.builder()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 1")
                .hasMessageContaining("appendfsync must be always, everysec or no: sometimes");
    }
}
