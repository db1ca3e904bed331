package dev.polycsi.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/** An IAM policy document, parsed strictly, with the question "is this action allowed at all?". */
record IamPolicy(Path file, String version, List<Statement> statements) {

    record Statement(String sid, String effect, List<String> actions, List<String> resources, boolean conditional, JsonNode json) {

        boolean names(String action) {
            return actions.stream().anyMatch(pattern -> wildcard(pattern).matcher(action).matches());
        }
    }

    static IamPolicy read(Path file) {
        JsonNode root = JsonNodeParser.create().parse(Repo.read(file));
        Map<String, JsonNode> fields = root.asObject();
        List<Statement> statements = new ArrayList<>();
        for (JsonNode statement : fields.get("Statement").asArray()) {
            Map<String, JsonNode> s = statement.asObject();
            for (String key : s.keySet()) {
                if (!List.of("Sid", "Effect", "Action", "Resource", "Condition").contains(key)) {
                    throw new AssertionError(file + ": unexpected statement key " + key);
                }
            }
            statements.add(new Statement(s.get("Sid").asString(), s.get("Effect").asString(), strings(s.get("Action")),
                    strings(s.get("Resource")), s.containsKey("Condition"), statement));
        }
        return new IamPolicy(file, fields.get("Version").asString(), List.copyOf(statements));
    }

    /** Whether some Allow statement names the action (conditions aside) and no Deny does. */
    boolean allows(String action) {
        return statements.stream().anyMatch(s -> s.effect().equals("Allow") && s.names(action))
                && statements.stream().noneMatch(s -> s.effect().equals("Deny") && s.names(action));
    }

    private static List<String> strings(JsonNode node) {
        if (node == null) {
            throw new AssertionError("a statement lacks Action or Resource");
        }
        return node.isArray() ? node.asArray().stream().map(JsonNode::asString).toList() : List.of(node.asString());
    }

    private static Pattern wildcard(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(switch (c) {
                case '*' -> ".*";
                case '?' -> ".";
                default -> Pattern.quote(String.valueOf(c));
            });
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
    }
}
