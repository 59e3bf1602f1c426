package jp.insurer.governance.batch.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The k state's spill folder: a new owner-only one per run, even twice in one process; what dead processes
 * left is removed, whatever profile or date, never a live process's.
 */
class ExtractPathsTest {

    @TempDir
    Path state;

    @Test
    void eachRunHasItsOwnFolderAndDeadProcessesFoldersAreRemoved() throws Exception {
        long self = ProcessHandle.current().pid();
        long dead = LongStream.iterate(4_000_000, p -> p + 1)
                .filter(p -> ProcessHandle.of(p).isEmpty())
                .findFirst()
                .orElseThrow();
        long alive = ProcessHandle.current().parent().orElseThrow().pid();
        Path base = state.resolve("extract-k");
        Path killed = Files.createDirectories(base.resolve(dead + "-0a1b-rnd-2026-11-24/group-0"));
        Files.writeString(killed.resolve("run-0"), "partial sums");
        Path otherProfile = Files.createDirectories(base.resolve(dead + "-77-other-2026-11-23"));
        Path live = Files.createDirectories(base.resolve(alive + "-2c-rnd-2026-11-24"));

        Path first = ExtractPaths.kState(state.toString(), "rnd-2026-11-24");
        Files.writeString(first.resolve("run-0"), "a running partition's sums");
        Path second = ExtractPaths.kState(state.toString(), "rnd-2026-11-24");

        assertThat(second).isNotEqualTo(first).isEmptyDirectory();
        assertThat(first.resolve("run-0"))
                .as("the first run's, in this live process")
                .exists();
        assertThat(first.getFileName().toString()).startsWith(self + "-").endsWith("-rnd-2026-11-24");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(second)))
                .isEqualTo("rwx------");
        assertThat(killed.getParent()).doesNotExist();
        assertThat(otherProfile).as("another profile's, its process gone").doesNotExist();
        assertThat(live).as("another live process's folder").exists();
    }
}
