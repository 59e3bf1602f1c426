package jp.insurer.governance.batch.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The extract's read → work → write pipeline on its own: order, the first failure, cancellation. */
@Timeout(60)
class OrderedPipelineTest {

    private final ExecutorService workers = Executors.newFixedThreadPool(4);
    private final List<Integer> passedOn = java.util.Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stopWorkers() throws InterruptedException {
        workers.shutdownNow();
        assertThat(workers.awaitTermination(10, TimeUnit.SECONDS))
                .as("workers ended")
                .isTrue();
    }

    private OrderedPipeline<Integer, Integer> pipeline(String name, OrderedPipeline.InOrder<Integer> inOrder) {
        return new OrderedPipeline<>(
                workers,
                8,
                name,
                inOrder,
                (batch, cause) -> new IOException("batch " + batch + ": " + cause.getMessage(), cause));
    }

    @Test
    void resultsArePassedOnInSubmissionOrderWhateverOrderTheWorkEnds() {
        try (var pipeline = pipeline("order", passedOn::add)) {
            for (int i = 0; i < 200; i++) {
                int batch = i;
                pipeline.submit(batch, () -> {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(5)); // later batches often end first
                    return batch;
                });
            }
            pipeline.finish();
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) expected.add(i);
        assertThat(passedOn).containsExactlyElementsOf(expected);
    }

    @Test
    void theFirstFailingBatchInOrderIsReportedNotALaterOneThatFailedSooner() {
        CountDownLatch laterFailed = new CountDownLatch(1);
        Throwable stopped = catchStopped(
                pipeline -> {
                    for (int i = 0; i < 10; i++) {
                        int batch = i;
                        pipeline.submit(batch, () -> {
                            if (batch == 3) {
                                assertThat(laterFailed.await(10, TimeUnit.SECONDS))
                                        .isTrue(); // fails after batch 7 did
                                throw new IllegalStateException("third batch");
                            }
                            if (batch == 7) {
                                laterFailed.countDown();
                                throw new IllegalStateException("seventh batch");
                            }
                            return batch;
                        });
                    }
                    pipeline.finish();
                },
                passedOn::add);
        assertThat(stopped).isInstanceOf(IOException.class).hasMessage("batch 3: third batch");
        assertThat(passedOn).as("nothing after the failing batch is passed on").containsExactly(0, 1, 2);
    }

    @Test
    void aFailurePassingOnAResultStopsTheSubmitterAndIsReported() {
        Throwable stopped = catchStopped(
                pipeline -> {
                    for (int i = 0; i < 10_000; i++) {
                        int batch = i;
                        pipeline.submit(batch, () -> batch);
                    }
                    pipeline.finish();
                },
                result -> {
                    if (result == 5) throw new IOException("disk full");
                    passedOn.add(result);
                });
        assertThat(stopped).isInstanceOf(IOException.class).hasMessage("batch 5: disk full");
        assertThat(passedOn).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void anUncheckedFailureTheDescriptionThrowsIsReportedAsItIs() {
        var leak = new ProfileExtraction.LeakException("leak check failed");
        AtomicReference<Throwable> reported = new AtomicReference<>();
        try (var pipeline =
                new OrderedPipeline<Integer, Integer>(workers, 2, "unchecked", passedOn::add, (batch, cause) -> {
                    throw leak;
                })) {
            pipeline.submit(0, () -> {
                throw new IllegalStateException("any");
            });
            pipeline.finish();
        } catch (OrderedPipeline.Stopped e) {
            reported.set(e.getCause());
        }
        assertThat(reported.get()).isSameAs(leak);
    }

    @Test
    void anInterruptedSubmitterStopsPromptlyCancelsTheWorkAndLeavesNoThreadBehind() throws Exception {
        CountDownLatch workStarted = new CountDownLatch(1);
        CountDownLatch workInterrupted = new CountDownLatch(1);
        AtomicReference<Throwable> submitter = new AtomicReference<>();
        Thread reading = new Thread(() -> {
            try (var pipeline = pipeline("extract-writer-cancelled", passedOn::add)) {
                pipeline.submit(0, () -> {
                    workStarted.countDown();
                    try {
                        Thread.sleep(60_000); // a batch that would hold the pipeline for a minute
                    } catch (InterruptedException e) {
                        workInterrupted.countDown();
                        throw e;
                    }
                    return 0;
                });
                for (int i = 1; ; i++) {
                    int batch = i;
                    pipeline.submit(batch, () -> batch); // blocks once 8 batches wait behind the first
                }
            } catch (RuntimeException e) {
                submitter.set(e);
            }
        });
        reading.start();
        assertThat(workStarted.await(10, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        reading.interrupt();
        reading.join(10_000);
        assertThat(reading.isAlive()).as("the submitter ended").isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                .as("ms to stop")
                .isLessThan(5_000);
        assertThat(submitter.get())
                .isInstanceOf(OrderedPipeline.Stopped.class)
                .hasCauseInstanceOf(InterruptedException.class);
        assertThat(workInterrupted.await(10, TimeUnit.SECONDS))
                .as("the running batch was cancelled")
                .isTrue();
        assertThat(passedOn).isEmpty();
        assertGone("extract-writer-cancelled");
    }

    @Test
    void anInterruptWhileWaitingForTheLastResultsStopsPromptly() throws Exception {
        CountDownLatch workStarted = new CountDownLatch(1);
        AtomicReference<Throwable> submitter = new AtomicReference<>();
        Thread reading = new Thread(() -> {
            try (var pipeline = pipeline("extract-writer-finishing", passedOn::add)) {
                pipeline.submit(0, () -> {
                    workStarted.countDown();
                    Thread.sleep(60_000);
                    return 0;
                });
                pipeline.finish();
            } catch (RuntimeException e) {
                submitter.set(e);
            }
        });
        reading.start();
        assertThat(workStarted.await(10, TimeUnit.SECONDS)).isTrue();
        reading.interrupt();
        reading.join(10_000);
        assertThat(reading.isAlive()).isFalse();
        assertThat(submitter.get())
                .isInstanceOf(OrderedPipeline.Stopped.class)
                .hasCauseInstanceOf(InterruptedException.class);
        assertGone("extract-writer-finishing");
    }

    /** The in-order thread has ended (a thread's last instants after its pool terminated are allowed for). */
    private static void assertGone(String thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (alive(thread) && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(alive(thread)).as("thread " + thread + " still alive").isFalse();
    }

    private static boolean alive(String thread) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(thread));
    }

    private Throwable catchStopped(ThrowingUse use, OrderedPipeline.InOrder<Integer> inOrder) {
        AtomicReference<Throwable> cause = new AtomicReference<>();
        assertThatThrownBy(() -> {
                    try (var pipeline = pipeline("failing", inOrder)) {
                        use.accept(pipeline);
                    }
                })
                .isInstanceOfSatisfying(OrderedPipeline.Stopped.class, e -> cause.set(e.getCause()));
        return cause.get();
    }

    @FunctionalInterface
    private interface ThrowingUse {
        void accept(OrderedPipeline<Integer, Integer> pipeline) throws Exception;
    }
}
