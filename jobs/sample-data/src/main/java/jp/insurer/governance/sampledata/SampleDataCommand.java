package jp.insurer.governance.sampledata;

import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import jp.insurer.governance.parquet.HadoopConfigurations;
import jp.insurer.governance.parquet.write.Codec;

/**
 * {@code generate-sample-data --customers N --out DIR [--seed S] [--as-of YYYY-MM-DD] [--codec zstd|snappy|uncompressed]
 * [--with-anomalies] [--with-text-truth] [--overwrite] [--row-group-mb M] [--file-mb M]}.
 *
 * <p>Exit codes: 0 done, 2 bad arguments (one line naming the argument; nothing written), 1 failed while running.
 */
public final class SampleDataCommand {

    static final String USAGE = """
            usage: generate-sample-data --customers N --out DIR [options]
              --customers N        number of customers (1 .. 100000000)
              --out DIR            output root: a local path or a Hadoop URI (file://, hdfs://, s3a://)
              --seed S             random seed (default 1); same seed and as-of give identical files
              --as-of YYYY-MM-DD   business date everything is dated from (default: yesterday, UTC)
              --codec C            zstd (default), snappy or uncompressed
              --with-anomalies     add a few invalid consent events (counted in _ground_truth.json)
              --with-text-truth    also write _text_truth.jsonl: the entities put into every free text, with offsets
              --overwrite          replace a previous run's output in DIR
              --row-group-mb M     Parquet row-group size in MiB (default 16; nine writers are open at once)
              --file-mb M          start a new part file after about M MiB (default 128)
            """;

    private SampleDataCommand() {}

    /** Bad command line: reported on one line, exit code 2. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        SampleDataGenerator.Settings settings;
        try {
            settings = parse(args);
        } catch (UsageException e) {
            err.println("generate-sample-data: " + e.getMessage());
            return 2;
        }
        if (settings == null) {
            out.print(USAGE);
            return 0;
        }
        QuietLogs.quietLibraries();
        long started = System.nanoTime();
        try {
            SampleDataGenerator.Result result = new SampleDataGenerator(settings, HadoopConfigurations.create()).run();
            printSummary(out, settings, result, (System.nanoTime() - started) / 1e9);
            return 0;
        } catch (SampleDataGenerator.OutputNotEmptyException e) {
            err.println("generate-sample-data: " + e.getMessage());
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("generate-sample-data: failed: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("generate-sample-data: interrupted");
            return 1;
        }
    }

    /** The settings, or null when help was asked for. */
    static SampleDataGenerator.Settings parse(String[] args) throws UsageException {
        Long customers = null;
        String out = null;
        long seed = 1;
        LocalDate asOf = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        Codec codec = Codec.ZSTD;
        boolean anomalies = false;
        boolean textTruth = false;
        boolean overwrite = false;
        long rowGroupMb = 16;
        long fileMb = 128;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--with-anomalies" -> anomalies = flag(arg, value);
                case "--with-text-truth" -> textTruth = flag(arg, value);
                case "--overwrite" -> overwrite = flag(arg, value);
                case "--customers", "--out", "--seed", "--as-of", "--codec", "--row-group-mb", "--file-mb" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException(arg + ": missing value");
                        }
                        value = args[++i];
                    }
                    switch (arg) {
                        case "--customers" -> customers = number(arg, value, 1, 100_000_000);
                        case "--out" -> {
                            if (value.isBlank()) {
                                throw new UsageException("--out: empty path");
                            }
                            out = value;
                        }
                        case "--seed" -> seed = number(arg, value, Long.MIN_VALUE, Long.MAX_VALUE);
                        case "--as-of" -> asOf = date(arg, value);
                        case "--codec" -> {
                            try {
                                codec = Codec.parse(value);
                            } catch (IllegalArgumentException e) {
                                throw new UsageException("--codec: " + e.getMessage());
                            }
                        }
                        case "--row-group-mb" -> rowGroupMb = number(arg, value, 1, 1024);
                        default -> fileMb = number(arg, value, 1, 64 * 1024);
                    }
                }
                default -> throw new UsageException("unknown argument '" + arg + "'; see --help");
            }
        }
        if (customers == null) {
            throw new UsageException("--customers: required (number of customers to generate)");
        }
        if (out == null) {
            throw new UsageException("--out: required (output folder)");
        }
        return new SampleDataGenerator.Settings(
                customers,
                out,
                seed,
                asOf,
                codec,
                anomalies,
                textTruth,
                overwrite,
                rowGroupMb * 1024 * 1024,
                fileMb * 1024 * 1024);
    }

    private static boolean flag(String arg, String value) throws UsageException {
        if (value == null || value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new UsageException(arg + ": takes no value or true/false, got '" + value + "'");
    }

    private static long number(String arg, String value, long min, long max) throws UsageException {
        try {
            long n = Long.parseLong(value.replace("_", "").replace(",", ""));
            if (n < min || n > max) {
                throw new UsageException(arg + ": " + n + " is out of range " + min + " .. " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(arg + ": not a whole number: '" + value + "'");
        }
    }

    private static LocalDate date(String arg, String value) throws UsageException {
        try {
            LocalDate d = LocalDate.parse(value);
            if (d.getYear() < 2000 || d.getYear() > 2100) {
                throw new UsageException(arg + ": year must be between 2000 and 2100, got " + value);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new UsageException(arg + ": not a date in YYYY-MM-DD form: '" + value + "'");
        }
    }

    private static void printSummary(
            PrintStream out, SampleDataGenerator.Settings s, SampleDataGenerator.Result r, double seconds) {
        out.printf(
                Locale.ROOT,
                "generated sample data: %,d customers, seed %d, as-of %s, codec %s%n",
                s.customers(),
                s.seed(),
                s.asOf(),
                s.codec().name().toLowerCase(Locale.ROOT));
        for (SampleDataGenerator.DatasetResult d : r.datasets()) {
            out.printf(Locale.ROOT, "  %-20s %,14d rows %6d file(s)%n", d.name(), d.rows(), d.files());
        }
        long total = r.totalRows();
        out.printf(
                Locale.ROOT,
                "  %-20s %,14d rows in %.1f s (%,.0f rows/s)%n",
                "total",
                total,
                seconds,
                total / Math.max(seconds, 1e-9));
        out.println("  output: " + r.root());
    }
}
