package jp.insurer.governance.batch.extract;

import java.io.IOException;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jp.insurer.governance.batch.support.JobLogContext;

/**
 * Work on batches in parallel, results in the order the batches were submitted: the caller submits
 * batches (reading on its own thread), a pool does the work, and one more thread hands each result to
 * {@code inOrder} in submission order — so reading, the work and writing overlap, and the output does
 * not depend on the number of workers. At most {@code inFlight} batches wait, which bounds memory.
 *
 * <p>The first failure in submission order is the one reported, labelled with where its batch came from
 * ({@code W}, for the message); once a batch failed, no later result is passed on. A failure or an
 * interrupt stops the pipeline: {@link #submit} and {@link #finish} throw {@link Stopped}, and
 * {@link #close} cancels every batch not yet passed on and waits for the in-order thread to end.
 *
 * <p>Hand-written: {@code CompletableFuture} chains or a {@code CompletionService} give completion
 * order, not submission order with back-pressure; Spring Batch's partitioning has no ordered writer.
 *
 * @param <W> where a batch came from (a file), named in a failure
 * @param <T> a batch's result
 */
final class OrderedPipeline<W, T> implements AutoCloseable {

    /** Passes one result on, in submission order; runs on the pipeline's own thread. */
    @FunctionalInterface
    interface InOrder<T> {
        void accept(T result) throws IOException;
    }

    /** Describes a batch's failure (the work's or {@code inOrder}'s); may throw an unchecked exception instead. */
    @FunctionalInterface
    interface Failure<W> {
        IOException of(W where, Throwable cause);
    }

    /**
     * The pipeline stopped before all its results were passed on. Its cause is the first failure
     * ({@link Failure}'s description, or what it threw), or an {@link InterruptedException} when the
     * calling thread was interrupted.
     */
    static final class Stopped extends RuntimeException {
        Stopped(Throwable cause) {
            super(null, cause, false, false);
        }
    }

    /** One batch in flight: where it came from and its result to come. */
    private record InFlight<W, T>(W where, Future<T> result) {}

    private final ExecutorService workers;
    private final BlockingQueue<Optional<InFlight<W, T>>> queue;
    /** Every batch submitted and not yet passed on, to cancel on close. */
    private final Queue<Future<T>> pending = new ConcurrentLinkedQueue<>();

    private final ExecutorService inOrderThread;
    private final Future<Void> inOrderDone;

    /**
     * @param workers  does the work (owned by the caller, shared by several pipelines)
     * @param inFlight batches submitted and not yet passed on before {@link #submit} waits
     * @param name     the in-order thread's name (it carries the caller's log context)
     */
    OrderedPipeline(ExecutorService workers, int inFlight, String name, InOrder<T> inOrder, Failure<W> failure) {
        this.workers = workers;
        this.queue = new ArrayBlockingQueue<>(inFlight);
        this.inOrderThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(JobLogContext.carry(r), name); // with the run's MDC
            t.setDaemon(true);
            return t;
        });
        this.inOrderDone = inOrderThread.submit(() -> {
            for (Optional<InFlight<W, T>> next = queue.take(); next.isPresent(); next = queue.take()) {
                InFlight<W, T> batch = next.get();
                T result;
                try {
                    result = batch.result().get();
                } catch (ExecutionException e) {
                    throw failure.of(batch.where(), e.getCause());
                }
                try {
                    inOrder.accept(result);
                } catch (IOException | RuntimeException e) {
                    throw failure.of(batch.where(), e);
                }
                pending.remove(batch.result());
            }
            return null;
        });
    }

    /**
     * Hands one batch's work to the workers; waits while {@code inFlight} batches are waiting.
     *
     * @throws Stopped when an earlier batch failed or this thread was interrupted
     */
    void submit(W where, Callable<T> work) {
        if (inOrderDone.isDone()) throw stopped(); // no more reading and work once a batch failed
        Future<T> result = workers.submit(work);
        pending.add(result);
        enqueue(Optional.of(new InFlight<>(where, result)));
    }

    /**
     * Waits until every submitted result was passed on.
     *
     * @throws Stopped when a batch failed or this thread was interrupted
     */
    void finish() {
        enqueue(Optional.empty());
        try {
            inOrderDone.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped(e);
        } catch (ExecutionException e) {
            throw new Stopped(e.getCause());
        }
    }

    private void enqueue(Optional<InFlight<W, T>> item) {
        try {
            while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                if (inOrderDone.isDone()) throw stopped();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped(e);
        }
    }

    /** The in-order thread's reason for having ended (it ends early only by a failure). */
    private Stopped stopped() {
        try {
            inOrderDone.get();
            return new Stopped(new IllegalStateException("the pipeline ended before its last batch"));
        } catch (ExecutionException e) {
            return new Stopped(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Stopped(e);
        }
    }

    /** Cancels every batch not yet passed on and waits (boundedly) for the in-order thread to end. */
    @Override
    public void close() {
        pending.forEach(f -> f.cancel(true));
        inOrderThread.shutdownNow();
        try {
            // Its blocking points answer the interrupt; a write under way finishes first. The caller closes
            // the writer next, which must not race a write still running on this thread.
            inOrderThread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
