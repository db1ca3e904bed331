package dev.polycsi.ebs.params;

import dev.polycsi.spi.CsiException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of Go templates that aws-ebs-csi-driver users put in tag values: field references
 * such as {@code {{ .PVCName }}} (spaces inside the braces optional). Anything else inside
 * {@code {{ }}} is refused with a message naming the parameter, rather than tagged verbatim.
 *
 * @param known       the field names this kind of object offers, in documentation order
 * @param values      the fields whose values are known for this request
 * @param unavailable why a known field may have no value (what to switch on), for the error message
 */
record TagTemplate(List<String> known, Map<String, String> values, String unavailable) {

    private static final Pattern FIELD = Pattern.compile("\\.([A-Za-z][A-Za-z0-9]*)");

    TagTemplate {
        known = List.copyOf(known);
        values = Map.copyOf(values);
    }

    static final List<String> VOLUME_FIELDS = List.of("PVCName", "PVCNamespace", "PVName");
    static final List<String> SNAPSHOT_FIELDS = List.of("VolumeSnapshotName", "VolumeSnapshotNamespace", "VolumeSnapshotContentName");

    /** {@code text} with every {@code {{ .Field }}} replaced; {@code key} is the parameter it came from. */
    String fill(String key, String text) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int open = text.indexOf("{{", at);
            if (open < 0) {
                return out.append(text, at, text.length()).toString();
            }
            int close = text.indexOf("}}", open + 2);
            if (close < 0) {
                throw CsiException.invalidArgument("parameter '%s': '{{' without a closing '}}' in '%s'", key, text);
            }
            out.append(text, at, open).append(value(key, text.substring(open + 2, close).strip()));
            at = close + 2;
        }
    }

    private String value(String key, String action) {
        Matcher field = FIELD.matcher(action);
        if (!field.matches()) {
            throw CsiException.invalidArgument("parameter '%s': unsupported template '{{ %s }}'; only fields are supported: %s",
                    key, action, allowedFields());
        }
        String name = field.group(1);
        if (!known.contains(name)) {
            throw CsiException.invalidArgument("parameter '%s': unknown template field '.%s'; allowed: %s", key, name, allowedFields());
        }
        String value = values.getOrDefault(name, "");
        if (value.isEmpty()) {
            throw CsiException.invalidArgument("parameter '%s': template field '.%s' has no value here: %s", key, name, unavailable);
        }
        return value;
    }

    private String allowedFields() {
        return String.join(", ", known.stream().map(name -> "{{ ." + name + " }}").toList());
    }
}
