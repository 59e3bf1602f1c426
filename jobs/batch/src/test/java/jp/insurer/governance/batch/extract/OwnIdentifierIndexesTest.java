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
}
