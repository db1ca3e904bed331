package dev.polycsi.filecache.params;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shorthand aws-file-cache-csi-driver reads {@code dataRepositoryAssociations} and
 * {@code LustreConfiguration} in, parsed by recursive descent into {@link Record}s that keep the
 * position of every key and value, so that later checks can point at what they refuse. The
 * grammar is {@link #GRAMMAR}, which PARAMETERS.md prints.
 *
 * <p>Everything else is a fault at its position: an entry without '=', an empty key or value, an
 * empty list or group, a stray or trailing comma, a bracket or brace that is not closed or
 * closes nothing, whitespace inside a record, a key given twice in one record, text after a
 * closing bracket. The input is read once, left to right, so parsing is linear in its length.
 */
final class Shorthand {

    /** The grammar, in EBNF; SPACE is what Go's unicode.IsSpace takes, as the official driver splits with strings.Fields. */
    static final String GRAMMAR = """
            associations = SPACE* record (SPACE+ record)* SPACE*    (dataRepositoryAssociations)
            single       = record                                  (LustreConfiguration: no SPACE anywhere)
            record       = entry ("," entry)*
            entry        = key "=" value
            key          = LETTER (LETTER | DIGIT)*                 (ASCII; case-sensitive)
            value        = list | group | scalar
            list         = "[" scalar ("," scalar)* "]"
            group        = "{" entry ("," entry)* "}"               (at most 2 groups deep)
            scalar       = CHAR+    (any character but SPACE, a control character, "," "[" "]" "{" "}";
                                     "=" is allowed: an entry is split at its first "=")
            """;

    /** How deep groups may nest: an association (0) holds NFS={…} (1); one more level is spare. */
    static final int MAX_DEPTH = 2;

    /** A parsed value and the UTF-16 index where it starts. */
    sealed interface Value permits Scalar, ListValue, Record {
        int start();
    }

    /** A plain value, e.g. {@code /ns1/}. */
    record Scalar(String text, int start) implements Value {}

    /** {@code [a,b]}; {@code start} is the index of '['. */
    record ListValue(List<Scalar> items, int start) implements Value {
        ListValue {
            items = List.copyOf(items);
        }

        List<String> texts() {
            return items.stream().map(Scalar::text).toList();
        }
    }

    /** {@code key=value,…}: an association, a LustreConfiguration or a {@code {…}} group; keys are unique. */
    record Record(List<Entry> entries, int start) implements Value {
        Record {
            entries = List.copyOf(entries);
        }

        Optional<Entry> find(String key) {
            return entries.stream().filter(e -> e.key().equals(key)).findFirst();
        }
    }

    /** {@code key=value}; {@code start} is the index of the key. */
    record Entry(String key, int start, Value value) {}

    private final Source source;
    private final String text;
    private final boolean spaceSeparatesRecords;
    private int pos;

    private Shorthand(Source source, boolean spaceSeparatesRecords) {
        this.source = source;
        this.text = source.text();
        this.spaceSeparatesRecords = spaceSeparatesRecords;
    }

    /** Whitespace-separated records; none for a value that is empty or all whitespace. */
    static List<Record> records(Source source) {
        return new Shorthand(source, true).records();
    }

    /** Exactly one record, with no whitespace anywhere. */
    static Record single(Source source) {
        Shorthand parser = new Shorthand(source, false);
        if (parser.text.isEmpty()) {
            throw source.fault(0, "expected Key=Value");
        }
        return parser.record(-1, 0);
    }

    /** What Go's unicode.IsSpace takes: ASCII whitespace, NEL, and the Unicode space, line and paragraph separators. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r' || c == '\u0085'
                || Character.isSpaceChar(c);
    }

    private List<Record> records() {
        List<Record> records = new ArrayList<>();
        skipSpaces();
        while (pos < text.length()) {
            records.add(record(-1, 0));
            skipSpaces();
        }
        return records;
    }

    private void skipSpaces() {
        while (pos < text.length() && isSpace(text.charAt(pos))) {
            pos++;
        }
    }

    /**
     * Entries up to the end of a record: a space or the end of the text at the top
     * ({@code open} -1), the '}' matching the '{' at {@code open} in a group.
     */
    private Record record(int open, int depth) {
        int start = pos;
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        while (true) {
            Entry entry = entry(open, depth);
            Integer first = seen.putIfAbsent(entry.key(), entry.start());
            if (first != null) {
                throw source.fault(entry.start(), "key '%s' is given twice (first at character %d)", Source.clip(entry.key()),
                        source.character(first));
            }
            entries.add(entry);
            if (pos == text.length()) {
                if (open >= 0) {
                    throw unclosed(open);
                }
                return new Record(entries, start);
            }
            char c = text.charAt(pos);
            if (c == ',') {
                pos++;
            } else if (c == '}' && open >= 0) {
                pos++;
                return new Record(entries, start);
            } else if (isSpace(c)) {
                if (open < 0 && spaceSeparatesRecords) {
                    return new Record(entries, start);
                }
                throw misplacedSpace(open);
            } else if (c == ']' || c == '}') {
                throw source.fault(pos, "%s closes nothing%s", describe(c),
                        open >= 0 ? "; the '{' opened at character %d is still open".formatted(source.character(open)) : "");
            } else {
                throw source.fault(pos, "%s after the value of '%s': expected ','%s", describe(c), Source.clip(entry.key()),
                        open >= 0 ? " or '}'" : spaceSeparatesRecords ? ", whitespace or the end" : " or the end");
            }
        }
    }

    private Entry entry(int open, int depth) {
        int start = pos;
        while (pos < text.length() && !isDelimiter(text.charAt(pos)) && text.charAt(pos) != '=') {
            checkPrintable(pos);
            pos++;
        }
        String word = text.substring(start, pos);
        if (pos == text.length()) {
            if (!word.isEmpty()) {
                throw source.fault(start, "'%s' is not Key=Value: it has no '='", Source.clip(word));
            }
            if (open >= 0) {
                throw unclosed(open);
            }
            throw source.fault(pos, start == 0 ? "expected Key=Value" : "expected Key=Value after ','");
        }
        char c = text.charAt(pos);
        if (c != '=') {
            if (!word.isEmpty()) {
                throw source.fault(start, "'%s' is not Key=Value: it has no '='", Source.clip(word));
            }
            if (c == ',') {
                throw source.fault(pos, "stray ',': expected Key=Value");
            }
            if (isSpace(c)) {
                if (open < 0 && spaceSeparatesRecords) {
                    throw source.fault(pos, "expected Key=Value after ',', not whitespace: whitespace separates associations");
                }
                throw misplacedSpace(open);
            }
            if (c == '}' && open >= 0) {
                throw source.fault(pos, "expected Key=Value before '}'");
            }
            if (c == '[' || c == '{') {
                throw source.fault(pos, "'%c' without a key: write Key=%c…", c, c);
            }
            throw source.fault(pos, "%s closes nothing", describe(c));
        }
        if (word.isEmpty()) {
            throw source.fault(pos, "empty key before '='");
        }
        if (!isKey(word)) {
            throw source.fault(start, "'%s' is not a key: keys are letters and digits, starting with a letter", Source.clip(word));
        }
        pos++; // '='
        return new Entry(word, start, value(word, open, depth));
    }

    private Value value(String key, int open, int depth) {
        if (pos == text.length()) {
            if (open >= 0) {
                throw unclosed(open);
            }
            throw source.fault(pos, "'%s' has no value", key);
        }
        char c = text.charAt(pos);
        if (c == '[') {
            return list();
        }
        if (c == '{') {
            if (depth >= MAX_DEPTH) {
                throw source.fault(pos, "'{' nested too deep: groups go at most %d levels down", MAX_DEPTH);
            }
            int brace = pos++;
            Record group = record(brace, depth + 1);
            return new Record(group.entries(), brace);
        }
        if (isDelimiter(c)) {
            throw source.fault(pos, "'%s' has an empty value", key);
        }
        return scalar();
    }

    private ListValue list() {
        int open = pos++;
        List<Scalar> items = new ArrayList<>();
        while (true) {
            if (pos == text.length()) {
                throw unclosed(open);
            }
            char c = text.charAt(pos);
            if (c == ']' && items.isEmpty()) {
                throw source.fault(open, "empty list '[]': give at least one item, or leave the key out");
            }
            if (c == ']' || c == ',') {
                throw source.fault(pos, "empty list item before '%c'", c);
            }
            if (isSpace(c)) {
                throw misplacedSpace(open);
            }
            if (c == '}') {
                throw source.fault(pos, "'}' does not close the '[' opened at character %d", source.character(open));
            }
            if (c == '[' || c == '{') {
                throw source.fault(pos, "%s inside the list opened at character %d: list items are plain values", describe(c),
                        source.character(open));
            }
            items.add(scalar());
            if (pos == text.length()) {
                throw unclosed(open);
            }
            c = text.charAt(pos);
            if (c == ']') {
                pos++;
                return new ListValue(items, open);
            }
            if (c == ',') {
                pos++;
            } else if (isSpace(c)) {
                throw misplacedSpace(open);
            } else {
                throw source.fault(pos, "'}' does not close the '[' opened at character %d", source.character(open));
            }
        }
    }

    private Scalar scalar() {
        int start = pos;
        while (pos < text.length() && !isDelimiter(text.charAt(pos))) {
            checkPrintable(pos);
            pos++;
        }
        if (pos < text.length() && (text.charAt(pos) == '[' || text.charAt(pos) == '{')) {
            throw source.fault(pos, "%s inside a value: '[' and '{' may only open a value, right after '=' or ','",
                    describe(text.charAt(pos)));
        }
        return new Scalar(text.substring(start, pos), start);
    }

    private void checkPrintable(int index) {
        char c = text.charAt(index);
        if (Character.isISOControl(c)) {
            throw source.fault(index, "control character U+%04X", (int) c);
        }
    }

    private RuntimeException unclosed(int open) {
        char bracket = text.charAt(open);
        return source.fault(open, "'%c' is never closed: no '%c' matches it", bracket, bracket == '[' ? ']' : '}');
    }

    private RuntimeException misplacedSpace(int open) {
        if (open >= 0) {
            return source.fault(pos, "whitespace inside the '%c' opened at character %d: %s", text.charAt(open), source.character(open),
                    spaceSeparatesRecords ? "whitespace separates associations, so no value can hold it"
                            : "values cannot hold whitespace");
        }
        return source.fault(pos, "whitespace is not allowed in %s", source.parameter());
    }

    private static boolean isDelimiter(char c) {
        return c == ',' || c == '[' || c == ']' || c == '{' || c == '}' || isSpace(c);
    }

    private static boolean isKey(String word) {
        if (!isAsciiLetter(word.charAt(0))) {
            return false;
        }
        return word.chars().allMatch(c -> isAsciiLetter((char) c) || c >= '0' && c <= '9');
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static String describe(char c) {
        return "'" + Source.escape(String.valueOf(c)) + "'";
    }
}
