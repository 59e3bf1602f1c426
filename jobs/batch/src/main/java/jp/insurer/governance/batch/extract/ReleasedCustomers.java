package jp.insurer.governance.batch.extract;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The normalized keys of the customers one slice released, written sorted and each once, in bounded heap: at most
 * {@code runKeys} keys are held; beyond that they go to a sorted run file in the slice's local k-state folder, and
 * the runs are merged as the slice's customers file is written. At 10M customers a slice released about a million
 * customers, which held in one sorted set took a 512 MiB heap.
 */
final class ReleasedCustomers implements Consumer<String> {

    static final int RUN_KEYS = 100_000;

    private final Path folder;
    private final int runKeys;
    private final TreeSet<String> held = new TreeSet<>();
    private final List<Path> runs = new ArrayList<>();

    /** @param folder an owner-only local folder deleted with the slice's k state (the runs hold customer keys) */
    ReleasedCustomers(Path folder, int runKeys) {
        this.folder = folder;
        this.runKeys = runKeys;
    }

    @Override
    public void accept(String key) {
        held.add(key);
        if (held.size() >= runKeys) {
            try {
                spill();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("the released customers could not be spilled to " + folder, e);
            }
        }
    }

    private void spill() throws IOException {
        Path run = Files.createDirectories(folder).resolve("customers-" + runs.size());
        try (Writer w = Files.newBufferedWriter(run, StandardCharsets.UTF_8)) {
            for (String key : held) w.write(key + "\n");
        }
        runs.add(run);
        held.clear();
    }

    /** Writes every key once, ascending, one a line. */
    void writeTo(OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        if (runs.isEmpty()) {
            for (String key : held) w.write(key + "\n");
        } else {
            if (!held.isEmpty()) spill();
            List<SortedMerge.Source<String>> sources = new ArrayList<>();
            try {
                for (Path run : runs) {
                    BufferedReader reader = Files.newBufferedReader(run, StandardCharsets.UTF_8);
                    sources.add(SortedMerge.lines(run.getFileName().toString(), reader));
                }
            } catch (IOException e) {
                for (SortedMerge.Source<String> opened : sources) opened.close();
                throw e;
            }
            try (SortedMerge<String> merged = SortedMerge.lines(sources)) {
                while (merged.hasNext()) w.write(merged.next() + "\n");
            }
        }
        w.flush();
    }
}
