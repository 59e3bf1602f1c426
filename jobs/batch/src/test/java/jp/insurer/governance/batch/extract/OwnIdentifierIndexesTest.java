package jp.insurer.governance.batch.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import jp.insurer.governance.policy.extract.OwnIdentifierIndex;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

class OwnIdentifierIndexesTest {

    private final OwnIdentifierIndexes indexes = new OwnIdentifierIndexes();
    private final AtomicInteger builds = new AtomicInteger();

    private OwnIdentifierIndex build(Path governed) {
        builds.incrementAndGet();
        LockSupport.parkNanos(50_000_000); // long enough for the other threads to ask meanwhile
        return OwnIdentifierIndex.builder().build();
    }

    @Test
    void slicesOfOneExecutionShareOneBuildEvenWhenTheyAskAtOnce() throws Exception {
        Path governed = new Path("file:/suite/out/governed");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<OwnIdentifierIndex>> asked = new ArrayList<>();
            Callable<OwnIdentifierIndex> slice = () -> indexes.get(7, governed, this::build);
            for (int i = 0; i < 4; i++) asked.add(pool.submit(slice));
            OwnIdentifierIndex first = asked.get(0).get();
            for (Future<OwnIdentifierIndex> f : asked) assertThat(f.get()).isSameAs(first);
        } finally {
            pool.shutdownNow();
        }
        assertThat(builds).hasValue(1);
    }

    @Test
    void anotherExecutionOrAnotherZoneBuildsAgain() throws Exception {
        Path governed = new Path("file:/suite/out/governed");
        OwnIdentifierIndex first =
                indexes.get(7, governed, g -> OwnIdentifierIndex.builder().build());
        assertThat(indexes.get(7, governed, g -> OwnIdentifierIndex.builder().build()))
                .isSameAs(first);
        OwnIdentifierIndex restart =
                indexes.get(8, governed, g -> OwnIdentifierIndex.builder().build());
        assertThat(restart).isNotSameAs(first);
        assertThat(indexes.get(
                        8,
                        new Path("file:/other/out/governed"),
                        g -> OwnIdentifierIndex.builder().build()))
                .isNotSameAs(restart);
    }

    @Test
    void aReplacedIndexKeepsItsFilesUntilItsLastSliceLetsGo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path state)
            throws Exception {
        Path governed = new Path("file:/suite/out/governed");
        java.nio.file.Path[] folders = new java.nio.file.Path[2];
        Build onDisk = g -> {
            java.nio.file.Path folder = ExtractPaths.ownIdentifiers(state.toString());
            folders[folders[0] == null ? 0 : 1] = folder;
            OwnIdentifierIndex.Builder b = OwnIdentifierIndex.builder(folder);
            b.add("C0000000001", "PERSON_NAME", "customers.氏名", "山田 太郎");
            return b.build();
        };
        OwnIdentifierIndex first = indexes.get(7, governed, onDisk);
        OwnIdentifierIndex firstAgain = indexes.get(7, governed, onDisk);
        indexes.release(firstAgain);
        assertThat(java.nio.file.Files.getPosixFilePermissions(folders[0]))
                .containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE,
                        java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);
        OwnIdentifierIndex second = indexes.get(8, governed, onDisk); // a restart while a slice of 7 still runs
        assertThat(first.find("C0000000001", "山田太郎様")).isNotEmpty();
        assertThat(folders[0]).exists();
        indexes.release(first);
        assertThat(folders[0]).doesNotExist();
        indexes.release(second); // the current index stays for the execution's next slice
        assertThat(second.find("C0000000001", "山田太郎様")).isNotEmpty();
        assertThat(folders[1]).exists();
    }

    private interface Build extends OwnIdentifierIndexes.Build {}
}
