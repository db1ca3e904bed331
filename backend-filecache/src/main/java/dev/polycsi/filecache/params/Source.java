package dev.polycsi.filecache.params;

import dev.polycsi.spi.CsiException;

/**
 * The text of one StorageClass parameter written in the shorthand, and the faults found in it:
 * INVALID_ARGUMENT naming the parameter, the 1-based character position of the fault and a short
 * excerpt around it, e.g. {@code parameter 'dataRepositoryAssociations', character 17 (near
 * "…/ns1/,>>NFS,DataRep…"): 'NFS' is not Key=Value}.
 *
 * @param parameter the StorageClass key, e.g. {@code dataRepositoryAssociations}
 * @param text      its value, exactly as given
 */
record Source(String parameter, String text) {

    /** Characters of context shown on each side of a fault. */
    private static final int CONTEXT = 12;
    /** Characters of a key or value quoted in a message. */
    static final int CLIP = 60;

    /** The 1-based position, in characters (code points), of the UTF-16 index {@code index}. */
    int character(int index) {
        return text.codePointCount(0, Math.min(index, text.length())) + 1;
    }

    /** INVALID_ARGUMENT for a fault at {@code index} (a UTF-16 index; {@code text.length()} is the end). */
    CsiException fault(int index, String format, Object... args) {
        return CsiException.invalidArgument("parameter '%s', character %d (%s): %s",
                parameter, character(index), excerpt(index), format.formatted(args));
    }

    /** {@code near "…before>>after…"}, or {@code at the end, after "…"}; control characters escaped. */
    String excerpt(int index) {
        int at = Math.min(Math.max(index, 0), text.length());
        int from = Math.max(0, at - CONTEXT);
        int to = Math.min(text.length(), at + CONTEXT);
        if (from > 0 && Character.isLowSurrogate(text.charAt(from))) {
            from--;
        }
        if (to < text.length() && Character.isLowSurrogate(text.charAt(to))) {
            to++;
        }
        String before = (from > 0 ? "…" : "") + escape(text.substring(from, at));
        if (at == text.length()) {
            return text.isEmpty() ? "the value is empty" : "at the end, after \"" + before + "\"";
        }
        String after = escape(text.substring(at, to)) + (to < text.length() ? "…" : "");
        return "near \"" + before + ">>" + after + "\"";
    }

    /** {@code text} for a message: escaped, and cut after {@value #CLIP} characters. */
    static String clip(String text) {
        if (text.codePointCount(0, text.length()) <= CLIP) {
            return escape(text);
        }
        return escape(text.substring(0, text.offsetByCodePoints(0, CLIP))) + "…";
    }

    /** {@code text} with line breaks, tabs and other control characters written as escapes. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                default -> {
                    if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                        out.append("\\u%04X".formatted(c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }
}
