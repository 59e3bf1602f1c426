package jp.insurer.governance.batch.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.batch.Trees;

/**
 * What the extract tests set up alike: the synthetic sample beside a state folder with the recipient
 * keys, a copy of the project's config to vary, and the tag and extract runs each test starts from.
 */
final class ExtractFixture {

    final Path data;
    final Path state;

    ExtractFixture(Path data, Path state) {
        this.data = data;
        this.state = state;
    }

    /**
     * A sample tagged once, for tests that extract it again and again: {@code template} holds the tagged
     * suite (state with the recipient keys, out with the governed zone), {@code reference} a copy of it with
     * the extract of an uninterrupted single-JVM run, {@code releases} that run's files under extracts/.
     */
    record Tagged(Path template, String[] params, Path reference, Map<String, byte[]> releases) {}

    /** {@code customers} of the sample under DIR/data, tagged under DIR/template, extracted under DIR/ref. */
    static Tagged taggedThenExtracted(Path dir, int customers) throws Exception {
        Path data = SampleData.generate(dir.resolve("data"), customers);
        Path template = dir.resolve("template");
        Path state = SampleData.writeKeys(template.resolve("state"));
        String[] params = {"data=" + data, "date=" + SampleData.AS_OF};
        completed(SuiteRun.job(state, template.resolve("out"), "tag", params));
        Path ref = dir.resolve("ref");
        Trees.copy(template, ref);
        completed(SuiteRun.job(ref.resolve("state"), ref.resolve("out"), "extract", params));
        Map<String, byte[]> releases = ExtractJobIT.files(ref.resolve("out/extracts"));
        assertThat(releases.keySet()).hasSize(3 * 2 + 7); // manifest + dictionary per profile, 7 data files
        return new Tagged(template, params, ref, releases);
    }

    /** {@code customers} of the sample under DIR/data, the recipient keys under DIR/state. */
    static ExtractFixture sample(Path dir, int customers) throws IOException {
        return new ExtractFixture(
                SampleData.generate(dir.resolve("data"), customers), SampleData.writeKeys(dir.resolve("state")));
    }

    /** Runs {@code tag} on the sample for its business date into {@code out}; it must complete. */
    SuiteRun tag(Path out, String... more) {
        return completed(run(out, "tag", more));
    }

    /** Runs {@code extract} on the sample for its business date into {@code out}; it must complete. */
    SuiteRun extract(Path out, String... more) {
        return completed(run(out, "extract", more));
    }

    /** A job with this sample's state, data and date, and {@code more} parameters or settings. */
    SuiteRun run(Path out, String job, String... more) {
        List<String> args = new ArrayList<>(List.of("data=" + data, "date=" + SampleData.AS_OF));
        args.addAll(List.of(more));
        return SuiteRun.job(state, out, job, args.toArray(String[]::new));
    }

    /** The setting that points a run at a config folder of the test's own. */
    static String config(Path config) {
        return "--governance.config=" + config;
    }

    /** A copy of the project's config/ under {@code dir}, for a test to change. */
    static Path projectConfig(Path dir) throws IOException {
        Trees.copy(SuiteRun.projectRoot().resolve("config"), dir);
        return dir;
    }

    private static SuiteRun completed(SuiteRun run) {
        assertThat(run.exitCode).as(run.toString()).isZero();
        return run;
    }
}
