package dev.warren.config;

import dev.warren.WarrenConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a configuration file in RabbitMQ's {@code key = value} format (rabbitmq.conf) into a
 * {@link WarrenConfig}. Lines starting with {@code #} are comments. An unknown key or a bad value
 * stops start-up with a message naming the line.
 *
 * <p>RabbitMQ keys: listeners.tcp.default, default_user, default_pass, default_vhost,
 * loopback_users (none) and loopback_users.NAME (true/false), heartbeat, frame_max, channel_max,
 * management.tcp.port, prometheus.tcp.port, prometheus.return_per_object_metrics, load_definitions. Warren's own: resp.port, resp.requirepass,
 * resp.appendfsync, data_dir, vhosts (comma-separated),
 * users.NAME.password, users.NAME.vhosts, users.NAME.tags.
 */
public final class ConfigFile {
    private ConfigFile() {
    }

    public static void apply(Path file, WarrenConfig config) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, Map<String, String>> users = new LinkedHashMap<>();
        Set<String> loopback = new LinkedHashSet<>(config.loopbackUsers());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String where = file + " line " + (i + 1);
            if (eq < 0) {
                throw new ConfigException(where + ": expected 'key = value', got '" + line + "'");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            try {
                applyKey(config, key, value, users, loopback);
            } catch (NumberFormatException e) {
                throw new ConfigException(where + ": invalid value '" + value + "' for key '" + key + "'");
            } catch (ConfigException e) {
                throw new ConfigException(where + ": " + e.getMessage());
            }
        }
        config.loopbackUsers(loopback);
        for (Map.Entry<String, Map<String, String>> u : users.entrySet()) {
            Map<String, String> attrs = u.getValue();
            if (!attrs.containsKey("password")) {
                throw new ConfigException(file + ": user '" + u.getKey() + "' has no users." + u.getKey() + ".password");
            }
            config.user(u.getKey(), attrs.get("password"), split(attrs.getOrDefault("tags", "")),
                    split(attrs.getOrDefault("vhosts", config.defaultVhost())));
        }
    }

    private static boolean bool(String key, String value) {
        if (value.equals("true")) {
            return true;
        }
        if (value.equals("false")) {
            return false;
        }
        throw new ConfigException("invalid value '" + value + "' for key '" + key + "': expected true or false");
    }

    private static void applyKey(WarrenConfig config, String key, String value,
                                 Map<String, Map<String, String>> users, Set<String> loopback) {
        switch (key) {
            case "listeners.tcp.default": config.amqpPort(port(value)); return;
            case "management.tcp.port": config.httpPort(port(value)); return;
            case "prometheus.tcp.port": config.prometheusPort(port(value)); return;
            case "prometheus.return_per_object_metrics": config.prometheusPerObjectMetrics(bool(key, value)); return;
            case "load_definitions": config.loadDefinitions(Path.of(value)); return;
            case "log.console.level":
                if (!dev.warren.logging.ConsoleLogging.isLevel(value)) {
                    throw new ConfigException("invalid value '" + value + "' for key '" + key
                            + "': expected debug, info, warning, error, critical or none");
                }
                config.consoleLogLevel(value);
                return;
            case "resp.port": config.respPort(port(value)); return;
            case "resp.requirepass": config.requirepass(value); return;
            case "resp.appendfsync":
                try {
                    config.respAppendfsync(value);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(e.getMessage());
                }
                return;
            case "default_user": config.defaultUser(value, config.defaultPass()); return;
            case "default_pass": config.defaultUser(config.defaultUser(), value); return;
            case "default_vhost": config.defaultVhost(value); return;
            case "heartbeat": config.heartbeatSeconds(Integer.parseInt(value)); return;
            case "frame_max": config.frameMax(Integer.parseInt(value)); return;
            case "channel_max": config.channelMax(Integer.parseInt(value)); return;
            case "data_dir": config.dataDir(Path.of(value)); return;
            case "vm_memory_high_watermark.relative": config.memoryHighWatermarkRelative(Double.parseDouble(value)); return;
            case "vm_memory_high_watermark.absolute": config.memoryHighWatermarkBytes(bytes(value)); return;
            case "disk_free_limit.absolute": config.diskFreeLimitBytes(bytes(value)); return;
            case "queue_memory_budget": config.queueMemoryBudgetBytes(bytes(value)); return;
            case "vhosts": split(value).forEach(config::vhost); return;
            case "loopback_users":
                if (!value.equals("none")) {
                    throw new ConfigException("loopback_users takes 'none' (or use loopback_users.NAME = true|false)");
                }
                loopback.clear();
                return;
            default:
        }
        if (key.startsWith("loopback_users.")) {
            String user = key.substring("loopback_users.".length());
            if (bool(key, value)) {
                loopback.add(user);
            } else {
                loopback.remove(user);
            }
            return;
        }
        if (key.startsWith("users.")) {
            String[] parts = key.split("\\.");
            if (parts.length == 3 && List.of("password", "vhosts", "tags").contains(parts[2])) {
                users.computeIfAbsent(parts[1], k -> new LinkedHashMap<>()).put(parts[2], value);
                return;
            }
        }
        throw new ConfigException("unknown key '" + key + "'");
    }

    /** A size as RabbitMQ writes it: 1000000, 50MB, 2GB, 512MiB, 1GiB, ... */
    static long bytes(String value) {
        String v = value.strip().toUpperCase(java.util.Locale.ROOT);
        String[][] units = {{"KIB", "1024"}, {"MIB", "1048576"}, {"GIB", "1073741824"}, {"KB", "1000"},
                {"MB", "1000000"}, {"GB", "1000000000"}, {"K", "1024"}, {"M", "1048576"}, {"G", "1073741824"}};
        for (String[] u : units) {
            if (v.endsWith(u[0])) {
                return Long.parseLong(v.substring(0, v.length() - u[0].length()).strip()) * Long.parseLong(u[1]);
            }
        }
        return Long.parseLong(v);
    }

    private static int port(String value) {
        if (value.equals("off")) {
            return WarrenConfig.OFF;
        }
        int p = Integer.parseInt(value);
        if (p < 0 || p > 65535) {
            throw new NumberFormatException();
        }
        return p;
    }

    private static Set<String> split(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
