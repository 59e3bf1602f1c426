package jp.insurer.governance.policy.classify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Which rows of a dataset the classifier reads: row groups drawn at random across all its files
 * (with probability by their rows, so every row has about the same chance), then, in each, runs of
 * consecutive rows from random positions — never simply the first rows, which an export may fill
 * with test records or leave null. Deterministic: the draws are seeded from the dataset's name and
 * each file's path and row group, so a rerun over the same files samples the same rows and writes
 * the same catalog. Memory: the plan holds at most the sampled row offsets.
 */
public final class SamplePlan {

    /** A dataset file as its footer describes it: its path relative to the dataset and its row groups' row counts. */
    public record SourceFile(String relative, List<Long> rowGroupRows) {
        public SourceFile {
            rowGroupRows = List.copyOf(rowGroupRows);
        }
    }

    /** Rows to read from one row group: offsets within the group, ascending. */
    public record Pick(int file, int rowGroup, long[] rows) {}

    /** Groups drawn at most when groups are too small to hold the target rows (many tiny files). */
    static final int MAX_GROUPS = 64;

    private final List<Pick> picks;

    private SamplePlan(List<Pick> picks) {
        this.picks = List.copyOf(picks);
    }

    /** Picks in file and row-group order, so each file is opened once and read forward. */
    public List<Pick> picks() {
        return picks;
    }

    public long rows() {
        return picks.stream().mapToLong(p -> p.rows().length).sum();
    }

    /**
     * @param target    rows to sample (all rows when the dataset has fewer)
     * @param rowGroups row groups to draw at least (more, up to {@value #MAX_GROUPS}, when they are too
     *                  small to hold {@code target} rows)
     * @param runLength consecutive rows per drawn position
     */
    public static SamplePlan of(String dataset, List<SourceFile> files, int target, int rowGroups, int runLength) {
        record Group(int file, int index, long rows, double key) {}
        SplittableRandom draw = new SplittableRandom(seed(dataset));
        List<Group> groups = new ArrayList<>();
        for (int f = 0; f < files.size(); f++) {
            List<Long> counts = files.get(f).rowGroupRows();
            for (int g = 0; g < counts.size(); g++) {
                long rows = counts.get(g);
                // Efraimidis–Spirakis: the largest u^(1/w) are a weighted sample without replacement
                double key = Math.pow(draw.nextDouble(), 1.0 / Math.max(1, rows));
                if (rows > 0) groups.add(new Group(f, g, rows, key));
            }
        }
        groups.sort(Comparator.comparingDouble(Group::key).reversed());
        List<Group> chosen = new ArrayList<>();
        long chosenRows = 0;
        int cap = Math.max(rowGroups, MAX_GROUPS);
        for (Group g : groups) {
            if (chosen.size() >= cap || (chosen.size() >= rowGroups && chosenRows >= target)) break;
            chosen.add(g);
            chosenRows += g.rows();
        }
        // smallest groups first, so what they cannot hold flows to the bigger ones
        chosen.sort(Comparator.comparingLong(Group::rows));
        List<Pick> picks = new ArrayList<>();
        long remaining = target;
        for (int i = 0; i < chosen.size() && remaining > 0; i++) {
            Group g = chosen.get(i);
            long share = Math.min(g.rows(), (remaining + (chosen.size() - i) - 1) / (chosen.size() - i));
            SplittableRandom rows = new SplittableRandom(
                    seed(dataset + '\u0000' + files.get(g.file()).relative() + '\u0000' + g.index()));
            picks.add(new Pick(g.file(), g.index(), offsets(g.rows(), share, runLength, rows)));
            remaining -= share;
        }
        picks.sort(Comparator.comparingInt(Pick::file).thenComparingInt(Pick::rowGroup));
        return new SamplePlan(picks);
    }

    /** {@code count} offsets in {@code [0, rows)}: runs of {@code runLength} from random starts. */
    static long[] offsets(long rows, long count, int runLength, SplittableRandom random) {
        if (count >= rows) {
            long[] all = new long[(int) rows];
            for (int i = 0; i < all.length; i++) all[i] = i;
            return all;
        }
        TreeSet<Long> taken = new TreeSet<>();
        while (taken.size() < count) {
            long start = random.nextLong(rows);
            for (long r = start; r < Math.min(rows, start + runLength) && taken.size() < count; r++) taken.add(r);
        }
        return taken.stream().mapToLong(Long::longValue).toArray();
    }

    /** A stable 64-bit seed from a name (the JDK's name-based UUID, so no hand-written hash). */
    private static long seed(String name) {
        UUID id = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
        return id.getMostSignificantBits() ^ id.getLeastSignificantBits();
    }
}
