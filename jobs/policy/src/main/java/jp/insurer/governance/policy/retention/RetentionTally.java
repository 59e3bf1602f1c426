package jp.insurer.governance.policy.retention;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Counts for the dry-run and enforcement reports, per rule, dataset and partition. The job takes a
 * {@link Counts} cell once per partition and bumps it per row (an array increment); tallies of
 * parallel partitions or steps are combined with {@link #merge}. Not thread-safe: one tally per thread.
 */
public final class RetentionTally {

    /** {@code partition} is the partition path ({@code dt=2026-11-24}) or "" for an unpartitioned dataset. */
    public record Key(String rule, String dataset, String partition) {
        public Key {
            Objects.requireNonNull(rule);
            Objects.requireNonNull(dataset);
            partition = partition == null ? "" : partition;
        }
    }

    /** The mutable counters of one key. */
    public static final class Counts {
        private final long[] rows = new long[RowDecision.values().length];
        private long bytesScanned;
        private long bytesRemoved;

        public void add(RowDecision decision) {
            rows[decision.ordinal()]++;
        }

        /** For decisions made in bulk, e.g. a partition kept unread with its row count from the footer. */
        public void add(RowDecision decision, long count) {
            rows[decision.ordinal()] += count;
        }

        /** Filled by the job: bytes of the files read, and bytes removed (estimated in a dry run). */
        public void addBytes(long scanned, long removed) {
            bytesScanned += scanned;
            bytesRemoved += removed;
        }

        void addAll(Counts other) {
            for (int i = 0; i < rows.length; i++) rows[i] += other.rows[i];
            bytesScanned += other.bytesScanned;
            bytesRemoved += other.bytesRemoved;
        }

        Line snapshot(Key key) {
            Map<ExceptionKind, Long> spared = new EnumMap<>(ExceptionKind.class);
            long scanned = 0;
            for (RowDecision d : RowDecision.values()) {
                scanned += rows[d.ordinal()];
                if (d.sparedBy() != null) spared.put(d.sparedBy(), rows[d.ordinal()]);
            }
            return new Line(
                    key,
                    scanned,
                    rows[RowDecision.DELETE_ROW.ordinal()],
                    rows[RowDecision.NULL_COLUMNS.ordinal()],
                    rows[RowDecision.KEEP.ordinal()],
                    rows[RowDecision.KEEP_NULL_CLOCK.ordinal()],
                    rows[RowDecision.KEEP_OUT_OF_SCOPE.ordinal()],
                    spared,
                    bytesScanned,
                    bytesRemoved);
        }
    }

    /**
     * One report line.
     *
     * @param rowsScanned    every row decided, whatever the outcome
     * @param rowsKept       not expired (or clock not started)
     * @param rowsSpared     expired rows kept, per exception (every kind present, zero if none)
     */
    public record Line(
            Key key,
            long rowsScanned,
            long rowsDeleted,
            long rowsColumnsNulled,
            long rowsKept,
            long rowsKeptNullClock,
            long rowsOutOfScope,
            Map<ExceptionKind, Long> rowsSpared,
            long bytesScanned,
            long bytesRemoved) {
        public Line {
            rowsSpared = Map.copyOf(rowsSpared);
        }
    }

    private final Map<Key, Counts> counts = new HashMap<>();

    public Counts counts(String rule, String dataset, String partition) {
        return counts.computeIfAbsent(new Key(rule, dataset, partition), k -> new Counts());
    }

    /** Adds another tally's counts into this one and returns this. */
    public RetentionTally merge(RetentionTally other) {
        other.counts.forEach(
                (k, c) -> counts.computeIfAbsent(k, x -> new Counts()).addAll(c));
        return this;
    }

    /** Immutable lines, ordered by rule, dataset, partition. */
    public List<Line> lines() {
        List<Line> out = new ArrayList<>();
        counts.forEach((k, c) -> out.add(c.snapshot(k)));
        out.sort(Comparator.comparing((Line l) -> l.key().rule())
                .thenComparing(l -> l.key().dataset())
                .thenComparing(l -> l.key().partition()));
        return List.copyOf(out);
    }

    /** The sum over all keys of one rule (all rules when {@code rule} is null), for report headers. */
    public Line total(String rule) {
        Counts sum = new Counts();
        counts.forEach((k, c) -> {
            if (rule == null || rule.equals(k.rule())) sum.addAll(c);
        });
        return sum.snapshot(new Key(rule == null ? "*" : rule, "*", "*"));
    }
}
