package dev.polycsi.simulator.http;

import dev.polycsi.simulator.knobs.Counters;
import dev.polycsi.simulator.knobs.Knobs;
import dev.polycsi.simulator.storage.ControlErrors;
import dev.polycsi.simulator.storage.NetworkMountResolver;
import dev.polycsi.spi.CsiException;
import java.util.List;
import java.util.Map;

/**
 * The simulator's own API under {@code /_polycsi/}: read and set knobs, read and reset counters.
 *
 * <ul>
 * <li>{@code GET /_polycsi/knobs}: the knobs set, as {@code key=value} lines</li>
 * <li>{@code POST /_polycsi/knobs}: set knobs from {@code key=value} lines (400 naming a bad one)</li>
 * <li>{@code POST /_polycsi/knobs/reset}: back to fast and fault-free</li>
 * <li>{@code GET /_polycsi/counters}: {@code {"ec2.CreateVolume":{"calls":3,"errors":0,"throttled":0,"dropped":0},…}}</li>
 * <li>{@code POST /_polycsi/counters/reset}</li>
 * <li>{@code GET /_polycsi/mounts/resolve?type=&source=&options=}: the local directory that stands
 *     for a network mount (200 with the path, 204 if no simulated service serves it), for a node
 *     whose simulator runs in another process</li>
 * </ul>
 */
final class ControlEndpoint {

    static final String PREFIX = "/_polycsi/";

    private final Knobs knobs;
    private final Counters counters;
    private final NetworkMountResolver mounts;

    ControlEndpoint(Knobs knobs, Counters counters, NetworkMountResolver mounts) {
        this.knobs = knobs;
        this.counters = counters;
        this.mounts = mounts;
    }

    boolean accepts(SimRequest request) {
        return request.path().startsWith(PREFIX);
    }

    SimResponse handle(SimRequest request) {
        String route = request.method() + " " + request.path().substring(PREFIX.length());
        return switch (route) {
            case "GET knobs" -> text(200, lines(knobs.all()));
            case "POST knobs" -> {
                try {
                    knobs.setAll(request.bodyText());
                    yield text(200, lines(knobs.all()));
                } catch (IllegalArgumentException e) {
                    yield text(400, e.getMessage() + "\n");
                }
            }
            case "POST knobs/reset" -> {
                knobs.reset();
                yield text(200, "");
            }
            case "GET counters" -> SimResponse.of(200, "application/json", countersJson());
            case "POST counters/reset" -> {
                counters.reset();
                yield text(200, "");
            }
            case "GET mounts/resolve" -> resolveMount(request.queryParameters());
            default -> text(404, "unknown control path " + request.path() + "\n");
        };
    }

    private SimResponse resolveMount(Map<String, String> query) {
        String options = query.getOrDefault("options", "");
        try {
            return mounts.resolve(query.getOrDefault("source", ""), query.getOrDefault("type", ""),
                            options.isEmpty() ? List.of() : List.of(options.split(",")))
                    .map(directory -> text(200, directory + "\n"))
                    .orElseGet(() -> text(204, ""));
        } catch (CsiException e) {
            return text(ControlErrors.statusFor(e.code()), e.getMessage() + "\n");
        }
    }

    private String countersJson() {
        StringBuilder json = new StringBuilder("{");
        counters.snapshot().forEach((key, values) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(key).append("\":{\"calls\":").append(values[0])
                    .append(",\"errors\":").append(values[1]).append(",\"throttled\":").append(values[2])
                    .append(",\"dropped\":").append(values[3]).append('}');
        });
        return json.append("}\n").toString();
    }

    private static String lines(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        values.forEach((key, value) -> out.append(key).append('=').append(value).append('\n'));
        return out.toString();
    }

    private static SimResponse text(int status, String body) {
        return SimResponse.of(status, "text/plain", body);
    }
}
