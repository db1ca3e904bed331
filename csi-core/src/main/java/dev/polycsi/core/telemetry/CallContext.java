package dev.polycsi.core.telemetry;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.logging.log4j.ThreadContext;

/**
 * The CSI call a thread serves: its request id, the volume (or snapshot) it is about and the
 * backend it went to. The ids are in Log4j's thread context, so that every line logged while
 * serving the call carries them (the JSON format writes them as fields), and one volume's story
 * can be followed from the controller's CreateVolume to the node's NodeUnpublishVolume.
 */
public final class CallContext implements AutoCloseable {

    /** Log field: the id this driver gave the call, unique per call. */
    public static final String REQUEST_ID = "request_id";
    /** Log field: the CSI volume id (the handle the driver gave it). */
    public static final String VOLUME_ID = "volume_id";
    /** Log field: CreateVolume's name (the PV's name), before the volume has an id. */
    public static final String VOLUME_NAME = "volume_name";
    /** Log field: the CSI snapshot id. */
    public static final String SNAPSHOT_ID = "snapshot_id";
    /** Log field: CreateSnapshot's name. */
    public static final String SNAPSHOT_NAME = "snapshot_name";

    /** The backend label of a call that no backend served. */
    public static final String NO_BACKEND = "none";

    private static final ThreadLocal<CallContext> CURRENT = new ThreadLocal<>();

    private final Map<String, String> fields;
    private volatile String backend = NO_BACKEND;

    private CallContext(Map<String, String> fields) {
        this.fields = fields;
    }

    /**
     * Starts a call on this thread. {@code about} holds the ids the request names, by their log
     * field ({@link #VOLUME_ID}, …); empty values are left out.
     */
    public static CallContext begin(Map<String, String> about) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(REQUEST_ID, newRequestId());
        about.forEach((key, value) -> {
            if (value != null && !value.isEmpty()) {
                fields.put(key, bounded(value));
            }
        });
        CallContext call = new CallContext(fields);
        CURRENT.set(call);
        ThreadContext.putAll(fields);
        return call;
    }

    /** The call this thread serves now, if any. */
    static CallContext current() {
        return CURRENT.get();
    }

    /** Notes the backend that serves the current call, if this thread serves one. */
    public static void routedTo(String backend) {
        CallContext call = CURRENT.get();
        if (call != null) {
            call.backend = backend;
        }
    }

    /** Adds an id learnt while serving, e.g. the volume id CreateVolume made, to the call's later lines. */
    public static void learnt(String field, String value) {
        CallContext call = CURRENT.get();
        if (call != null && value != null && !value.isEmpty()) {
            call.fields.put(field, bounded(value));
            ThreadContext.put(field, bounded(value));
        }
    }

    /** The log fields of the current call, for work it hands to another thread; empty outside a call. */
    public static Map<String, String> capture() {
        CallContext call = CURRENT.get();
        return call == null ? Map.of() : Map.copyOf(call.fields);
    }

    /** Puts captured fields into this thread's log context, e.g. a long operation's waiter. */
    public static void adopt(Map<String, String> fields) {
        ThreadContext.putAll(fields);
    }

    public String backend() {
        return backend;
    }

    public String requestId() {
        return fields.get(REQUEST_ID);
    }

    @Override
    public void close() {
        if (CURRENT.get() == this) {
            CURRENT.remove();
        }
        ThreadContext.removeAll(fields.keySet());
    }

    /**
     * The most of an id a log field keeps. CSI ids are at most 128 bytes; a request that names a
     * megabyte-long one is refused, but its lines must not each carry the megabyte.
     */
    static final int MAX_FIELD_CHARS = 256;

    static String bounded(String value) {
        if (value.length() <= MAX_FIELD_CHARS) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(MAX_FIELD_CHARS - 1)) ? MAX_FIELD_CHARS - 1 : MAX_FIELD_CHARS;
        return value.substring(0, end) + "…";
    }

    /** 16 hex digits: enough to tell the calls of a long-running driver apart, short enough to grep. */
    private static String newRequestId() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }
}
