package jp.insurer.governance.policy.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import jp.insurer.governance.policy.audit.AuditVerification.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AuditChainTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T01:02:03Z"), ZoneOffset.UTC);
    private static final KeyedHash HASH = new KeyedHash(new byte[32], "audit/customer");

    /** A run of five records as the retention job would write them. */
    static List<String> fiveLines() {
        AuditChain chain = AuditChain.start(CLOCK);
        AffectedCustomers customers = new AffectedCustomers(HASH);
        customers.add("C0000001");
        customers.add("C0000002");
        List<String> lines = new ArrayList<>();
        lines.add(chain.append(AuditEntry.of("run-1", AuditType.RUN_STARTED).withDetail("mode=enforce")));
        lines.add(chain.append(AuditEntry.of("run-1", AuditType.RETENTION_DECISION)
                .withTarget("lapsed-contract-customers-7y", "customers", "customers/part-0.parquet")
                .withRowsRemoved(2)
                .withCustomers(customers)
                .withChecksums("sha256:aa", "sha256:bb")));
        lines.add(chain.append(AuditEntry.of("run-1", AuditType.RETENTION_COMMITTED)
                .withTarget("lapsed-contract-customers-7y", "customers", "customers/part-0.parquet")
                .withRef(2)));
        lines.add(chain.append(AuditEntry.of("run-1", AuditType.RETENTION_SKIPPED_LEGAL_HOLD)
                .withTarget("device-cookie-13m", "web_events", "web_events/dt=2025-10-01")
                .withDetail("rows spared: 3")));
        lines.add(chain.append(AuditEntry.of("run-1", AuditType.RUN_FINISHED)));
        return lines;
    }

    @Test
    void anIntactChainVerifiesAndNamesItsHead() {
        List<String> lines = fiveLines();
        AuditVerification v = AuditVerifier.verify(lines.iterator());
        assertThat(v.status()).isEqualTo(Status.OK);
        assertThat(v.records()).isEqualTo(5);
        assertThat(v.lastSequence()).isEqualTo(5);
        assertThat(v.lastHash()).matches("[0-9a-f]{64}");
        assertThat(v.tampered()).isFalse();
        assertThat(lines.get(0))
                .startsWith("{\"v\":1,\"seq\":1,\"ts\":\"2026-11-25T01:02:03Z\",\"runId\":\"run-1\"")
                .contains("\"prev\":\"" + AuditChain.GENESIS + "\"");
    }

    @Test
    void recordsCarryKeyedHashesNeverRawIds() {
        String decision = fiveLines().get(1);
        assertThat(decision)
                .doesNotContain("C0000001", "C0000002")
                .contains(HASH.hash("C0000001"), HASH.hash("C0000002"))
                .contains("\"rowsRemoved\":2,\"customers\":2")
                .contains("\"checksumBefore\":\"sha256:aa\",\"checksumAfter\":\"sha256:bb\"");
    }

    static Stream<Arguments> tampering() {
        return Stream.of(
                Arguments.of(
                        "one field of a middle line changed",
                        (UnaryOperator<List<String>>) l -> {
                            l.set(2, l.get(2).replace("\"ref\":2", "\"ref\":3"));
                            return l;
                        },
                        Status.MODIFIED,
                        3,
                        3L),
                Arguments.of(
                        "rows removed lowered",
                        (UnaryOperator<List<String>>) l -> {
                            l.set(1, l.get(1).replace("\"rowsRemoved\":2", "\"rowsRemoved\":1"));
                            return l;
                        },
                        Status.MODIFIED,
                        2,
                        2L),
                Arguments.of(
                        "a middle line deleted",
                        (UnaryOperator<List<String>>) l -> {
                            l.remove(2);
                            return l;
                        },
                        Status.OUT_OF_SEQUENCE,
                        3,
                        4L),
                Arguments.of(
                        "the first line deleted",
                        (UnaryOperator<List<String>>) l -> {
                            l.remove(0);
                            return l;
                        },
                        Status.OUT_OF_SEQUENCE,
                        1,
                        2L),
                Arguments.of(
                        "two lines swapped",
                        (UnaryOperator<List<String>>) l -> {
                            Collections.swap(l, 1, 2);
                            return l;
                        },
                        Status.OUT_OF_SEQUENCE,
                        2,
                        3L),
                Arguments.of(
                        "a line duplicated",
                        (UnaryOperator<List<String>>) l -> {
                            l.add(2, l.get(1));
                            return l;
                        },
                        Status.OUT_OF_SEQUENCE,
                        3,
                        2L),
                Arguments.of(
                        "a record re-forged with a fresh hash",
                        (UnaryOperator<List<String>>) l -> {
                            l.set(1, reforge(l.get(1), "\"rowsRemoved\":2", "\"rowsRemoved\":0"));
                            return l;
                        },
                        Status.BROKEN_LINK,
                        3,
                        3L),
                Arguments.of(
                        "a middle line truncated",
                        (UnaryOperator<List<String>>) l -> {
                            l.set(2, l.get(2).substring(0, 40));
                            return l;
                        },
                        Status.UNPARSABLE,
                        3,
                        null),
                Arguments.of(
                        "a line that is not a record",
                        (UnaryOperator<List<String>>) l -> {
                            l.set(3, "{\"hello\":\"world\"}");
                            return l;
                        },
                        Status.UNPARSABLE,
                        4,
                        null),
                Arguments.of(
                        "an empty line inserted",
                        (UnaryOperator<List<String>>) l -> {
                            l.add(1, "");
                            return l;
                        },
                        Status.UNPARSABLE,
                        2,
                        null),
                Arguments.of(
                        "the last line torn by a crash",
                        (UnaryOperator<List<String>>) l -> {
                            l.set(4, l.get(4).substring(0, l.get(4).length() - 30));
                            return l;
                        },
                        Status.TORN_TAIL,
                        5,
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tampering")
    void theFirstBrokenRecordIsNamed(
            String why, UnaryOperator<List<String>> damage, Status status, long line, Long sequence) {
        List<String> lines = damage.apply(new ArrayList<>(fiveLines()));
        AuditVerification v = AuditVerifier.verify(lines.iterator());
        assertThat(v.status()).isEqualTo(status);
        assertThat(v.line()).isEqualTo(line);
        assertThat(v.sequence()).isEqualTo(sequence);
        assertThat(v.reason()).isNotBlank();
        assertThat(v.tampered()).isEqualTo(status != Status.TORN_TAIL);
        assertThat(v.toString()).contains(status.name(), "line " + line);
    }

    @Test
    void aTornTailKeepsTheIntactHeadSoAppendingCanResume() {
        List<String> lines = new ArrayList<>(fiveLines());
        String head = AuditVerifier.verify(lines.subList(0, 4).iterator()).lastHash();
        lines.set(4, lines.get(4).substring(0, 17));

        AuditVerification v = AuditVerifier.verify(lines.iterator());
        assertThat(v.status()).isEqualTo(Status.TORN_TAIL);
        assertThat(v.records()).isEqualTo(4);
        assertThat(v.lastHash()).isEqualTo(head);

        // The job cuts the torn line and resumes from the head it was given.
        List<String> repaired = new ArrayList<>(lines.subList(0, 4));
        AuditChain chain = AuditChain.resume(v, CLOCK);
        repaired.add(
                chain.append(AuditEntry.of("run-2", AuditType.CHAIN_REPAIRED).withDetail("cut torn line 5")));
        assertThat(AuditVerifier.verify(repaired.iterator()).status()).isEqualTo(Status.OK);
    }

    @Test
    void aTamperedChainRefusesToBeResumed() {
        List<String> lines = new ArrayList<>(fiveLines());
        lines.remove(1);
        AuditVerification v = AuditVerifier.verify(lines.iterator());
        assertThatThrownBy(() -> AuditChain.resume(v, CLOCK)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theChainContinuesAcrossFilesAndBreaksAreNamedPerFile() {
        List<String> day1 = fiveLines();
        AuditVerification first = AuditVerifier.verify(day1.iterator());
        AuditChain chain = AuditChain.resume(first.lastSequence(), first.lastHash(), CLOCK);
        List<String> day2 = List.of(
                chain.append(AuditEntry.of("run-2", AuditType.RUN_STARTED)),
                chain.append(AuditEntry.of("run-2", AuditType.RUN_FINISHED)));

        AuditVerification both = AuditVerifier.verify(
                List.of(
                        new AuditVerifier.Source("audit/2026-11-25.jsonl", day1.iterator()),
                        new AuditVerifier.Source("audit/2026-11-26.jsonl", day2.iterator())),
                chain.lastHash());
        assertThat(both.status()).isEqualTo(Status.OK);
        assertThat(both.records()).isEqualTo(7);
        assertThat(both.lastSequence()).isEqualTo(7);

        // The second file alone does not start a chain.
        AuditVerification alone = AuditVerifier.verify(
                List.of(new AuditVerifier.Source("audit/2026-11-26.jsonl", day2.iterator())), null);
        assertThat(alone.status()).isEqualTo(Status.OUT_OF_SEQUENCE);
        assertThat(alone.file()).isEqualTo("audit/2026-11-26.jsonl");
        assertThat(alone.toString()).contains("audit/2026-11-26.jsonl:1");

        // Files out of order.
        AuditVerification swapped = AuditVerifier.verify(
                List.of(
                        new AuditVerifier.Source("audit/2026-11-26.jsonl", day2.iterator()),
                        new AuditVerifier.Source("audit/2026-11-25.jsonl", day1.iterator())),
                null);
        assertThat(swapped.status()).isEqualTo(Status.OUT_OF_SEQUENCE);

        // A torn line at the end of a file that was continued is damage, not a crash tail.
        List<String> tornDay1 = new ArrayList<>(day1);
        tornDay1.set(4, tornDay1.get(4).substring(0, 50));
        AuditVerification mid = AuditVerifier.verify(
                List.of(
                        new AuditVerifier.Source("audit/2026-11-25.jsonl", tornDay1.iterator()),
                        new AuditVerifier.Source("audit/2026-11-26.jsonl", day2.iterator())),
                null);
        assertThat(mid.status()).isEqualTo(Status.UNPARSABLE);
        assertThat(mid.line()).isEqualTo(5);
    }

    @Test
    void anAnchorKeptOutsideTheLogCatchesACutEnd() {
        List<String> lines = fiveLines();
        String anchor = AuditVerifier.verify(lines.iterator()).lastHash();
        AuditVerification cut = AuditVerifier.verify(
                List.of(new AuditVerifier.Source("a.jsonl", lines.subList(0, 4).iterator())), anchor);
        assertThat(cut.status()).isEqualTo(Status.HEAD_MISMATCH);
        assertThat(cut.lastSequence()).isEqualTo(4);
        assertThat(AuditVerifier.verify(List.of(new AuditVerifier.Source("a.jsonl", lines.iterator())), anchor)
                        .status())
                .isEqualTo(Status.OK);
    }

    @Test
    void longCustomerListsAreCountedAndDigestedInFullButListedOnlyUpToTheLimit() {
        AffectedCustomers many = new AffectedCustomers(HASH);
        for (int i = 0; i < 1500; i++) many.add("C" + i);
        AuditChain chain = AuditChain.start(CLOCK);
        AuditRecord r = chain.appendRecord(AuditEntry.of("run-1", AuditType.RETENTION_DECISION)
                .withRowsRemoved(1500)
                .withCustomers(many));
        assertThat(r.customers()).isEqualTo(1500);
        assertThat(r.customerHashes())
                .hasSize(AuditChain.DEFAULT_LISTED_HASHES)
                .isEqualTo(many.sorted().subList(0, 1000));
        assertThat(r.customersDigest()).isEqualTo(AffectedCustomers.digest(many.sorted()));
        assertThat(AuditVerifier.verify(List.of(r.toLine()).iterator()).status())
                .isEqualTo(Status.OK);

        AuditRecord small = chain.withListedHashes(10)
                .appendRecord(
                        AuditEntry.of("run-1", AuditType.RETENTION_DECISION).withCustomers(many));
        assertThat(small.customerHashes()).hasSize(10);
        assertThat(small.seq()).isEqualTo(2);
    }

    @Test
    void awkwardTextInFieldsStillVerifies() {
        AuditChain chain = AuditChain.start(CLOCK);
        List<String> lines = List.of(chain.append(AuditEntry.of("run \"1\"\n", AuditType.RUN_STARTED)
                .withTarget("規則", "契約/データ", "dt=2026-11-24/ファイル \\ 1.parquet")
                .withDetail("tab\t\u2028")));
        assertThat(lines.get(0)).doesNotContain("\n");
        assertThat(AuditVerifier.verify(lines.iterator()).status()).isEqualTo(Status.OK);
    }

    /** Changes a record and recomputes its own hash, as a forger who knows the format would. */
    private static String reforge(String line, String from, String to) {
        try {
            AuditRecord r = AuditRecord.parse(line.replace(from, to));
            AuditRecord forged = new AuditRecord(
                    r.seq(),
                    r.ts(),
                    r.runId(),
                    r.type(),
                    r.rule(),
                    r.dataset(),
                    r.file(),
                    r.rowsRemoved(),
                    r.customers(),
                    r.customersDigest(),
                    r.customerHashes(),
                    r.checksumBefore(),
                    r.checksumAfter(),
                    r.ref(),
                    r.detail(),
                    r.prev(),
                    null);
            return new AuditRecord(
                            r.seq(),
                            r.ts(),
                            r.runId(),
                            r.type(),
                            r.rule(),
                            r.dataset(),
                            r.file(),
                            r.rowsRemoved(),
                            r.customers(),
                            r.customersDigest(),
                            r.customerHashes(),
                            r.checksumBefore(),
                            r.checksumAfter(),
                            r.ref(),
                            r.detail(),
                            r.prev(),
                            forged.computeHash())
                    .toLine();
        } catch (AuditJson.ParseException e) {
            throw new AssertionError(e);
        }
    }
}
