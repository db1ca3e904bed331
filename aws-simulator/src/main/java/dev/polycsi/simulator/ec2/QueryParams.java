package dev.polycsi.simulator.ec2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The form parameters of one EC2 Query request. EC2 flattens lists as numbered members:
 * {@code VolumeId.1}, {@code Filter.2.Value.1}, {@code TagSpecification.1.Tag.3.Key}; the numbers
 * order the members and may have gaps.
 */
final class QueryParams {

    private final Map<String, String> form;

    QueryParams(Map<String, String> form) {
        this.form = Map.copyOf(form);
    }

    Optional<String> string(String name) {
        return Optional.ofNullable(form.get(name));
    }

    String required(String name) {
        String value = form.get(name);
        if (value == null || value.isEmpty()) {
            throw Ec2Errors.missingParameter(name);
        }
        return value;
    }

    Optional<Integer> integer(String name) {
        return string(name).map(value -> {
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw Ec2Errors.invalidParameterValue("Value (%s) for parameter %s is invalid. Expected: 'Integer'.", value, name);
            }
        });
    }

    boolean bool(String name) {
        return string(name).map(value -> switch (value.toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw Ec2Errors.invalidParameterValue("Value (%s) for parameter %s is invalid. Expected: 'Boolean'.", value, name);
        }).orElse(false);
    }

    Optional<Boolean> optionalBool(String name) {
        return string(name).isPresent() ? Optional.of(bool(name)) : Optional.empty();
    }

    /** Called once a request is known valid: a dry run ends here, as EC2 ends it, with DryRunOperation. */
    void stopIfDryRun() {
        if (bool("DryRun")) {
            throw Ec2Errors.dryRunSucceeded();
        }
    }

    /** {@code prefix.1}, {@code prefix.2}, … in member order. */
    List<String> list(String prefix) {
        return new ArrayList<>(members(prefix, "").values());
    }

    /** {@code Filter.N.Name} with its {@code Filter.N.Value.M}. */
    List<Filter> filters() {
        List<Filter> filters = new ArrayList<>();
        for (Map.Entry<Integer, String> name : members("Filter", ".Name").entrySet()) {
            filters.add(new Filter(name.getValue(), list("Filter." + name.getKey() + ".Value")));
        }
        return filters;
    }

    /** {@code prefix.N.Key} with {@code prefix.N.Value} (an absent value is empty). */
    Map<String, String> tags(String prefix) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Map.Entry<Integer, String> key : members(prefix, ".Key").entrySet()) {
            tags.put(key.getValue(), form.getOrDefault(prefix + "." + key.getKey() + ".Value", ""));
        }
        return tags;
    }

    /** The keys of {@code prefix.N.Key} that come with a {@code prefix.N.Value}, and those that do not. */
    Map<String, Optional<String>> tagsToDelete(String prefix) {
        Map<String, Optional<String>> tags = new LinkedHashMap<>();
        for (Map.Entry<Integer, String> key : members(prefix, ".Key").entrySet()) {
            tags.put(key.getValue(), Optional.ofNullable(form.get(prefix + "." + key.getKey() + ".Value")));
        }
        return tags;
    }

    /**
     * The tags of {@code TagSpecification.N} for one resource type; a specification for any other
     * type is refused as EC2 refuses it.
     */
    Map<String, String> tagSpecification(String resourceType) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Map.Entry<Integer, String> type : members("TagSpecification", ".ResourceType").entrySet()) {
            if (!type.getValue().equals(resourceType)) {
                throw Ec2Errors.invalidParameterValue("'%s' is not a valid taggable resource type for this operation.", type.getValue());
            }
            tags.putAll(tags("TagSpecification." + type.getKey() + ".Tag"));
        }
        return tags;
    }

    boolean hasAny(String prefix) {
        return form.keySet().stream().anyMatch(key -> key.startsWith(prefix));
    }

    /** Every parameter but the named ones, sorted: what "the same request" means for idempotency tokens. */
    Map<String, String> without(Set<String> names) {
        Map<String, String> rest = new TreeMap<>(form);
        rest.keySet().removeAll(names);
        return rest;
    }

    /** {@code prefix.N<suffix>} by N. */
    private Map<Integer, String> members(String prefix, String suffix) {
        Pattern pattern = Pattern.compile(Pattern.quote(prefix) + "\\.(\\d+)" + Pattern.quote(suffix));
        Map<Integer, String> members = new TreeMap<>();
        form.forEach((key, value) -> {
            Matcher m = pattern.matcher(key);
            if (m.matches()) {
                members.put(Integer.parseInt(m.group(1)), value);
            }
        });
        return members;
    }
}
