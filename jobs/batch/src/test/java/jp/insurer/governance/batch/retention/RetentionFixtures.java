package jp.insurer.governance.batch.retention;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import jp.insurer.governance.batch.SuiteRun;

/** Folders, checksums and config copies the retention tests share. */
final class RetentionFixtures {

    private RetentionFixtures() {}

    /** SHA-256 of every file below a folder, by relative path (hidden files included). */
    static Map<String, String> checksums(Path root) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        if (!Files.exists(root)) return sums;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList())
                sums.put(root.relativize(p).toString(), sha256(p));
        }
        return sums;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] b = new byte[65536];
            for (int n = in.read(b); n > 0; n = in.read(b)) sha.update(b, 0, n);
            return HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of the project's config folder with another retention.yml. */
    static Path config(Path dir, String retentionYml) throws IOException {
        Path source = SuiteRun.projectRoot().resolve("config");
        try (Stream<Path> s = Files.walk(source)) {
            for (Path p : s.toList()) {
                Path target = dir.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
        if (retentionYml != null) Files.writeString(dir.resolve("retention.yml"), retentionYml);
        return dir;
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }

    /** Hidden staging files or trash folders left anywhere below a folder. */
    static long leftovers(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".retention-tmp")
                            || p.getFileName().toString().endsWith(".retention-trash"))
                    .count();
        }
    }

    /** Audit records of one type (RETENTION_COMMITTED, …) in the log so far; a line being written counts next time. */
    static long auditRecords(Path out, String type) throws IOException {
        Path audit = out.resolve("audit");
        if (!Files.isDirectory(audit)) return 0;
        long n = 0;
        try (Stream<Path> files = Files.list(audit)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".jsonl"))
                    .toList()) {
                try (Stream<String> lines = Files.lines(f)) {
                    n += lines.filter(l -> l.contains("\"type\":\"" + type + "\""))
                            .count();
                } catch (java.io.UncheckedIOException torn) {
                    // a line being written
                }
            }
        }
        return n;
    }

    /** A fixed audit key in the state folder, as an operator provides it (enforce never generates one). */
    static void auditKey(Path state) throws IOException {
        Files.createDirectories(state);
        Files.writeString(
                state.resolve("audit.key"), "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n");
    }
}
