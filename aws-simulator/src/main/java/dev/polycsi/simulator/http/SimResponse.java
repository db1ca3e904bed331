package dev.polycsi.simulator.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One HTTP response, or none: {@link #dropped()}. */
public record SimResponse(int status, String contentType, Map<String, String> headers, byte[] body) {

    private static final int NO_ANSWER = 0;

    public SimResponse {
        headers = Map.copyOf(headers);
    }

    public static SimResponse of(int status, String contentType, String body) {
        return new SimResponse(status, contentType, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    /** No answer at all: the connection is closed before a status line is written. */
    public static SimResponse dropped() {
        return new SimResponse(NO_ANSWER, "text/plain", Map.of(), new byte[0]);
    }

    public boolean isDropped() {
        return status == NO_ANSWER;
    }

    public SimResponse withHeader(String name, String value) {
        var all = new java.util.HashMap<>(headers);
        all.put(name, value);
        return new SimResponse(status, contentType, all, body);
    }
}
