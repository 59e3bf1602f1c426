package jp.insurer.governance.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import jp.insurer.governance.sampledata.SampleDataCommand;

/** The project's synthetic insurer data, generated for a test. */
public final class SampleData {

    public static final String AS_OF = "2026-11-24";

    private SampleData() {}

    public static Path generate(Path dir, int customers, String... extra) {
        String[] args = new String[8 + extra.length];
        String[] base = {
            "--customers", Integer.toString(customers), "--out", dir.toString(), "--seed", "7", "--as-of", AS_OF
        };
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        int code = SampleDataCommand.run(
                args,
                new PrintStream(sink, true, StandardCharsets.UTF_8),
                new PrintStream(sink, true, StandardCharsets.UTF_8));
        assertThat(code).as(sink.toString(StandardCharsets.UTF_8)).isZero();
        return dir;
    }
}
