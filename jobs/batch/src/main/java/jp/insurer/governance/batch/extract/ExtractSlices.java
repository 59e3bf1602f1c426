package jp.insurer.governance.batch.extract;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.parquet.PrivateFiles;
import jp.insurer.governance.parquet.dataset.DatasetFile;
import jp.insurer.governance.parquet.dataset.FooterReader;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One profile's governed files split into {@code slices} disjoint sets, decided once per run by {@code
 * extractPlan} and kept in the work folder, so that every later step, on any JVM, reads the same files: each
 * file goes whole to the slice with the fewest rows so far, largest files first (ties by dataset and path),
 * so the split depends on the files only — never on the workers — and local and remote runs release the
 * same bytes.
 *
 * <p>The work folder {@code extracts/.work-EXTRACT_ID/} (on the output's file system, which every worker
 * reaches) holds the plan and, in {@code plan-PLAN_ID/}, the staged extract, each slice's spilled k counts,
 * each link group's choice and each slice's release result; each is written whole, its index last, before its
 * step's partition completes. The plan id is new with every plan: a worker of an earlier run that is still
 * writing (its manager killed, its execution abandoned) writes under its own plan's folder, which no later
 * run reads, never into the staging of the run that replanned.
 *
 * @param planId       16 hex digits, random per plan
 *
 * @param policySha256 the policy the plan was made under: every step refuses another
 * @param inputs       what every step reads besides the slices' files — the tag marker, the catalog, the governed
 *                     consent ledger and every file of the profile's datasets — each path with its length and
 *                     modification time: tag run again (even to the same bytes) changes them, and every step
 *                     refuses to go on, so that both passes and the provision record see the same consent
 * @param datasets     dataset → its files in path order, each with its length (checked when read) and slice
 */
record ExtractSlices(
        String extractId,
        String planId,
        int slices,
        String policySha256,
        Map<String, String> inputs,
        Map<String, List<SliceFile>> datasets) {

    record SliceFile(String relative, long bytes, long rows, int slice) {}

    private static final java.util.regex.Pattern PLAN_ID = java.util.regex.Pattern.compile("[0-9a-f]{16}");
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    ExtractSlices {
        if (planId == null || !PLAN_ID.matcher(planId).matches()) {
            throw new IllegalStateException("extract " + extractId + ": its plan has no valid plan id (written by "
                    + "another version of the suite, or changed by hand); run extract again");
        }
    }

    static ExtractSlices assign(
            String extractId,
            int slices,
            String policySha256,
            Map<String, String> inputs,
            Map<String, List<DatasetFile>> files,
            FooterReader footers)
            throws IOException {
        record Sized(String dataset, DatasetFile file, long rows) {}
        List<Sized> all = new ArrayList<>();
        for (var e : files.entrySet()) {
            for (DatasetFile f : e.getValue()) all.add(new Sized(e.getKey(), f, footers.totalRows(List.of(f))));
        }
        all.sort(Comparator.comparingLong(Sized::rows)
                .reversed()
                .thenComparing(Sized::dataset)
                .thenComparing(s -> s.file().relative()));
        long[] load = new long[slices];
        Map<DatasetFile, Integer> sliceOf = new java.util.HashMap<>();
        for (Sized s : all) {
            int least = 0;
            for (int i = 1; i < slices; i++) if (load[i] < load[least]) least = i;
            load[least] += Math.max(1, s.rows());
            sliceOf.put(s.file(), least);
        }
        Map<String, List<SliceFile>> out = new LinkedHashMap<>();
        for (Sized s : all.stream()
                .sorted(Comparator.comparing((Sized x) -> x.file().relative()))
                .toList()) {
            out.computeIfAbsent(s.dataset(), d -> new ArrayList<>())
                    .add(new SliceFile(s.file().relative(), s.file().bytes(), s.rows(), sliceOf.get(s.file())));
        }
        Map<String, List<SliceFile>> ordered = new LinkedHashMap<>();
        for (String dataset : files.keySet()) ordered.put(dataset, List.copyOf(out.getOrDefault(dataset, List.of())));
        String planId = String.format("%016x", RANDOM.nextLong());
        return new ExtractSlices(extractId, planId, slices, policySha256, Map.copyOf(inputs), ordered);
    }

    /**
     * This slice's files of a dataset, from the files listed now: a planned file missing or of another length
     * means the governed zone changed since the extract began, and nothing is released from it.
     */
    List<DatasetFile> files(String dataset, int slice, List<DatasetFile> listed) {
        Map<String, DatasetFile> byPath = new LinkedHashMap<>();
        for (DatasetFile f : listed) byPath.put(f.relative(), f);
        List<DatasetFile> out = new ArrayList<>();
        for (SliceFile planned : datasets.getOrDefault(dataset, List.of())) {
            if (planned.slice() != slice) continue;
            DatasetFile now = byPath.get(planned.relative());
            if (now == null || now.bytes() != planned.bytes()) {
                throw new IllegalStateException("extract " + extractId + ": governed file " + dataset + "/"
                        + planned.relative() + " changed since this extract began (tag ran again?); run extract again");
            }
            out.add(now);
        }
        return out;
    }

    static Path work(String out, String extractId) {
        return new Path(ExtractPaths.extracts(out), ".work-" + extractId);
    }

    /** This plan's folder in the work folder: every intermediate file of the run that made the plan. */
    private Path planFolder(String out) {
        return new Path(work(out, extractId), "plan-" + planId);
    }

    /** The extract as it is staged: renamed into place whole by the last step. */
    Path staging(String out) {
        return new Path(planFolder(out), "staging");
    }

    /** The first planned file of a dataset: every slice's part takes its schema. */
    String firstFile(String dataset) {
        return datasets.get(dataset).get(0).relative();
    }

    /**
     * Refuses to go on when the inputs are not those the plan was made from.
     *
     * @param now the inputs as listed now ({@link #inputs}'s form)
     */
    void requireUnchanged(String policy, Map<String, String> now) {
        if (!policySha256.equals(policy)) {
            throw new IllegalStateException("extract " + extractId + " began under policy sha256 " + policySha256
                    + ", this JVM has " + policy + "; run extract again (or give every worker the same config)");
        }
        for (var e : inputs.entrySet()) {
            if (!e.getValue().equals(now.get(e.getKey()))) {
                throw new IllegalStateException("extract " + extractId + ": " + e.getKey()
                        + " changed since this extract began (tag ran again?); run extract again");
            }
        }
        for (String path : now.keySet()) {
            if (!inputs.containsKey(path)) {
                throw new IllegalStateException("extract " + extractId + ": " + path
                        + " appeared since this extract began (tag ran again?); run extract again");
            }
        }
    }

    static Path planFile(String out, String extractId) {
        return new Path(work(out, extractId), "plan.json");
    }

    /** A slice's sealed k counts of one link group; {@link #INDEX} last. */
    Path counts(String out, int group, int slice) {
        return new Path(planFolder(out), "k/group-" + group + "/slice-" + slice);
    }

    /** A link group's choice, made over every slice's counts; {@link #INDEX} last. */
    Path choice(String out, int group) {
        return new Path(planFolder(out), "choice/group-" + group);
    }

    /** A slice's release result (JSON); written after its parts and its customers. */
    Path result(String out, int slice) {
        return new Path(planFolder(out), "release/slice-" + slice + ".json");
    }

    /** The normalized keys of the customers a slice released, one a line, sorted (outside recipients only). */
    Path customers(String out, int slice) {
        return new Path(planFolder(out), "release/slice-" + slice + ".customers");
    }

    static final String INDEX = "INDEX.json";

    static <T> T read(FileSystem fs, Path file, Class<T> type) throws IOException {
        try (InputStream in = fs.open(file)) {
            return Json.MAPPER.readValue(in, type);
        }
    }

    /** Writes {@code value} as JSON, owner-only: work files hold person hashes and customer keys. */
    static void write(FileSystem fs, Path file, Object value) throws IOException {
        ProfileExtraction.write(fs, file, Json.MAPPER.writeValueAsString(value));
    }

    /** Replaces {@code target} with a copy of every file of the local {@code folder}, then writes the index. */
    static void upload(java.nio.file.Path folder, FileSystem fs, Path target, Object index) throws IOException {
        fs.delete(target, true);
        fs.mkdirs(target);
        List<java.nio.file.Path> files;
        try (var list = Files.list(folder)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        }
        for (java.nio.file.Path file : files) {
            try (InputStream in = Files.newInputStream(file);
                    OutputStream out = PrivateFiles.create(
                            fs, new Path(target, file.getFileName().toString()), true)) {
                in.transferTo(out);
            }
        }
        write(fs, new Path(target, INDEX), index);
    }

    /**
     * Copies every file of {@code source} but the index into the new local {@code folder} and returns the index;
     * a folder without its index was not completed by its step.
     */
    static <T> T download(FileSystem fs, Path source, java.nio.file.Path folder, Class<T> type, String what)
            throws IOException {
        Path index = new Path(source, INDEX);
        if (!fs.exists(index)) {
            throw new IllegalStateException(what + " is missing from " + source + ": the step that writes it did not "
                    + "complete; run extract again");
        }
        Files.createDirectories(folder);
        for (FileStatus status : fs.listStatus(source)) {
            String name = status.getPath().getName();
            if (!status.isFile() || name.equals(INDEX)) continue;
            try (InputStream in = fs.open(status.getPath())) {
                Files.copy(in, folder.resolve(name));
            }
        }
        return read(fs, index, type);
    }
}
