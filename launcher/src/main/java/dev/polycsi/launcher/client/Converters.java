package dev.polycsi.launcher.client;

import csi.v1.Csi;
import dev.polycsi.core.server.Endpoint;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters for the client's option values. A value that does not parse becomes a
 * picocli usage error (exit code 2) that names the option.
 */
final class Converters {

    private Converters() {
    }

    /** Runs a parser, turning its IllegalArgumentException into picocli's conversion failure. */
    private static <T> T convert(String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    static final class Size implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return Converters.convert(value, Sizes::parse);
        }
    }

    static final class KeyValue implements ITypeConverter<KeyValues.KeyValue> {
        @Override
        public KeyValues.KeyValue convert(String value) {
            return Converters.convert(value, KeyValues::parse);
        }
    }

    static final class Topology implements ITypeConverter<Csi.Topology> {
        @Override
        public Csi.Topology convert(String value) {
            return Converters.convert(value, KeyValues::parseTopology);
        }
    }

    static final class Capability implements ITypeConverter<Csi.VolumeCapability> {
        @Override
        public Csi.VolumeCapability convert(String value) {
            return Converters.convert(value, CapabilitySpec::parse);
        }
    }

    static final class CsiEndpoint implements ITypeConverter<Endpoint> {
        @Override
        public Endpoint convert(String value) {
            return Converters.convert(value, Endpoint::parse);
        }
    }

    /** ISO-8601 ({@code PT30S}) as the driver's flags take, or the shorter {@code 30s}, {@code 500ms}, {@code 2m}. */
    static final class Timeout implements ITypeConverter<Duration> {

        private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            return Converters.convert(value, Timeout::parse);
        }

        static Duration parse(String value) {
            Duration duration;
            Matcher matcher = SHORT.matcher(value.strip().toLowerCase(Locale.ROOT));
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                duration = switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            } else {
                try {
                    duration = Duration.parse(value.strip());
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("'" + value + "' is not a duration: use e.g. PT30S or 30s", e);
                }
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("'" + value + "': the timeout must be positive");
            }
            return duration;
        }
    }
}
