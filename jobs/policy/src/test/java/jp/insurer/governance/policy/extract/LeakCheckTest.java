package jp.insurer.governance.policy.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import jp.insurer.governance.policy.detect.TestScanners;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The leak check reads every released value, whatever its type, and knows a key to a person when it sees one. */
class LeakCheckTest {

    /**
     * A valid 個人番号, check digit computed here from the published rule (not with the detector's
     * code): Σ P(n)·Q(n) over the 11 digits counted from the right, Q(n) = n+1 for n ≤ 6, n−5
     * above; the check digit is 0 when the sum mod 11 is at most 1, else 11 − (sum mod 11).
     */
    static String myNumber(long eleven) {
        String base = String.format("%011d", eleven);
        int sum = 0;
        for (int n = 1; n <= 11; n++) {
            int p = base.charAt(11 - n) - '0';
            sum += p * (n <= 6 ? n + 1 : n - 5);
        }
        int r = sum % 11;
        return base + (r <= 1 ? 0 : 11 - r);
    }

    static LeakCheck kept(String... columns) {
        Map<String, Set<String>> allowed = new java.util.HashMap<>();
        for (String c : columns) allowed.put(c, Set.of());
        return new LeakCheck(TestScanners.project(), allowed, Set.of(), Set.of(columns));
    }

    @Test
    void aKeptStatusCodeNamingADiagnosisIsALeakInEnglishAsInJapanese() {
        for (String status :
                List.of("がん診断による払込免除", "WAIVED_CANCER_DX", "waivedCancerDx", "HOSPITALIZED-2", "HOSPITAL")) {
            LeakCheck check = kept("status");
            check.inspect("status", "ACTIVE");
            check.inspect("status", status);
            assertThat(check.leaks()).as(status).containsExactly(new LeakCheck.Leak("status", "SENSITIVE"));
        }
        LeakCheck ordinary = kept("status");
        for (String status : List.of("ACTIVE", "LAPSED", "WAIVED_PREMIUM", "PAID_UP", "ORGANIC"))
            ordinary.inspect("status", status);
        assertThat(ordinary.leaks()).isEmpty();
    }

    @Test
    void theCheckDigitRuleHereIsTheOfficialOne() {
        // the example number used across the literature on the check digit
        assertThat(myNumber(12345678901L)).isEqualTo("123456789018");
    }

    @Test
    void myNumbersStoredAsNumbersOfEveryNumericTypeAreLeaks() {
        String mine = myNumber(62149832025L);
        long asLong = Long.parseLong(mine);
        List<Object> forms =
                List.of(asLong, BigInteger.valueOf(asLong), new BigDecimal(mine), new BigDecimal(mine + ".00"), (double)
                        asLong);
        for (Object form : forms) {
            LeakCheck check = kept("ref_no");
            check.inspect("ref_no", form);
            assertThat(check.leaks())
                    .as(form.getClass().getSimpleName())
                    .containsExactly(new LeakCheck.Leak("ref_no", "MY_NUMBER"));
        }
        // a My Number beginning with 0 loses a digit as a number; the check reads it back to 12 digits
        String zero = myNumber(1234567890L);
        assertThat(zero).startsWith("0");
        LeakCheck check = kept("ref_no");
        check.inspect("ref_no", Long.parseLong(zero));
        assertThat(check.leaks()).containsExactly(new LeakCheck.Leak("ref_no", "MY_NUMBER"));
    }

    @Test
    void phoneNumbersStoredAsNumbersAreLeaksAndOrdinaryNumbersAreNot() {
        LeakCheck mobile = kept("contact_no");
        mobile.inspect("contact_no", 9031415926L); // 090-3141-5926 without its trunk 0
        assertThat(mobile.leaks()).containsExactly(new LeakCheck.Leak("contact_no", "PHONE_NUMBER"));
        LeakCheck landline = kept("contact_no");
        landline.inspect("contact_no", 332125678); // 03-3212-5678 as an INT32
        assertThat(landline.leaks()).containsExactly(new LeakCheck.Leak("contact_no", "PHONE_NUMBER"));

        LeakCheck amounts = kept("premium_jpy", "start_date", "renewals", "rate");
        for (int i = 0; i < 150; i++) {
            amounts.inspect(
                    List.of("premium_jpy", "start_date", "renewals", "rate"),
                    new Object[] {
                        120_000 + 500 * (i % 5),
                        LocalDate.of(2024, 1 + i % 12, 1),
                        i % 4,
                        new BigDecimal("0.0" + (i % 9))
                    },
                    "C" + (i % 50));
        }
        assertThat(amounts.leaks()).isEmpty();
    }

    @Test
    void binaryThatIsNotTextCannotBeShownHarmless() {
        LeakCheck check = kept("blob", "text");
        check.inspect("blob", new byte[] {(byte) 0xff, (byte) 0xfe, 0x01});
        check.inspect("text", "090-3141-5926".getBytes(StandardCharsets.UTF_8));
        assertThat(check.leaks())
                .containsExactly(
                        new LeakCheck.Leak("blob", LeakCheck.UNREADABLE), new LeakCheck.Leak("text", "PHONE_NUMBER"));
    }

    @Test
    void anIdentifierRepeatedOnEveryRowOfACustomerIsAKeyWhileASharedCategoryIsNot() {
        // 60 customers with 2-4 policies each: line_id is the same on all of a customer's rows,
        // product and status are shared by many customers, renewals are small numbers
        SplittableRandom random = new SplittableRandom(7);
        List<String> columns = List.of("line_id", "product_code", "status", "renewals");
        LeakCheck check = kept(columns.toArray(String[]::new));
        int rows = 0;
        for (int customer = 0; customer < 60; customer++) {
            String line = "U" + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
            for (int p = 0; p < 2 + customer % 3; p++, rows++) {
                check.inspect(
                        columns,
                        new Object[] {
                            line,
                            "PRD-" + random.nextInt(6),
                            random.nextBoolean() ? "ACTIVE" : "LAPSED",
                            random.nextInt(5)
                        },
                        "C" + customer);
            }
        }
        assertThat(rows).isGreaterThanOrEqualTo(LeakCheck.RECORD_KEY_MIN_ROWS);
        assertThat(check.leaks()).containsExactly(new LeakCheck.Leak("line_id", LeakCheck.RECORD_KEY));

        // the old rule counted distinct values per row: 60 values over 180 rows looked like a category
        LeakCheck byValue = kept("line_id");
        for (int customer = 0; customer < 60; customer++) {
            for (int p = 0; p < 3; p++) byValue.inspect(List.of("line_id"), new Object[] {"L" + (1000 + customer)});
        }
        assertThat(byValue.leaks())
                .as("without customers the repeated values look shared")
                .isEmpty();
    }

    @Test
    void aNumericIdentifierPerCustomerIsAKeyToo() {
        LeakCheck check = kept("member_no");
        for (int customer = 0; customer < 50; customer++) {
            for (int p = 0; p < 3; p++)
                check.inspect(List.of("member_no"), new Object[] {70_000L + customer}, "C" + customer);
        }
        assertThat(check.leaks()).containsExactly(new LeakCheck.Leak("member_no", LeakCheck.RECORD_KEY));
    }

    @Test
    void recordsLinkedToNobodyAreTheirOwnOwners() {
        LeakCheck check = kept("claim_no", "channel");
        for (int i = 0; i < 150; i++) {
            check.inspect(
                    List.of("claim_no", "channel"),
                    new Object[] {"CL" + (100_000 + i), i % 2 == 0 ? "web" : "app"},
                    null);
        }
        assertThat(check.leaks()).containsExactly(new LeakCheck.Leak("claim_no", LeakCheck.RECORD_KEY));
    }

    @Test
    void tooManyDistinctKeptValuesToTrackFailsClosed() {
        LeakCheck check = kept("amount");
        // shared by two customers each, so not a key — but beyond what the check tracks
        for (int i = 0; i <= LeakCheck.MEMO_LIMIT; i++) {
            check.inspect(List.of("amount"), new Object[] {"A" + i}, "C1");
            check.inspect(List.of("amount"), new Object[] {"A" + i}, "C2");
        }
        assertThat(check.leaks()).containsExactly(new LeakCheck.Leak("amount", LeakCheck.RECORD_KEY));
    }

    @Test
    void leaksNameColumnAndTypeButNeverTheValue() {
        String mine = myNumber(98765432109L);
        LeakCheck check = kept("ref_no");
        check.inspect("ref_no", Long.parseLong(mine));
        assertThat(check.leaks().toString()).contains("ref_no", "MY_NUMBER").doesNotContain(mine);
    }

    /** Kept columns of every kind of owner: keys, shared categories, near the threshold, near the limit. */
    static final List<String> SLICED = List.of("line_id", "status", "family_code", "claim_no", "ticket", "branch");

    /** A row of {@link #SLICED} for a customer (null: a record linked to nobody). */
    static Object[] slicedRow(SplittableRandom random, String customer, String line, double pairShare) {
        // family_code: the customer's own code, or (pairShare of the time) one shared with a neighbour
        int family = customer == null ? random.nextInt(40) : Integer.parseInt(customer.substring(1));
        if (random.nextDouble() < pairShare) family = family / 2 * 2;
        return new Object[] {
            line,
            random.nextBoolean() ? "ACTIVE" : "LAPSED",
            "F" + (5000 + family),
            customer == null ? "CL" + (100_000 + random.nextInt(1_000_000)) : null,
            "T" + (10_000 + random.nextInt(100_000)),
            random.nextInt(20) == 0 ? null : "B" + random.nextInt(3)
        };
    }

    @Test
    void theRecordKeysOfSlicesJudgedTogetherAreWhatOneCheckOfEveryRowJudges() {
        JsonMapper json = JsonMapper.builder().build();
        Map<String, Set<String>> allowed = new java.util.HashMap<>();
        for (String c : SLICED) allowed.put(c, Set.of());
        java.util.Map<Boolean, Integer> verdicts = new java.util.HashMap<>();
        java.util.Set<String> leakingColumns = new java.util.HashSet<>();
        int unionDiffersFromASlice = 0;
        int unionOverflowsOnly = 0;
        for (int seed = 0; seed < 60; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            int ownerLimit = 40 + random.nextInt(300);
            double pairShare = random.nextDouble() * 0.25; // around the 90 % single-owner threshold
            int slices = 1 + random.nextInt(5);
            LeakCheck whole = new LeakCheck(TestScanners.project(), allowed, Set.of(), Set.copyOf(SLICED), ownerLimit);
            List<LeakCheck> parts = new java.util.ArrayList<>();
            for (int s = 0; s < slices; s++)
                parts.add(new LeakCheck(TestScanners.project(), allowed, Set.of(), Set.copyOf(SLICED), ownerLimit));
            int customers = 10 + random.nextInt(120);
            int rows = 0;
            for (int c = 0; c < customers; c++) {
                String line = "U" + Long.toHexString(random.nextLong());
                for (int r = 1 + random.nextInt(4); r > 0; r--, rows++) {
                    Object[] row = slicedRow(random, "C" + c, line, pairShare);
                    whole.inspect(SLICED, row, "C" + c);
                    parts.get(random.nextInt(slices)).inspect(SLICED, row, "C" + c); // a person's rows spread
                }
            }
            for (int u = random.nextInt(200); u > 0; u--, rows++) {
                Object[] row = slicedRow(random, null, random.nextInt(3) == 0 ? "web" : null, pairShare);
                whole.inspect(SLICED, row);
                parts.get(random.nextInt(slices)).inspect(SLICED, row);
            }

            assertThat(whole.leaks()).allMatch(l -> l.type().equals(LeakCheck.RECORD_KEY));
            List<LeakCheck.RecordKeys> states = new java.util.ArrayList<>();
            for (int s = 0; s < slices; s++) {
                LeakCheck.RecordKeys state = parts.get(s).recordKeys(s);
                LeakCheck.RecordKeys received =
                        json.readValue(json.writeValueAsString(state), LeakCheck.RecordKeys.class);
                assertThat(received).isEqualTo(state);
                states.add(received);
                if (!parts.get(s).leaks().equals(whole.leaks())) unionDiffersFromASlice++;
                if (parts.get(s).sliceLeaks().isEmpty() && !whole.sliceLeaks().isEmpty()) unionOverflowsOnly++;
            }
            java.util.Collections.shuffle(states, new java.util.Random(seed));
            String seedLine = "seed " + seed + ", " + slices + " slices, " + rows + " rows, limit " + ownerLimit;
            assertThat(LeakCheck.recordKeyLeaks(states)).as(seedLine).isEqualTo(whole.leaks());
            for (String column : SLICED) {
                boolean leak = whole.leaks().contains(new LeakCheck.Leak(column, LeakCheck.RECORD_KEY));
                verdicts.merge(leak, 1, Integer::sum);
                if (leak) leakingColumns.add(column);
            }
        }
        assertThat(verdicts).as("both verdicts occur").containsKeys(true, false);
        assertThat(leakingColumns)
                .as("keys of customers, of records, near the threshold and the limit")
                .contains("line_id", "family_code", "claim_no", "ticket");
        assertThat(leakingColumns).doesNotContain("status");
        assertThat(unionDiffersFromASlice)
                .as("a slice alone often judges otherwise")
                .isPositive();
        assertThat(unionOverflowsOnly)
                .as("the union overflows where no slice did")
                .isPositive();
    }

    @Test
    void theRecordKeyStateHoldsNoValueAndNoCustomerKey() {
        LeakCheck check = kept("line_id", "claim_no");
        String line = "U4f3a9c0d2b7e1a6c";
        for (int i = 0; i < 3; i++)
            check.inspect(List.of("line_id", "claim_no"), new Object[] {line, "CL" + (700_000 + i)}, "CUST-000042");
        String state = JsonMapper.builder().build().writeValueAsString(check.recordKeys(0));
        assertThat(state).contains("line_id", "claim_no").doesNotContain(line, "CL70000", "CUST-000042");
    }

    @Test
    void twoStatesOfOneSliceAreRefused() {
        LeakCheck.RecordKeys state = kept("line_id").recordKeys(3);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LeakCheck.recordKeyLeaks(List.of(state, state)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slice 3");
    }
}
