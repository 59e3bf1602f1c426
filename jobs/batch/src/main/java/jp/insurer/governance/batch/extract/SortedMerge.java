package jp.insurer.governance.batch.extract;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * A k-way merge of sorted sources into one sorted stream without duplicates (equal by the comparator, within a
 * source or across sources): the heap holds one element per source, whatever their lengths. A source out of order
 * fails the merge (naming the source, never the element): a provision record built from it would silently miss or
 * repeat customers. Written by hand: Guava's {@code Iterators.mergeSorted} is not a dependency of this module and
 * neither drops duplicates nor checks the order.
 */
final class SortedMerge<T> implements Iterator<T>, Closeable {

    /** One sorted source; {@link #next} gives null at its end. */
    interface Source<T> extends Closeable {
        T next() throws IOException;

        /** Names the source in errors (a file name, no content). */
        String name();
    }

    private record Head<T>(T value, int source) {}

    private final List<Source<T>> sources;
    private final Comparator<? super T> order;
    private final PriorityQueue<Head<T>> heads;
    private final List<T> last;
    private T previous;
    private T next;

    /** Takes the sources over: they are closed with the merge, or here when their first elements cannot be read. */
    SortedMerge(List<? extends Source<T>> sources, Comparator<? super T> order) throws IOException {
        this.sources = List.copyOf(sources);
        this.order = order;
        this.heads = new PriorityQueue<>(
                Math.max(1, sources.size()),
                Comparator.<Head<T>, T>comparing(Head::value, order).thenComparingInt(Head::source));
        this.last = new ArrayList<>();
        for (int s = 0; s < this.sources.size(); s++) last.add(null);
        try {
            for (int s = 0; s < this.sources.size(); s++) advance(s);
            next = take();
        } catch (IOException | RuntimeException e) {
            closeQuietly(e);
            throw e;
        }
    }

    /** Sorted lines (one key per line, as the slices write them), merged by {@link String#compareTo}. */
    static SortedMerge<String> lines(List<? extends Source<String>> sources) throws IOException {
        return new SortedMerge<>(sources, Comparator.naturalOrder());
    }

    /** A source of the lines of a reader, closed with the merge. */
    static Source<String> lines(String name, BufferedReader reader) {
        return new Source<>() {
            @Override
            public String next() throws IOException {
                return reader.readLine();
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }

    @Override
    public boolean hasNext() {
        return next != null;
    }

    @Override
    public T next() {
        if (next == null) throw new NoSuchElementException();
        T out = next;
        try {
            next = take();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The next element not equal to the one given before, or null at the end of every source. */
    private T take() throws IOException {
        while (!heads.isEmpty()) {
            Head<T> head = heads.poll();
            advance(head.source());
            if (previous == null || order.compare(previous, head.value()) != 0) {
                previous = head.value();
                return head.value();
            }
        }
        return null;
    }

    private void advance(int s) throws IOException {
        T value = sources.get(s).next();
        if (value == null) return;
        T before = last.get(s);
        if (before != null && order.compare(before, value) > 0) {
            throw new IllegalStateException(
                    "sorted merge: source " + sources.get(s).name() + " is not sorted; nothing is merged from it");
        }
        last.set(s, value);
        heads.add(new Head<>(value, s));
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Source<T> s : sources) {
            try {
                s.close();
            } catch (IOException e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
    }

    private void closeQuietly(Exception cause) {
        try {
            close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }
}
