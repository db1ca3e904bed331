package dev.polycsi.launcher;

import java.util.Locale;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.AppenderComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/** Log4j set up from the command line: one line per event on stderr, as text or JSON. */
final class Logging {

    enum Format { text, json }

    /** What the last {@link #configure} set, for child processes that log the same way. */
    private static volatile Format format = Format.text;
    private static volatile String level = "info";

    private Logging() {
    }

    /** The flags that make another polycsi process log as this one does. */
    static java.util.List<String> flags() {
        return java.util.List.of("--log-format", format.name(), "--log-level", level);
    }

    /** Must run before anything logs, and before java.util.logging is first used (gRPC uses it). */
    static void routeJavaUtilLogging() {
        System.setProperty("java.util.logging.manager", "org.apache.logging.log4j.jul.LogManager");
    }

    static void configure(Format format, String levelName) {
        configure(format, levelName, null);
    }

    /** @param file where to write instead of stderr (appending), or null */
    static void configure(Format format, String levelName, java.nio.file.Path file) {
        Level level = Level.toLevel(levelName.toUpperCase(Locale.ROOT), null);
        if (level == null) {
            throw new IllegalArgumentException("--log-level '" + levelName + "': use error, warn, info, debug or trace");
        }
        Logging.format = format;
        Logging.level = levelName;
        ConfigurationBuilder<BuiltConfiguration> builder = ConfigurationBuilderFactory.newConfigurationBuilder();
        builder.setStatusLevel(Level.ERROR).setConfigurationName("polycsi");
        AppenderComponentBuilder console = file == null
                ? builder.newAppender("stderr", "Console").addAttribute("target", ConsoleAppender.Target.SYSTEM_ERR).addAttribute("follow", true)
                : builder.newAppender("stderr", "File").addAttribute("fileName", file.toString()).addAttribute("append", true)
                        .addAttribute("immediateFlush", true);
        if (format == Format.json) {
            console.add(builder.newLayout("JsonTemplateLayout").addAttribute("eventTemplateUri", "classpath:EcsLayout.json"));
        } else {
            console.add(builder.newLayout("PatternLayout")
                    .addAttribute("pattern", "%d{ISO8601}{UTC}Z %-5level [%threadName] %logger{1.} - %msg%n%throwable"));
        }
        builder.add(console);
        // Libraries are chatty at debug; polycsi's own debug lines are the useful ones.
        Level libraries = level.isMoreSpecificThan(Level.INFO) ? level : Level.INFO;
        for (String library : new String[] {"io.grpc", "com.google.inject", "io.fabric8"}) {
            builder.add(builder.newLogger(library, libraries));
        }
        // Guice 7's ASM cannot read Java 25 class files; all it loses is line numbers in its own
        // error messages, and the stack trace it logs about that would bury the error itself.
        builder.add(builder.newLogger("com.google.inject.internal.util.LineNumbers", Level.OFF));
        builder.add(builder.newRootLogger(level).add(builder.newAppenderRef("stderr")));
        BuiltConfiguration configuration = builder.build();
        LoggerContext context = Configurator.initialize(configuration);
        // initialize() leaves a context that is already running as it is (as in tests that configure
        // twice); only then is a second start needed, which costs tens of ms in a cold JVM.
        if (context != null && context.getConfiguration() != configuration) {
            context.reconfigure(configuration);
        }
    }
}
