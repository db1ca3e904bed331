package dev.polycsi.simulator.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One HTTP response. */
public record SimResponse(int status, String contentType, Map<String, String> headers, byte[] body) {

    public SimResponse {
        headers = Map.copyOf(headers);
    }

    public static SimResponse of(int status, String contentType, String body) {
        return new SimResponse(status, contentType, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    public SimResponse withHeader(String name, String value) {
        var all = new java.util.HashMap<>(headers);
        all.put(name, value);
        return new SimResponse(status, contentType, all, body);
    }
}
