package jp.insurer.governance.batch;

import java.util.Arrays;

import jp.insurer.governance.sampledata.SampleDataCommand;

/**
 * The single entry point of the suite's jar. Commands that need no job repository (text scanning,
 * sample data) run without starting Spring, so they start in a fraction of a second.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: <command> [args]; commands: run-job, scan-text, generate-sample-data");
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "generate-sample-data" -> SampleDataCommand.run(rest, System.out, System.err);
            default -> {
                System.err.println("unknown command '" + args[0] + "'; commands: run-job, scan-text, generate-sample-data");
                yield 2;
            }
        };
    }
}
