package jp.insurer.governance.batch.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.batch.provision.ProvisionRecords;
import jp.insurer.governance.parquet.Column;
import jp.insurer.governance.parquet.ColumnType;
import jp.insurer.governance.parquet.RowSchema;
import jp.insurer.governance.parquet.write.ParquetRowWriter;
import jp.insurer.governance.parquet.write.WriterOptions;
import jp.insurer.governance.policy.config.Policy;
import jp.insurer.governance.policy.config.PolicyLoader;
import jp.insurer.governance.policy.consent.ConsentAction;
import jp.insurer.governance.policy.consent.ConsentBook;
import jp.insurer.governance.policy.consent.ConsentDecision;
import jp.insurer.governance.policy.consent.ConsentPurpose;
import jp.insurer.governance.policy.consent.ConsentState;
import jp.insurer.governance.policy.consent.LedgerLine;
import jp.insurer.governance.policy.extract.ConsentGate;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consent evidence of a provision from the on-disk table and the streamed join gives exactly what the in-heap
 * {@link ConsentBook} gave (the code before, kept here as the reference), and leaves no local file behind.
 */
class ConsentEvidenceTest {

    private static final LocalDate DATE = LocalDate.parse("2026-11-24");
    private static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    private static final List<String> COLUMNS =
            List.of("customer_id", "purpose", "action", "event_ts", "channel", "document_version");

    @TempDir
    Path tmp;

    final Configuration conf = new Configuration();

    @Test
    void theReliedConsentsAndOverseasVerdictsAreTheInHeapBooks() throws Exception {
        Policy policy = PolicyLoader.load(SuiteRun.projectRoot().resolve("config"));
        List<String[]> lines = ledger(new Random(7), 2_000);
        org.apache.hadoop.fs.Path ledger = write(lines);
        TreeSet<String> released = new TreeSet<>();
        for (int c = 0; c < 2_400; c += 3) released.add(String.format("C%05d", c)); // some not in the ledger
        List<String> relied = List.of(ConsentGate.GROUP_SHARING, "MARKETING");

        SortedReference expected = reference(policy, lines, released, relied);
        Path tables = tmp.resolve("state/consent");
        try (ConsentEvidence evidence =
                ConsentEvidence.load(ledger, COLUMNS, policy, DATE, ZONE, conf, tables, 500, 64 * 1024)) {
            // A sort chunk of 97 events: many spilled chunks, duplicates of one customer across them.
            var customers = evidence.relied(released.iterator(), relied, 97);
            assertThat(customers.count()).isEqualTo(released.size());
            Map<String, List<ProvisionRecords.ReliedConsent>> actual = new TreeMap<>();
            customers.forEach(actual::put);
            assertThat(actual).isEqualTo(expected.relied);
            assertThat(actual.values().stream().flatMap(List::stream).filter(r -> r.eventId() != null))
                    .isNotEmpty();
            for (String customer : released) {
                assertThat(evidence.overseasVerdict(customer, Set.of("2024.10")))
                        .as(customer)
                        .isEqualTo(expected.overseasVerdict(customer, Set.of("2024.10")));
            }
            try (var inUse = Files.list(tables)) {
                assertThat(inUse.count())
                        .as("the table's and the join's folders")
                        .isEqualTo(2);
            }
        }
        try (var left = Files.list(tables)) {
            assertThat(left.toList()).as("removed on close").isEmpty();
        }
    }

    /** Ledger lines with repeats, withdrawals, lines after the date, bad lines, keys spelled differently. */
    private static List<String[]> ledger(Random random, int customers) {
        List<String[]> lines = new ArrayList<>();
        String[] purposes = {"GROUP_SHARING", "MARKETING", "NEWSLETTER", "UNKNOWN_PURPOSE"};
        String[] versions = {"2024.10", "2023.04", "", null};
        for (int i = 0; i < customers * 4; i++) {
            int c = random.nextInt(customers);
            String key = random.nextInt(10) == 0 ? String.format("c%05d ", c) : String.format("C%05d", c);
            String at = String.format(
                    "2026-%02d-%02dT%02d:00:00+09:00",
                    1 + random.nextInt(11), 1 + random.nextInt(28), random.nextInt(4));
            if (random.nextInt(40) == 0) at = "2026-11-25T10:00:00+09:00"; // after the business date
            if (random.nextInt(60) == 0) at = "not a time";
            String action = random.nextInt(5) == 0 ? "WITHDRAWN" : "GRANTED";
            String id = random.nextInt(15) == 0 ? null : "E" + random.nextInt(1_000_000);
            String[] line = {
                key, purposes[random.nextInt(purposes.length)], action, at, "web", versions[random.nextInt(4)], id
            };
            lines.add(line);
            if (random.nextInt(8) == 0) {
                String[] repeat = line.clone(); // the same decision again under another id
                repeat[6] = "E" + random.nextInt(1_000_000);
                lines.add(repeat);
            }
        }
        return lines;
    }

    private org.apache.hadoop.fs.Path write(List<String[]> lines) throws Exception {
        Path dir = tmp.resolve("governed/consent_events");
        Files.createDirectories(dir);
        List<Column> columns = new ArrayList<>();
        for (String c : COLUMNS) columns.add(Column.of(c, ColumnType.STRING));
        columns.add(Column.of(ConsentEvidence.EVENT_ID, ColumnType.STRING));
        RowSchema schema = RowSchema.of("consent_events", columns.toArray(Column[]::new));
        int half = lines.size() / 2;
        for (int part = 0; part < 2; part++) {
            try (ParquetRowWriter w = ParquetRowWriter.open(
                    dir.resolve("part-" + part + ".parquet").toString(), schema, WriterOptions.defaults(), conf)) {
                for (String[] line : part == 0 ? lines.subList(0, half) : lines.subList(half, lines.size()))
                    w.write(line);
            }
        }
        return new org.apache.hadoop.fs.Path(dir.toUri());
    }

    /** The evidence as the in-heap book gave it (the code this replaced). */
    private record SortedReference(ConsentBook book, Map<String, List<ProvisionRecords.ReliedConsent>> relied) {
        jp.insurer.governance.policy.extract.RecordVerdict overseasVerdict(String customer, Set<String> versions) {
            ConsentDecision d = book.decision(customer, ConsentGate.GROUP_SHARING);
            if (d.state() != ConsentState.GRANTED)
                return jp.insurer.governance.policy.extract.RecordVerdict.CONSENT_UNCERTAIN;
            return d.documentVersion() != null && versions.contains(d.documentVersion())
                    ? jp.insurer.governance.policy.extract.RecordVerdict.INCLUDE
                    : jp.insurer.governance.policy.extract.RecordVerdict.CONSENT_NOT_INFORMED_FOR_COUNTRY;
        }
    }

    private static SortedReference reference(
            Policy policy, List<String[]> lines, TreeSet<String> customers, List<String> relied) {
        List<String> purposes =
                policy.purposes().stream().map(ConsentPurpose::id).toList();
        Set<String> known = Set.copyOf(purposes);
        ConsentBook book =
                new ConsentBook(purposes, DATE.plusDays(1).atStartOfDay(ZONE).toInstant(), policy.customerKeys());
        for (String[] l : lines) {
            LedgerLine.Validated v =
                    new LedgerLine(l[0], l[1], l[2], l[3], l[4], l[5]).validate(known, policy.customerKeys());
            if (v.event() != null) book.accept(v.event());
            else if (v.uncertain()) book.uncertain(v.customer(), v.purpose(), v.earliest(), v.latest());
        }
        Map<String, String> eventIds = new HashMap<>();
        for (String[] l : lines) {
            String eventId = l[6];
            if (eventId == null) continue;
            LedgerLine.Validated v =
                    new LedgerLine(l[0], l[1], l[2], l[3], l[4], l[5]).validate(known, policy.customerKeys());
            if (v.event() == null || v.event().action() != ConsentAction.GRANTED) continue;
            String customer = v.event().customerId();
            String purpose = v.event().purpose();
            if (!relied.contains(purpose) || !customers.contains(customer)) continue;
            ConsentDecision d = book.decision(customer, purpose);
            String version = v.event().documentVersion() == null
                            || v.event().documentVersion().isEmpty()
                    ? null
                    : v.event().documentVersion();
            if (d.state() != ConsentState.GRANTED
                    || !v.event().at().equals(d.decidedAt())
                    || !Objects.equals(version, d.documentVersion())) continue;
            eventIds.merge(customer + "\u0000" + purpose, eventId, (a, b) -> a.compareTo(b) <= 0 ? a : b);
        }
        Map<String, List<ProvisionRecords.ReliedConsent>> out = new TreeMap<>();
        for (String customer : customers) {
            List<ProvisionRecords.ReliedConsent> consents = new ArrayList<>();
            for (String purpose : relied) {
                ConsentDecision d = book.decision(customer, purpose);
                if (d.state() != ConsentState.GRANTED) continue;
                consents.add(new ProvisionRecords.ReliedConsent(
                        purpose, eventIds.get(customer + "\u0000" + purpose), d.decidedAt(), d.documentVersion()));
            }
            out.put(customer, consents);
        }
        return new SortedReference(book, out);
    }
}
