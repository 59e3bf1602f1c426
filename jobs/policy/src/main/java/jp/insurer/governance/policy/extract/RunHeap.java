package jp.insurer.governance.policy.extract;

/**
 * A min-heap of run numbers keyed by each run's current value, for k-way merges of sorted runs
 * (no object per value: merges see every person and signature). Equal keys come out smallest run first,
 * so a merge's order does not depend on the heap's history.
 */
final class RunHeap {

    private final int[] runs;
    private final long[] keys; // by run
    private int size;

    RunHeap(int capacity) {
        runs = new int[capacity];
        keys = new long[capacity];
    }

    boolean isEmpty() {
        return size == 0;
    }

    int top() {
        return runs[0];
    }

    long topKey() {
        return keys[runs[0]];
    }

    void push(int run, long key) {
        keys[run] = key;
        int at = size++;
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (!less(run, runs[parent])) break;
            runs[at] = runs[parent];
            at = parent;
        }
        runs[at] = run;
    }

    /** The top run's next key. */
    void replaceTop(long key) {
        keys[runs[0]] = key;
        siftDown();
    }

    void pop() {
        runs[0] = runs[--size];
        if (size > 0) siftDown();
    }

    private void siftDown() {
        int run = runs[0];
        int at = 0;
        while (true) {
            int child = 2 * at + 1;
            if (child >= size) break;
            if (child + 1 < size && less(runs[child + 1], runs[child])) child++;
            if (!less(runs[child], run)) break;
            runs[at] = runs[child];
            at = child;
        }
        runs[at] = run;
    }

    private boolean less(int a, int b) {
        int c = Long.compare(keys[a], keys[b]);
        return c < 0 || (c == 0 && a < b);
    }
}
