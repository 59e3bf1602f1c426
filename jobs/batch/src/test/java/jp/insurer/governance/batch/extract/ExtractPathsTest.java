package jp.insurer.governance.batch.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The k state's spill folder: this process's own, and what killed runs of the profile left is removed. */
class ExtractPathsTest {

    @TempDir
    Path state;

    @Test
    void aStartRemovesTheFoldersOfDeadProcessesForThisProfileOnly() throws Exception {
        long self = ProcessHandle.current().pid();
        long dead = LongStream.iterate(4_000_000, p -> p + 1)
                .filter(p -> ProcessHandle.of(p).isEmpty())
                .findFirst()
                .orElseThrow();
        long alive = ProcessHandle.current().parent().orElseThrow().pid();
        Path base = state.resolve("extract-k");
        Path killed = Files.createDirectories(base.resolve("rnd-2026-11-24-" + dead + "/group-0"));
        Files.writeString(killed.resolve("run-0"), "partial sums");
        Path ours = Files.createDirectories(base.resolve("rnd-2026-11-24-" + self + "/group-0"));
        Path live = Files.createDirectories(base.resolve("rnd-2026-11-24-" + alive));
        Path otherProfile = Files.createDirectories(base.resolve("other-2026-11-24-" + dead));

        Path folder = ExtractPaths.kState(state.toString(), "rnd-2026-11-24");

        assertThat(folder).isEqualTo(base.resolve("rnd-2026-11-24-" + self)).isEmptyDirectory();
        assertThat(ours).doesNotExist();
        assertThat(killed.getParent()).doesNotExist();
        assertThat(live).as("another live process's folder").exists();
        assertThat(otherProfile)
                .as("another profile's, cleaned when that profile starts")
                .exists();
    }
}
