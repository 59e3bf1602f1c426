package jp.insurer.governance.batch.extract;

import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.fs.Path;
import org.springframework.util.FileSystemUtils;

/** Where the extract job reads and writes, under the output root. */
final class ExtractPaths {

    private ExtractPaths() {}

    /** Deterministic, so that a rerun of the same profile and date replaces the same release. */
    static String extractId(String profile, LocalDate date) {
        return profile + "-" + date;
    }

    static Path extracts(String out) {
        return new Path(out, "extracts");
    }

    static Path release(String out, String extractId) {
        return new Path(extracts(out), extractId);
    }

    /** The previous release while it is being replaced; see {@link ExtractSteps#publish}. */
    static Path previous(String out, String extractId) {
        return new Path(extracts(out), ".previous-" + extractId);
    }

    static Path governed(String out) {
        return new Path(out, "governed");
    }

    static Path taggedMarker(String out) {
        return new Path(governed(out), "_tagged.json");
    }

    static Path catalog(String out) {
        return new Path(out, "catalog/catalog.json");
    }

    static Path report(String out, String date, String extension) {
        return new Path(out, "reports/extract-" + date + "." + extension);
    }

    /**
     * A new, empty, owner-only local folder for one run of one profile's spilled k state,
     * {@code STATE/extract-k/PID-RANDOM-EXTRACT_ID}: its own even when the same profile runs twice at once
     * (a redelivered partition), since two runs sharing spill files would count each other's people. Removes
     * every folder a process now gone left (a killed run of any profile or date), never a live process's:
     * spill files hold person hashes.
     */
    static java.nio.file.Path kState(String state, String extractId) throws IOException {
        return processFolder(state, "extract-k", "-" + extractId);
    }

    /**
     * A new owner-only folder for this JVM's own-identifier index files, {@code STATE/extract-own/PID-RANDOM};
     * folders of processes no longer running (killed before their shutdown hook) are deleted first.
     */
    static java.nio.file.Path ownIdentifiers(String state) throws IOException {
        return processFolder(state, "extract-own", "");
    }

    /** {@code STATE/KIND/PID-RANDOM+SUFFIX}, new and owner-only, after removing what processes now gone left. */
    private static java.nio.file.Path processFolder(String state, String kind, String suffix) throws IOException {
        java.nio.file.Path base = Files.createDirectories(java.nio.file.Path.of(state, kind));
        List<java.nio.file.Path> left;
        try (Stream<java.nio.file.Path> children = Files.list(base)) {
            left = children.filter(p -> {
                        String name = p.getFileName().toString();
                        int dash = name.indexOf('-');
                        if (dash < 1 || !name.substring(0, dash).matches("[0-9]{1,18}")) return false;
                        return ProcessHandle.of(Long.parseLong(name.substring(0, dash)))
                                .isEmpty();
                    })
                    .toList();
        }
        for (java.nio.file.Path folder : left) FileSystemUtils.deleteRecursively(folder);
        java.nio.file.Path folder = base.resolve(ProcessHandle.current().pid() + "-"
                + Long.toHexString(new java.security.SecureRandom().nextLong()) + suffix);
        if (base.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.createDirectory(
                    folder,
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        }
        return Files.createDirectory(folder);
    }
}
