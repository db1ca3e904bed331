package dev.polycsi.simulator.http;

import dev.polycsi.simulator.knobs.Counters;
import dev.polycsi.simulator.knobs.Knobs;
import java.util.Map;

/**
 * The simulator's own API under {@code /_polycsi/}: read and set knobs, read and reset counters.
 *
 * <ul>
 * <li>{@code GET /_polycsi/knobs}: the knobs set, as {@code key=value} lines</li>
 * <li>{@code POST /_polycsi/knobs}: set knobs from {@code key=value} lines (400 naming a bad one)</li>
 * <li>{@code POST /_polycsi/knobs/reset}: back to fast and fault-free</li>
 * <li>{@code GET /_polycsi/counters}: {@code {"ec2.CreateVolume":{"calls":3,"errors":0,"throttled":0},…}}</li>
 * <li>{@code POST /_polycsi/counters/reset}</li>
 * </ul>
 */
final class ControlEndpoint {

    static final String PREFIX = "/_polycsi/";

    private final Knobs knobs;
    private final Counters counters;

    ControlEndpoint(Knobs knobs, Counters counters) {
        this.knobs = knobs;
        this.counters = counters;
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
            default -> text(404, "unknown control path " + request.path() + "\n");
        };
    }

    private String countersJson() {
        StringBuilder json = new StringBuilder("{");
        counters.snapshot().forEach((key, values) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(key).append("\":{\"calls\":").append(values[0])
                    .append(",\"errors\":").append(values[1]).append(",\"throttled\":").append(values[2]).append('}');
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
