package jp.insurer.governance.sampledata;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code _text_truth.jsonl} ({@code --with-text-truth}): for every generated free text, the entities put into it,
 * one JSON object a line — {@code {"dataset": "contact_notes", "column": "note", "id": "N…",
 * "entities": [{"type": "PHONE_NUMBER", "start": 12, "end": 25}, {"type": "SENSITIVE", "kind": "HEALTH", …}]}} —
 * offsets in code points, end exclusive, as {@code scan-text} reports findings. Sensitive spans cover the
 * whole sentence that states the fact. Written in generation order, so it is deterministic too.
 */
final class TextTruth implements AutoCloseable {

    static final String FILE = "_text_truth.jsonl";

    private final Writer out;
    private long lines;

    TextTruth(OutputStream stream) {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
    }

    void write(String dataset, String column, String id, List<TextTemplate.NoteBuilder.Span> spans) throws IOException {
        StringBuilder line = new StringBuilder(64 + spans.size() * 48);
        line.append("{\"dataset\": \"")
                .append(dataset)
                .append("\", \"column\": \"")
                .append(column)
                .append("\", \"id\": \"")
                .append(id)
                .append("\", \"entities\": [");
        for (int i = 0; i < spans.size(); i++) {
            TextTemplate.NoteBuilder.Span s = spans.get(i);
            line.append(i == 0 ? "" : ", ");
            if (s.type().startsWith("SENSITIVE:")) {
                line.append("{\"type\": \"SENSITIVE\", \"kind\": \"")
                        .append(s.type().substring("SENSITIVE:".length()))
                        .append('"');
            } else {
                line.append("{\"type\": \"").append(s.type()).append('"');
            }
            line.append(", \"start\": ")
                    .append(s.start())
                    .append(", \"end\": ")
                    .append(s.end())
                    .append('}');
        }
        out.write(line.append("]}\n").toString());
        lines++;
    }

    long lines() {
        return lines;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
