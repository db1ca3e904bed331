package dev.polycsi.core.telemetry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * The lines some loggers write at DEBUG and above while it is open, each with the thread's log
 * context at the time (the fields the JSON layout writes), for tests of what a line carries.
 */
public final class LogEvents implements AutoCloseable {

    /** One line: {@code fields} is the context data copied when it was logged. */
    public record Event(String logger, Level level, String message, String thread, Map<String, String> fields) {
        public String field(String name) {
            return fields.get(name);
        }
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> loggerNames;
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);

    public LogEvents(String... loggerNames) {
        this.loggerNames = List.of(loggerNames);
        for (String name : loggerNames) {
            AbstractAppender appender = new AbstractAppender("fields-" + name, null, null, true, Property.EMPTY_ARRAY) {
                @Override
                public void append(LogEvent event) {
                    // Copied now: Log4j may reuse the event and its context data for the next line.
                    events.add(new Event(event.getLoggerName(), event.getLevel(), event.getMessage().getFormattedMessage(),
                            event.getThreadName(), Map.copyOf(event.getContextData().toMap())));
                }
            };
            appender.start();
            // Not additive: the captured lines stay out of the build's output.
            LoggerConfig config = new LoggerConfig(name, Level.DEBUG, false);
            config.addAppender(appender, Level.DEBUG, null);
            context.getConfiguration().addLogger(name, config);
        }
        context.updateLoggers();
    }

    public List<Event> all() {
        return List.copyOf(events);
    }

    /** The lines of one logger, in order. */
    public List<Event> from(String logger) {
        return events.stream().filter(event -> event.logger().equals(logger)).toList();
    }

    public void clear() {
        events.clear();
    }

    @Override
    public void close() {
        loggerNames.forEach(context.getConfiguration()::removeLogger);
        context.updateLoggers();
    }
}
