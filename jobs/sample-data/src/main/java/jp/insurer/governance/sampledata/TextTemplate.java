package jp.insurer.governance.sampledata;

import java.util.ArrayList;
import java.util.List;

/**
 * A sentence template: literal text with {@code {SLOT}} placeholders, parsed once. A template starting
 * with {@code [KIND]} states sensitive information of that kind (HEALTH, CREED, …): the whole sentence
 * is recorded as a SENSITIVE span.
 */
record TextTemplate(String sensitiveKind, List<String> literals, List<String> slots) {

    static TextTemplate parse(String text) {
        String kind = null;
        String body = text;
        if (body.startsWith("[")) {
            int close = body.indexOf(']');
            kind = body.substring(1, close);
            body = body.substring(close + 1);
        }
        List<String> literals = new ArrayList<>();
        List<String> slots = new ArrayList<>();
        int pos = 0;
        while (true) {
            int open = body.indexOf('{', pos);
            if (open < 0) {
                literals.add(body.substring(pos));
                break;
            }
            int close = body.indexOf('}', open);
            literals.add(body.substring(pos, open));
            slots.add(body.substring(open + 1, close));
            pos = close + 1;
        }
        return new TextTemplate(kind, List.copyOf(literals), List.copyOf(slots));
    }

    static List<TextTemplate> parseAll(String... texts) {
        List<TextTemplate> out = new ArrayList<>(texts.length);
        for (String t : texts) {
            out.add(parse(t));
        }
        return List.copyOf(out);
    }

    /** Fills the slots and appends to the builder. */
    void render(NoteBuilder out, SlotFiller filler) {
        int sentenceStart = out.codePoints();
        for (int i = 0; i < slots.size(); i++) {
            out.text(literals.get(i));
            filler.fill(slots.get(i), out);
        }
        out.text(literals.get(literals.size() - 1));
        if (sensitiveKind != null) {
            out.span("SENSITIVE:" + sensitiveKind, sentenceStart, out.codePoints());
        }
    }

    @FunctionalInterface
    interface SlotFiller {
        void fill(String slot, NoteBuilder out);
    }

    /** Text plus the entity spans in it (offsets in code points, end exclusive). */
    static final class NoteBuilder {
        record Span(String type, int start, int end) {}

        private final StringBuilder text = new StringBuilder(256);
        private final List<Span> spans = new ArrayList<>();
        private int codePoints;

        NoteBuilder text(String s) {
            text.append(s);
            codePoints += s.codePointCount(0, s.length());
            return this;
        }

        NoteBuilder entity(String type, String value) {
            int start = codePoints;
            text(value);
            if (type != null) {
                spans.add(new Span(type, start, codePoints));
            }
            return this;
        }

        void span(String type, int start, int end) {
            spans.add(new Span(type, start, end));
        }

        int codePoints() {
            return codePoints;
        }

        List<Span> spans() {
            return spans;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
