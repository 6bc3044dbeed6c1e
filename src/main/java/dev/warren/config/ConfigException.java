package dev.warren.config;

/** A configuration file that cannot be used; the message names the key and line. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
