package dev.polycsi.simulator.ec2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class XmlWriterTest {

    private static final String PROLOG = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    @Test
    void writesNestedElementsAndLeavesNullsOut() {
        String xml = new XmlWriter().start("R", "urn:x").element("a", 1).element("b", null).start("set").start("item").element("c", true)
                .end().end().end().toString();

        assertEquals(PROLOG + "<R xmlns=\"urn:x\"><a>1</a><set><item><c>true</c></item></set></R>", xml);
    }

    @Test
    void escapesMarkupQuotesAndCarriageReturnsAndReplacesForbiddenControlCharacters() {
        String xml = new XmlWriter().start("R").element("v", "<a href=\"x\">&'\r\n\t\u0001</a>").end().toString();

        assertEquals(PROLOG + "<R><v>&lt;a href=&quot;x&quot;&gt;&amp;&apos;&#13;\n\t\uFFFD&lt;/a&gt;</v></R>", xml);
    }

    @Test
    void writesTimestampsInUtcWithMilliseconds() {
        String xml = new XmlWriter().start("R").element("t", Instant.parse("2026-01-02T03:04:05.678901Z")).end().toString();

        assertEquals(PROLOG + "<R><t>2026-01-02T03:04:05.678Z</t></R>", xml);
    }

    @Test
    void refusesADocumentWithOpenElements() {
        XmlWriter writer = new XmlWriter().start("R");

        assertThrows(IllegalStateException.class, writer::toString);
    }
}
