package dev.polycsi.core.plugin;

/** A plugin that cannot be loaded; stops the start with a message naming the JAR. */
public final class PluginException extends RuntimeException {

    public PluginException(String message) {
        super(message);
    }

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
