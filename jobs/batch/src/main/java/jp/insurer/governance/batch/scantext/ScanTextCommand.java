package jp.insurer.governance.batch.scantext;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jp.insurer.governance.batch.support.ExitCode;
import jp.insurer.governance.policy.config.ConfigException;
import jp.insurer.governance.policy.detect.EntityTypes;
import jp.insurer.governance.policy.detect.Finding;
import jp.insurer.governance.policy.detect.TextScanner;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * {@code scan-text [--config DIR] [--skip-bad-lines] [FILE|-]}: runs the detectors over JSON Lines
 * ({@code {"id": "...", "text": "..."}}, from FILE or stdin) and writes one JSON line per finding
 * ({@code id, type, start, end, score, detector}, plus {@code kind} for SENSITIVE), offsets in
 * code points of the input text. Streams line by line: memory does not grow with the input.
 *
 * <p>A malformed line (not JSON, not an object, id or text missing or not a string) stops the run
 * with exit code 2 and a message naming the line; with {@code --skip-bad-lines} it is skipped and
 * counted, the count goes to stderr at the end, and the exit code is 4. Blank lines are ignored.
 * Messages never quote the input: it may hold personal data.
 */
public final class ScanTextCommand {

    private static final String USAGE =
            "usage: scan-text [--config DIR] [--skip-bad-lines] [FILE|-]   (JSON Lines {\"id\",\"text\"} in, findings out)";

    private static final JsonFactory JSON = JsonFactory.builder()
            .rootValueSeparator((String) null)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private ScanTextCommand() {}

    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        Path configDir = null;
        Path file = null;
        boolean skipBad = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--skip-bad-lines" -> skipBad = true;
                case "--config" -> {
                    if (i + 1 >= args.length) return usage(err, "--config needs a directory");
                    configDir = Path.of(args[++i]);
                }
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return ExitCode.COMPLETED.code();
                }
                case "-" -> file = null;
                default -> {
                    if (a.startsWith("--config=")) {
                        configDir = Path.of(a.substring("--config=".length()));
                    } else if (a.startsWith("-")) {
                        return usage(err, "unknown option " + a);
                    } else if (file != null) {
                        return usage(err, "only one FILE may be given");
                    } else {
                        file = Path.of(a);
                    }
                }
            }
        }
        if (configDir == null) {
            String home = System.getProperty("governance.home");
            if (home == null) return usage(err, "no config: pass --config DIR or set -Dgovernance.home");
            configDir = Path.of(home, "config");
        }
        TextScanner scanner;
        try {
            scanner = TextScanner.fromConfig(configDir);
        } catch (ConfigException e) {
            err.println("scan-text: invalid config: " + e.getMessage());
            return ExitCode.INVALID.code();
        }
        if (file != null && !Files.isReadable(file)) {
            err.println("scan-text: cannot read " + file);
            return ExitCode.INVALID.code();
        }
        try (Reader reader = file == null
                ? new InputStreamReader(in, StandardCharsets.UTF_8)
                : Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return scan(scanner, new BufferedReader(reader, 1 << 16), out, err, skipBad);
        } catch (IOException e) {
            err.println("scan-text: read failed: " + e.getClass().getSimpleName());
            return ExitCode.FAILED.code();
        }
    }

    private static int scan(
            TextScanner scanner, BufferedReader reader, PrintStream out, PrintStream err, boolean skipBad)
            throws IOException {
        long lineNo = 0;
        long skipped = 0;
        try (JsonGenerator gen = JSON.createGenerator(ObjectWriteContext.empty(), out, JsonEncoding.UTF8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                Input input;
                try {
                    input = parse(line);
                } catch (BadLine e) {
                    if (!skipBad) {
                        gen.flush();
                        err.println("scan-text: line " + lineNo + ": " + e.getMessage());
                        return ExitCode.INVALID.code();
                    }
                    skipped++;
                    continue;
                }
                List<Finding> findings = scanner.scan(input.text());
                for (Finding f : findings) write(gen, input.id(), f);
            }
            gen.flush();
        }
        out.flush();
        if (skipped > 0) {
            err.println("scan-text: skipped " + skipped + " bad line(s) of " + lineNo);
            return ExitCode.COMPLETED_WITH_SKIPS.code();
        }
        return ExitCode.COMPLETED.code();
    }

    private record Input(String id, String text) {}

    /** A malformed input line; the message names the problem, never the content. */
    private static final class BadLine extends Exception {
        BadLine(String message) {
            super(message, null, false, false);
        }
    }

    private static Input parse(String line) throws BadLine {
        String id = null;
        String text = null;
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new BadLine("not a JSON object");
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "id" -> {
                        if (v == JsonToken.VALUE_STRING || v == JsonToken.VALUE_NUMBER_INT) id = p.getString();
                        else throw new BadLine("field 'id' must be a string");
                    }
                    case "text" -> {
                        if (v == JsonToken.VALUE_STRING) text = p.getString();
                        else throw new BadLine("field 'text' must be a string");
                    }
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) throw new BadLine("invalid JSON");
            if (p.nextToken() != null) throw new BadLine("more than one JSON value on the line");
        } catch (JacksonException e) {
            throw new BadLine("invalid JSON at column " + e.getLocation().getColumnNr());
        }
        if (id == null) throw new BadLine("missing field 'id'");
        if (text == null) throw new BadLine("missing field 'text'");
        return new Input(id, text);
    }

    private static void write(JsonGenerator gen, String id, Finding f) {
        gen.writeStartObject();
        gen.writeStringProperty("id", id);
        gen.writeStringProperty("type", f.type());
        if (EntityTypes.SENSITIVE.equals(f.type()) && f.kind() != null) gen.writeStringProperty("kind", f.kind());
        gen.writeNumberProperty("start", f.start());
        gen.writeNumberProperty("end", f.end());
        gen.writeNumberProperty("score", Math.round(f.score() * 1000) / 1000.0);
        gen.writeStringProperty("detector", f.detector());
        gen.writeEndObject();
        gen.writeRaw('\n');
    }

    private static int usage(PrintStream err, String problem) {
        err.println("scan-text: " + problem);
        err.println(USAGE);
        return ExitCode.INVALID.code();
    }
}
