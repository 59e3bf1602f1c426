package jp.insurer.governance.batch.extract;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import jp.insurer.governance.batch.provision.ProvisionRecords;
import jp.insurer.governance.parquet.RowSchema;
import jp.insurer.governance.parquet.dataset.DatasetFile;
import jp.insurer.governance.parquet.dataset.DatasetLayout;
import jp.insurer.governance.parquet.read.ParquetRowReader;
import jp.insurer.governance.policy.config.Policy;
import jp.insurer.governance.policy.consent.ConsentAction;
import jp.insurer.governance.policy.consent.ConsentBook;
import jp.insurer.governance.policy.consent.ConsentDecision;
import jp.insurer.governance.policy.consent.ConsentPurpose;
import jp.insurer.governance.policy.consent.ConsentState;
import jp.insurer.governance.policy.consent.CustomerKey;
import jp.insurer.governance.policy.consent.LedgerLine;
import jp.insurer.governance.policy.extract.ConsentGate;
import jp.insurer.governance.policy.extract.RecordVerdict;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The consent ledger behind an outside release, as the tag run saw it (the governed copy of the
 * ledger dataset): the point-in-time {@link ConsentBook} of the business date, validated line by line
 * as the tag job does ({@link LedgerLine}). It answers what the per-record consent tags cannot: under
 * which document version a GROUP_SHARING consent was given (APPI art. 28, per recipient country), and
 * which ledger event a provision relied on (APPI art. 29 records).
 */
final class ConsentEvidence {

    /** The ledger's event id column; a ledger without it gives records without event ids. */
    static final String EVENT_ID = "event_id";

    private final ConsentBook book;
    private final List<Path> files;
    private final List<String> columns;
    private final CustomerKey keys;
    private final Set<String> purposes;
    private final Configuration conf;

    private ConsentEvidence(
            ConsentBook book,
            List<Path> files,
            List<String> columns,
            CustomerKey keys,
            Set<String> purposes,
            Configuration conf) {
        this.book = book;
        this.files = files;
        this.columns = columns;
        this.keys = keys;
        this.purposes = purposes;
        this.conf = conf;
    }

    /**
     * Reads the governed ledger into a book for the business date.
     *
     * @param columns the ledger's columns for customer_id, purpose, action, event_ts, channel, document_version
     */
    static ConsentEvidence load(
            Path governedLedger, List<String> columns, Policy policy, LocalDate date, ZoneId zone, Configuration conf)
            throws IOException {
        List<String> purposes =
                policy.purposes().stream().map(ConsentPurpose::id).toList();
        ConsentBook book =
                new ConsentBook(purposes, date.plusDays(1).atStartOfDay(zone).toInstant(), policy.customerKeys());
        List<Path> files = new ArrayList<>();
        if (!jp.insurer.governance.parquet.FileSystems.get(governedLedger, conf).exists(governedLedger)) {
            throw new IllegalStateException(
                    "the governed consent ledger '" + governedLedger.getName() + "' is missing; an outside "
                            + "release needs it for its provision record and overseas consent; run tag first");
        }
        for (DatasetFile f : new DatasetLayout(conf).files(governedLedger)) {
            if (f.relative().endsWith(".parquet")) files.add(f.path());
        }
        ConsentEvidence evidence =
                new ConsentEvidence(book, files, columns, policy.customerKeys(), Set.copyOf(purposes), conf);
        evidence.forEachLine((line, eventId) -> {
            LedgerLine.Validated v = line.validate(evidence.purposes, evidence.keys);
            if (v.event() != null) book.accept(v.event());
            else if (v.uncertain()) book.uncertain(v.customer(), v.purpose(), v.earliest(), v.latest());
        });
        return evidence;
    }

    ConsentDecision decision(String customerKey, String purpose) {
        return book.decision(customerKey, purpose);
    }

    /**
     * APPI art. 28 for one record of an overseas release: its customer's GROUP_SHARING consent must
     * be GRANTED under one of the country's informing document versions. The tag said GRANTED already;
     * a ledger that no longer shows the grant (changed since the tag run) is not sure, and excludes too.
     */
    RecordVerdict overseasVerdict(String customerKey, Set<String> informingVersions) {
        if (customerKey == null) return RecordVerdict.NO_CUSTOMER_LINK;
        ConsentDecision d = book.decision(customerKey, ConsentGate.GROUP_SHARING);
        if (d.state() != ConsentState.GRANTED) return RecordVerdict.CONSENT_UNCERTAIN;
        return d.documentVersion() != null && informingVersions.contains(d.documentVersion())
                ? RecordVerdict.INCLUDE
                : RecordVerdict.CONSENT_NOT_INFORMED_FOR_COUNTRY;
    }

    /**
     * The consents relied on per released customer: for each purpose that is GRANTED for them, the
     * deciding event's id (one more pass over the ledger; the smallest id when exact duplicates
     * decide, so reruns agree), time and document version.
     *
     * @param customers normalized keys of the customers released
     * @param relied    the purposes the release relied on (the gate's required consents, SENSITIVE_RND
     *                  where 機微情報 may go)
     */
    SortedMap<String, List<ProvisionRecords.ReliedConsent>> relied(
            SortedSet<String> customers, Collection<String> relied) throws IOException {
        Map<String, String> eventIds = new HashMap<>();
        forEachLine((line, eventId) -> {
            if (eventId == null) return;
            LedgerLine.Validated v = line.validate(purposes, keys);
            if (v.event() == null || v.event().action() != ConsentAction.GRANTED) return;
            String customer = v.event().customerId();
            String purpose = v.event().purpose();
            if (!relied.contains(purpose) || !customers.contains(customer)) return;
            ConsentDecision d = book.decision(customer, purpose);
            if (d.state() != ConsentState.GRANTED
                    || !v.event().at().equals(d.decidedAt())
                    || !Objects.equals(emptyToNull(v.event().documentVersion()), d.documentVersion())) {
                return;
            }
            eventIds.merge(customer + "\u0000" + purpose, eventId, (a, b) -> a.compareTo(b) <= 0 ? a : b);
        });
        SortedMap<String, List<ProvisionRecords.ReliedConsent>> out = new TreeMap<>();
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
        return out;
    }

    @FunctionalInterface
    private interface LineConsumer {
        void accept(LedgerLine line, String eventId);
    }

    private void forEachLine(LineConsumer consumer) throws IOException {
        for (Path file : files) {
            try (ParquetRowReader reader = ParquetRowReader.open(file, conf)) {
                RowSchema schema = reader.schema();
                int[] index = columns.stream().mapToInt(schema::indexOf).toArray();
                int eventId = schema.indexOf(EVENT_ID);
                for (Object[] row = reader.read(); row != null; row = reader.read()) {
                    consumer.accept(
                            new LedgerLine(
                                    text(row, index[0]),
                                    text(row, index[1]),
                                    text(row, index[2]),
                                    text(row, index[3]),
                                    text(row, index[4]),
                                    text(row, index[5])),
                            text(row, eventId));
                }
            } catch (IOException | RuntimeException e) {
                throw new IOException("consent ledger file " + file.getName() + ": " + e.getMessage(), e);
            }
        }
    }

    private static String text(Object[] row, int index) {
        return index < 0 || row[index] == null ? null : row[index].toString();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
