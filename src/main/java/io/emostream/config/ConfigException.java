package io.emostream.config;

/** A bad configuration: unknown key, ill-typed value, unreadable file. The message names the key and where it came from. */
public final class ConfigException extends IllegalArgumentException {
    public ConfigException(String message) {
        super(message);
    }
}
