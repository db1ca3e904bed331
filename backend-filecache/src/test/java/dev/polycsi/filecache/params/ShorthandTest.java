package dev.polycsi.filecache.params;

import static dev.polycsi.filecache.params.Requests.faultAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.filecache.params.Shorthand.Entry;
import dev.polycsi.filecache.params.Shorthand.ListValue;
import dev.polycsi.filecache.params.Shorthand.Record;
import dev.polycsi.filecache.params.Shorthand.Scalar;
import dev.polycsi.filecache.params.Shorthand.Value;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The grammar alone: what parses into which tree, and where each malformed text is refused. */
class ShorthandTest {

    private static final String P = "p";

    static List<Record> records(String text) {
        return Shorthand.records(new Source(P, text));
    }

    static Record single(String text) {
        return Shorthand.single(new Source(P, text));
    }

    /** The tree as text: records separated by " ; ", groups in braces. */
    static String render(List<Record> records) {
        return records.stream().map(ShorthandTest::render).collect(Collectors.joining(" ; "));
    }

    static String render(Value value) {
        return switch (value) {
            case Scalar scalar -> scalar.text();
            case ListValue list -> "[" + String.join(",", list.texts()) + "]";
            case Record record -> "{" + record.entries().stream().map(e -> e.key() + "=" + render(e.value()))
                    .collect(Collectors.joining(",")) + "}";
        };
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "A=b                                   | {A=b}",
            "A=b,C=d                               | {A=b,C=d}",
            "A=[x,y],B={C=d,E=[f]}                 | {A=[x,y],B={C=d,E=[f]}}",
            "A=b=c                                 | {A=b=c}",
            "A=s3://bucket/year=2024/              | {A=s3://bucket/year=2024/}",
            "A=[x=1,y]                             | {A=[x=1,y]}",
            "A={B={C=d}}                           | {A={B={C=d}}}",
            "\"A=b C=d\"                           | {A=b} ; {C=d}",
            "\"  A=b   C=d  \"                     | {A=b} ; {C=d}",
            "Key1=a:b;c'd~e                        | {Key1=a:b;c'd~e}",
            "A=é,B=日本                            | {A=é,B=日本}",
            "\"\"                                  | ''",
            "\"   \"                                | ''",
    })
    void wellFormedTextParsesIntoTheTree(String text, String tree) {
        assertEquals(tree.equals("''") ? "" : tree, render(records(text)));
    }

    @Test
    void anySpaceGoSeesAsOneSeparatesRecords() {
        for (char space : new char[] {' ', '\t', '\n', '\u000B', '\f', '\r', '\u0085', '\u00A0', '\u2003', '\u2028', '\u3000'}) {
            assertEquals("{A=b} ; {C=d}", render(records("A=b" + space + "C=d")), "U+%04X".formatted((int) space));
        }
        assertTrue(Shorthand.isSpace('\u1680'));
        assertTrue(!Shorthand.isSpace('\u200B'), "a zero-width space is no space to Go either");
    }

    @Test
    void positionsPointAtKeysAndValues() {
        Record record = records("A=b,LongKey=[x,y],G={H=i}").getFirst();
        List<Entry> entries = record.entries();
        assertEquals(0, record.start());
        assertEquals(List.of(0, 4, 18), entries.stream().map(Entry::start).toList());
        assertEquals(2, entries.get(0).value().start());
        ListValue list = (ListValue) entries.get(1).value();
        assertEquals(12, list.start());
        assertEquals(List.of(13, 15), list.items().stream().map(Scalar::start).toList());
        Record group = (Record) entries.get(2).value();
        assertEquals(20, group.start());
        assertEquals(21, group.entries().getFirst().start());
        assertEquals(4, records("A=b C=d").get(1).start());
    }

    @ParameterizedTest(name = "[{index}] {0} -> character {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            // an item without '='
            "A                   | 1  | 'A' is not Key=Value: it has no '='",
            "A=b,C               | 5  | 'C' is not Key=Value",
            "A=b,C,D=e           | 5  | 'C' is not Key=Value",
            "A[x]                | 1  | 'A' is not Key=Value",
            // empty keys and values
            "=b                  | 1  | empty key before '='",
            "A=b,=c              | 5  | empty key",
            "A=                  | 3  | 'A' has no value",
            "A=,B=c              | 3  | 'A' has an empty value",
            "A={B=}              | 6  | 'B' has an empty value",
            // stray and trailing commas
            ",A=b                | 1  | stray ','",
            "A=b,,C=d            | 5  | stray ','",
            "A=b,                | 5  | expected Key=Value after ','",
            "\"A=b, C=d\"        | 5  | whitespace is not allowed in p",
            // unbalanced brackets and braces
            "A=[x,y              | 3  | '[' is never closed",
            "A={B=c              | 3  | '{' is never closed",
            "A={B=c,             | 3  | '{' is never closed",
            "A={B=               | 3  | '{' is never closed",
            "A={B=[x             | 6  | '[' is never closed",
            "A=[x]]              | 6  | ']' closes nothing",
            "A=b}                | 4  | '}' closes nothing",
            "A=b]                | 4  | ']' closes nothing",
            "}                   | 1  | '}' closes nothing",
            "A={B=c]}            | 7  | ']' closes nothing; the '{' opened at character 3 is still open",
            "A=[x}               | 5  | '}' does not close the '[' opened at character 3",
            "A=[x,y}             | 7  | '}' does not close the '['",
            // empty lists and groups
            "A=[]                | 3  | empty list '[]'",
            "A=[x,]              | 6  | empty list item before ']'",
            "A=[,x]              | 4  | empty list item before ','",
            "A=[x,,y]            | 6  | empty list item before ','",
            "A={}                | 4  | expected Key=Value before '}'",
            // nesting
            "A=[[x]]             | 4  | '[' inside the list opened at character 3",
            "A=[{B=c}]           | 4  | '{' inside the list",
            "A={B={C={D=e}}}     | 9  | nested too deep",
            "[x]                 | 1  | '[' without a key",
            "{B=c}               | 1  | '{' without a key",
            // trailing garbage
            "A=[x]y              | 6  | 'y' after the value of 'A'",
            "A={B=c}d            | 8  | 'd' after the value of 'A'",
            "A=[x]=y             | 6  | '=' after the value of 'A'",
            "A=b[c]              | 4  | '[' inside a value",
            "A=b{c}              | 4  | '{' inside a value",
            // keys
            "a.b=c               | 1  | 'a.b' is not a key",
            "1A=b                | 1  | '1A' is not a key",
            "A=b,A=c             | 5  | key 'A' is given twice (first at character 1)",
            "A={B=c,B=d}         | 8  | key 'B' is given twice (first at character 4)",
    })
    void malformedTextIsRefusedAtTheFault(String text, int character, String reason) {
        faultAt(() -> single(text), P, character, reason);
    }

    @ParameterizedTest(name = "[{index}] {0} -> character {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "\"A=[x, y]\"              | 6  | whitespace inside the '[' opened at character 3: whitespace separates associations",
            "\"A={B=c, D=e}\"          | 8  | whitespace inside the '{' opened at character 3",
            "\"A={B=c }\"              | 7  | whitespace inside the '{'",
            "\"A=[x ]\"                | 5  | whitespace inside the '['",
            "\"A=b, C=d\"              | 5  | expected Key=Value after ','",
            "\"A=b ,C=d\"              | 5  | stray ','",
            "\"A=b C=d E\"             | 9  | 'E' is not Key=Value",
    })
    void whitespaceOnlySeparatesRecords(String text, int character, String reason) {
        faultAt(() -> records(text), P, character, reason);
    }

    @Test
    void controlCharactersAreRefused() {
        faultAt(() -> records("A=b\u0000c"), P, 4, "control character U+0000");
        faultAt(() -> records("A\u0007=b"), P, 2, "control character U+0007");
        faultAt(() -> single(""), P, 1, "expected Key=Value", "the value is empty");
    }

    @Test
    void positionsCountCharactersNotUtf16Units() {
        // the emoji is two UTF-16 units but one character
        faultAt(() -> single("A=\uD83D\uDE00,B"), P, 5, "'B' is not Key=Value");
        faultAt(() -> single("A=\uD83D\uDE00}"), P, 4, "'}' closes nothing");
    }

    @Test
    void messagesShowAnExcerptAroundTheFault() {
        String message = faultAt(() -> records("FileCachePath=/ns1/,NFS,DataRepositoryPath=s3://b"), P, 21, "'NFS' is not Key=Value");
        assertTrue(message.contains("near \"…ePath=/ns1/,>>NFS,DataRepo…\""), message);
        message = faultAt(() -> records("A=[x"), P, 3, "never closed");
        assertTrue(message.contains("near \"A=>>[x\""), message);
        message = faultAt(() -> records("A=b,"), P, 5);
        assertTrue(message.contains("at the end, after \"A=b,\""), message);
        message = faultAt(() -> single("A=b\nC=d"), P, 4);
        assertTrue(message.contains("near \"A=b>>\\nC=d\"") && !message.contains("\n"), message);
    }

    @Test
    void longKeysAndValuesAreCutShortInMessages() {
        String message = faultAt(() -> records("x".repeat(100_000)), P, 1, "'" + "x".repeat(Source.CLIP) + "…' is not Key=Value");
        assertTrue(message.length() < 300, message);
        message = DataRepositoryAssociationsTest.fault("FileCachePath=»" + "a".repeat(10_000) + ",DataRepositoryPath=s3://bucket",
                "must start with '/'");
        assertTrue(message.length() < 400, message);
    }

    @Test
    void deepOrLongInputsAreRefusedQuicklyWithoutExhaustingTheStack() {
        faultAt(() -> records("A=" + "{B=".repeat(100_000)), P, 9, "nested too deep");
        faultAt(() -> records("A=" + "[".repeat(100_000)), P, 4, "'[' inside the list");
        assertEquals(100_001, ((ListValue) records("A=[" + "x,".repeat(100_000) + "y]").getFirst().entries().getFirst().value())
                .items().size());
    }
}
