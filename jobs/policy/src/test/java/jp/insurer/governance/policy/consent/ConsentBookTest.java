package jp.insurer.governance.policy.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsentBookTest {

    static final List<String> PURPOSES = List.of("MARKETING", "SENSITIVE_RND");
    /** End of business date 2026-11-24 in Japan. */
    static final Instant CUTOFF = Instant.parse("2026-11-24T15:00:00Z");

    /**
     * Each row: events "ACTION@instant[@version]" separated by spaces, in file order; the expected
     * state for MARKETING as of the cutoff, and the deciding version.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        no event                          | -                                                                         | NOT_GIVEN | -
        one grant                         | GRANTED@2024-01-01T00:00:00Z@v1                                           | GRANTED   | v1
        grant then withdrawal             | GRANTED@2024-01-01T00:00:00Z@v1 WITHDRAWN@2025-01-01T00:00:00Z@v2         | WITHDRAWN | v2
        re-grant after withdrawal         | GRANTED@2024-01-01T00:00:00Z WITHDRAWN@2025-01-01T00:00:00Z GRANTED@2026-01-01T00:00:00Z@v3 | GRANTED | v3
        out of order in the file          | GRANTED@2026-01-01T00:00:00Z@v3 GRANTED@2024-01-01T00:00:00Z@v1 WITHDRAWN@2025-01-01T00:00:00Z | GRANTED | v3
        withdrawal after the date ignored | GRANTED@2024-01-01T00:00:00Z@v1 WITHDRAWN@2026-11-24T15:00:00Z             | GRANTED   | v1
        withdrawal on the last instant    | GRANTED@2024-01-01T00:00:00Z@v1 WITHDRAWN@2026-11-24T14:59:59.999999Z@v2   | WITHDRAWN | v2
        only future events                | GRANTED@2026-12-01T00:00:00Z                                              | NOT_GIVEN | -
        same instant: withdrawal wins     | WITHDRAWN@2025-05-05T05:05:05Z@v2 GRANTED@2025-05-05T05:05:05Z@v2         | WITHDRAWN | v2
        same instant reversed             | GRANTED@2025-05-05T05:05:05Z@v2 WITHDRAWN@2025-05-05T05:05:05Z@v2         | WITHDRAWN | v2
        duplicates                        | GRANTED@2024-01-01T00:00:00Z@v1 GRANTED@2024-01-01T00:00:00Z@v1            | GRANTED   | v1
        """)
    void latestEventOnOrBeforeTheDateDecides(String why, String events, ConsentState expected, String version) {
        ConsentBook book = new ConsentBook(PURPOSES, CUTOFF);
        book.accept(event("other-customer", "MARKETING", "GRANTED@2020-01-01T00:00:00Z"));
        if (events != null) for (String e : events.split(" ")) book.accept(event("c1", "MARKETING", e));

        ConsentDecision decision = book.decision("c1", "MARKETING");
        assertThat(decision.state()).isEqualTo(expected);
        assertThat(decision.documentVersion()).isEqualTo(version);
        assertThat(book.state("c1", "SENSITIVE_RND")).isEqualTo(ConsentState.NOT_GIVEN);
    }

    @Test
    void answerDoesNotDependOnEventOrderOrDuplicates() {
        Random random = new Random(11);
        List<ConsentEvent> events = new ArrayList<>();
        for (int c = 0; c < 3000; c++) {
            int n = random.nextInt(5);
            for (int i = 0; i < n; i++) {
                Instant at = Instant.parse("2024-01-01T00:00:00Z").plusSeconds(random.nextInt(3 * 365 * 86400));
                events.add(new ConsentEvent(
                        "C" + c,
                        PURPOSES.get(random.nextInt(2)),
                        random.nextInt(3) == 0 ? ConsentAction.WITHDRAWN : ConsentAction.GRANTED,
                        at,
                        "web",
                        "v" + random.nextInt(3)));
            }
        }
        List<ConsentEvent> sorted = new ArrayList<>(events);
        sorted.sort((a, b) -> a.at().compareTo(b.at()));
        List<ConsentEvent> shuffled = new ArrayList<>(events);
        shuffled.addAll(events.subList(0, 500)); // replayed duplicates
        Collections.shuffle(shuffled, random);

        ConsentBook a = new ConsentBook(PURPOSES, CUTOFF);
        sorted.forEach(a::accept);
        ConsentBook b = new ConsentBook(PURPOSES, CUTOFF);
        shuffled.forEach(b::accept);

        assertThat(b.customers()).isEqualTo(a.customers());
        assertThat(b.countsPerPurpose()).isEqualTo(a.countsPerPurpose());
        for (int c = 0; c < 3000; c++) {
            for (String p : PURPOSES) assertThat(b.decision("C" + c, p)).isEqualTo(a.decision("C" + c, p));
            ConsentState[] states = b.states("C" + c);
            for (int p = 0; p < PURPOSES.size(); p++)
                assertThat(states[p]).isEqualTo(a.state("C" + c, PURPOSES.get(p)));
        }
        assertThat(a.countsPerPurpose().get("MARKETING").get(ConsentState.GRANTED))
                .isPositive();
    }

    @Test
    void unknownCustomerHasNotGiven() {
        ConsentBook book = new ConsentBook(PURPOSES, CUTOFF);
        assertThat(book.state("nobody", "MARKETING")).isEqualTo(ConsentState.NOT_GIVEN);
        assertThat(book.decision(null, "MARKETING")).isEqualTo(ConsentDecision.NOT_GIVEN);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        valid                 | C1 | MARKETING   | GRANTED   | 2024-05-01T10:15:00+09:00 | -
        lower-case action     | C1 | MARKETING   | withdrawn | 2024-05-01T10:15:00Z      | -
        missing customer      | -  | MARKETING   | GRANTED   | 2024-05-01T10:15:00Z      | MISSING_CUSTOMER
        blank customer        | ' '| MARKETING   | GRANTED   | 2024-05-01T10:15:00Z      | MISSING_CUSTOMER
        unknown purpose       | C1 | TELEMARKET  | GRANTED   | 2024-05-01T10:15:00Z      | UNKNOWN_PURPOSE
        unknown action        | C1 | MARKETING   | MAYBE     | 2024-05-01T10:15:00Z      | UNKNOWN_ACTION
        time without zone     | C1 | MARKETING   | GRANTED   | 2024-05-01T10:15:00       | TIME_WITHOUT_OFFSET
        garbage time          | C1 | MARKETING   | GRANTED   | yesterday                 | UNPARSABLE_TIME
        missing time          | C1 | MARKETING   | GRANTED   | -                         | UNPARSABLE_TIME
        """)
    void ledgerLinesAreValidatedNeverGuessed(
            String why, String customer, String purpose, String action, String time, LedgerLine.Problem problem) {
        LedgerLine.Validated v =
                new LedgerLine(customer, purpose, action, time, "web", "v1").validate(Set.copyOf(PURPOSES));
        assertThat(v.problem()).isEqualTo(problem);
        assertThat(v.event() == null).isEqualTo(problem != null);
    }

    /**
     * Uncertain lines among valid events. Each event "ACTION@instant" as above, or "UNCERTAIN@from/to"
     * (a window), "UNCERTAIN@instant", "UNCERTAIN@-" (time unreadable) — for MARKETING; "ALL" instead of
     * UNCERTAIN for a line whose purpose is unreadable; "SRND" for one about SENSITIVE_RND.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        uncertain only                         | UNCERTAIN@2025-01-01T00:00:00Z                                         | UNCERTAIN | NOT_GIVEN
        grant, later uncertain withdrawal      | GRANTED@2024-01-01T00:00:00Z UNCERTAIN@2025-01-01T00:00:00Z            | UNCERTAIN | NOT_GIVEN
        uncertain, then a later grant decides  | UNCERTAIN@2024-01-01T00:00:00Z GRANTED@2025-01-01T00:00:00Z            | GRANTED   | NOT_GIVEN
        uncertain, later withdrawal decides    | UNCERTAIN@2024-01-01T00:00:00Z WITHDRAWN@2025-01-01T00:00:00Z          | WITHDRAWN | NOT_GIVEN
        same instant: uncertain wins           | WITHDRAWN@2025-01-01T00:00:00Z UNCERTAIN@2025-01-01T00:00:00Z GRANTED@2025-01-01T00:00:00Z | UNCERTAIN | NOT_GIVEN
        unreadable time: nothing is later      | GRANTED@2024-01-01T00:00:00Z UNCERTAIN@- GRANTED@2026-11-24T14:00:00Z  | UNCERTAIN | NOT_GIVEN
        uncertain after the date ignored       | GRANTED@2024-01-01T00:00:00Z UNCERTAIN@2026-11-24T15:00:00Z            | GRANTED   | NOT_GIVEN
        window after the date ignored          | GRANTED@2024-01-01T00:00:00Z UNCERTAIN@2026-11-24T15:00:00Z/2026-11-25T12:00:00Z | GRANTED | NOT_GIVEN
        window reaching past the date          | GRANTED@2024-01-01T00:00:00Z UNCERTAIN@2026-11-24T00:00:00Z/2026-11-25T02:00:00Z GRANTED@2026-11-24T14:59:00Z | UNCERTAIN | NOT_GIVEN
        grant inside the window does not clear | UNCERTAIN@2025-01-01T00:00:00Z/2025-01-02T02:00:00Z GRANTED@2025-01-01T20:00:00Z | UNCERTAIN | NOT_GIVEN
        grant after the window clears          | UNCERTAIN@2025-01-01T00:00:00Z/2025-01-02T02:00:00Z GRANTED@2025-01-02T02:00:01Z | GRANTED   | NOT_GIVEN
        another purpose untouched              | GRANTED@2024-01-01T00:00:00Z SRND@2025-01-01T00:00:00Z                 | GRANTED   | UNCERTAIN
        unreadable purpose: every purpose      | GRANTED@2024-01-01T00:00:00Z ALL@2025-01-01T00:00:00Z                  | UNCERTAIN | UNCERTAIN
        unreadable purpose and time            | ALL@- GRANTED@2026-01-01T00:00:00Z                                     | UNCERTAIN | UNCERTAIN
        """)
    void anUntrustedLineMakesConsentUncertainUntilAValidEventCertainlyAfterIt(
            String why, String events, ConsentState marketing, ConsentState sensitive) {
        ConsentBook book = new ConsentBook(PURPOSES, CUTOFF);
        for (String e : events.split(" ")) add(book, "c1", e);
        assertThat(book.state("c1", "MARKETING")).isEqualTo(marketing);
        assertThat(book.state("c1", "SENSITIVE_RND")).isEqualTo(sensitive);
        assertThat(book.states("c1")).containsExactly(marketing, sensitive);
        boolean anyUncertain = marketing == ConsentState.UNCERTAIN || sensitive == ConsentState.UNCERTAIN;
        assertThat(book.uncertainCustomers()).isEqualTo(anyUncertain ? 1 : 0);
        assertThat(book.countsPerPurpose().get("MARKETING").get(marketing)).isEqualTo(1);
        // and in any order
        List<String> reversed = new ArrayList<>(List.of(events.split(" ")));
        Collections.reverse(reversed);
        ConsentBook other = new ConsentBook(PURPOSES, CUTOFF);
        reversed.forEach(e -> add(other, "c1", e));
        assertThat(other.states("c1")).containsExactly(marketing, sensitive);
    }

    @Test
    void anUnreadableTimeHasNoDecidingInstant() {
        ConsentBook book = new ConsentBook(PURPOSES, CUTOFF);
        add(book, "c1", "GRANTED@2024-01-01T00:00:00Z");
        add(book, "c1", "UNCERTAIN@-");
        assertThat(book.decision("c1", "MARKETING")).isEqualTo(new ConsentDecision(ConsentState.UNCERTAIN, null, null));
        add(book, "c2", "UNCERTAIN@2025-01-01T00:00:00Z/2025-01-02T00:00:00Z");
        assertThat(book.decision("c2", "MARKETING").decidedAt()).isEqualTo(Instant.parse("2025-01-02T00:00:00Z"));
    }

    @Test
    void customerKeysAreNormalizedOnTheWayInAndOnEveryLookup() {
        ConsentBook book = new ConsentBook(PURPOSES, CUTOFF, CustomerKey.DEFAULT);
        book.accept(event("C00012", "MARKETING", "GRANTED@2024-01-01T00:00:00Z"));
        book.accept(event("ｃ０００１２\u3000", "MARKETING", "WITHDRAWN@2025-01-01T00:00:00Z"));
        book.uncertain(" c 00013", "MARKETING", null, null);
        for (String id : List.of("C00012", "c00012", "Ｃ００ ０１２", " C00012\t")) {
            assertThat(book.state(id, "MARKETING")).as(id).isEqualTo(ConsentState.WITHDRAWN);
        }
        assertThat(book.states("c00013")[0]).isEqualTo(ConsentState.UNCERTAIN);
        assertThat(book.customers()).isEqualTo(2);
        assertThat(book.states("   ")).containsOnly(ConsentState.NOT_GIVEN);

        // upper casing switched off: c00012 and C00012 are two customers (width still folded)
        ConsentBook exact = new ConsentBook(PURPOSES, CUTOFF, new CustomerKey(true, true, false));
        exact.accept(event("c00012", "MARKETING", "WITHDRAWN@2025-01-01T00:00:00Z"));
        assertThat(exact.state("C00012", "MARKETING")).isEqualTo(ConsentState.NOT_GIVEN);
        assertThat(exact.state("ｃ00012", "MARKETING")).isEqualTo(ConsentState.WITHDRAWN);
    }

    @Test
    void ledgerCustomersMissingFromTheCustomerMasterAreToldOnce() {
        ConsentBook book = new ConsentBook(PURPOSES, CUTOFF);
        book.addMasterCustomer("C1");
        book.addMasterCustomer("C2");
        book.addMasterCustomer("C3"); // in the master, silent in the ledger
        book.accept(event("c1", "MARKETING", "GRANTED@2024-01-01T00:00:00Z"));
        book.accept(event("C2", "MARKETING", "GRANTED@2024-01-01T00:00:00Z"));
        book.accept(event("C9", "MARKETING", "GRANTED@2024-01-01T00:00:00Z"));
        book.uncertain("C8", null, null, null);
        assertThat(book.firstSeenUnmatched("c1")).isFalse();
        assertThat(book.firstSeenUnmatched("C9")).isTrue();
        assertThat(book.firstSeenUnmatched("c9")).isFalse(); // once
        assertThat(book.unmatchedCustomers()).isEqualTo(2);
        assertThat(book.customers()).isEqualTo(4); // ledger customers only
        assertThat(book.countsPerPurpose().get("MARKETING").values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isEqualTo(4);
        assertThat(book.uncertainCustomers()).isEqualTo(1);
        // growth keeps the flags
        for (int i = 0; i < 5000; i++) book.addMasterCustomer("M" + i);
        assertThat(book.unmatchedCustomers()).isEqualTo(2);
        assertThat(book.customers()).isEqualTo(4);
        assertThat(book.state("C8", "SENSITIVE_RND")).isEqualTo(ConsentState.UNCERTAIN);
    }

    private static void add(ConsentBook book, String customer, String spec) {
        String[] parts = spec.split("@");
        String kind = parts[0];
        if (kind.equals("GRANTED") || kind.equals("WITHDRAWN")) {
            book.accept(event(customer, "MARKETING", spec));
            return;
        }
        String purpose = kind.equals("ALL") ? null : kind.equals("SRND") ? "SENSITIVE_RND" : "MARKETING";
        if (parts[1].equals("-")) {
            book.uncertain(customer, purpose, null, null);
            return;
        }
        String[] window = parts[1].split("/");
        book.uncertain(customer, purpose, Instant.parse(window[0]), Instant.parse(window[window.length - 1]));
    }

    private static ConsentEvent event(String customer, String purpose, String spec) {
        String[] parts = spec.split("@");
        return new ConsentEvent(
                customer,
                purpose,
                ConsentAction.valueOf(parts[0]),
                Instant.parse(parts[1]),
                "web",
                parts.length > 2 ? parts[2] : "v0");
    }
}
