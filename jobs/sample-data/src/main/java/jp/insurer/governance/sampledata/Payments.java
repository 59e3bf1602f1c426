package jp.insurer.governance.sampledata;

import static jp.insurer.governance.parquet.ColumnType.STRING;
import static jp.insurer.governance.parquet.ColumnType.TIMESTAMP;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;

/** The {@code payments} dataset (PAYMENT_IDENTITY): payment methods and identity verification. */
final class Payments {

    static final DatasetSpec SPEC = DatasetSpec.builder("payments")
            .acquired("PAYMENT_IDENTITY")
            .col("payment_method_id", STRING, false, "NON_PERSONAL", "", null)
            .col("customer_id", STRING, false, "DIRECT_IDENTIFIER", "PAYMENT_IDENTITY", "CUSTOMER_ID")
            .col("method", STRING, false, "NON_PERSONAL", "PAYMENT_IDENTITY", null)
            .col("status", STRING, false, "NON_PERSONAL", "", null)
            .col("card_brand", STRING, true, "NON_PERSONAL", "PAYMENT_IDENTITY", null)
            .col("card_number", STRING, true, "DIRECT_IDENTIFIER", "PAYMENT_IDENTITY", "CREDIT_CARD")
            .col("card_expiry", STRING, true, "QUASI_IDENTIFIER", "PAYMENT_IDENTITY", null)
            .col("card_holder", STRING, true, "DIRECT_IDENTIFIER", "PAYMENT_IDENTITY", "PERSON_NAME")
            .col("bank_name", STRING, true, "NON_PERSONAL", "PAYMENT_IDENTITY", null)
            .col("branch_name", STRING, true, "QUASI_IDENTIFIER", "PAYMENT_IDENTITY", null)
            .col("account_type", STRING, true, "NON_PERSONAL", "PAYMENT_IDENTITY", null)
            .col("account_number", STRING, true, "DIRECT_IDENTIFIER", "PAYMENT_IDENTITY", "BANK_ACCOUNT")
            .col("account_holder_kana", STRING, true, "DIRECT_IDENTIFIER", "PAYMENT_IDENTITY", "PERSON_NAME")
            .col("identity_check_method", STRING, true, "NON_PERSONAL", "PAYMENT_IDENTITY", null)
            .col(
                    "identity_document_number",
                    STRING,
                    true,
                    "DIRECT_IDENTIFIER",
                    "PAYMENT_IDENTITY",
                    null,
                    null,
                    List.of("DRIVERS_LICENSE", "PASSPORT"))
            .col("verified_at", TIMESTAMP, true, "NON_PERSONAL", "PAYMENT_IDENTITY", null)
            .build();

    record CardRange(String brand, int length, int from, int to, int prefixDigits) {}

    /** Issuer ranges: VISA 4, Mastercard 51–55 and 2221–2720, JCB 3528–3589, AMEX 34 and 37. */
    static final Weighted<CardRange> CARD_RANGES = Weighted.<CardRange>builder()
            .add(new CardRange("VISA", 16, 4, 4, 1), 48)
            .add(new CardRange("MASTERCARD", 16, 51, 55, 2), 15)
            .add(new CardRange("MASTERCARD", 16, 2221, 2720, 4), 5)
            .add(new CardRange("JCB", 16, 3528, 3589, 4), 26)
            .add(new CardRange("AMEX", 15, 34, 34, 2), 3)
            .add(new CardRange("AMEX", 15, 37, 37, 2), 3)
            .build();

    private static final Weighted<String> BANKS = Weighted.<String>builder()
            .add("三菱UFJ銀行", 18)
            .add("三井住友銀行", 15)
            .add("みずほ銀行", 13)
            .add("りそな銀行", 6)
            .add("住信SBIネット銀行", 6)
            .add("PayPay銀行", 4)
            .add("ソニー銀行", 3)
            .add("横浜銀行", 4)
            .add("千葉銀行", 3)
            .add("福岡銀行", 3)
            .add("静岡銀行", 2)
            .add("京都銀行", 2)
            .add("北洋銀行", 2)
            .add("七十七銀行", 2)
            .add("イオン銀行", 3)
            .add("セブン銀行", 2)
            .add("信用金庫", 5)
            .add("農業協同組合", 3)
            .build();

    private static final Weighted<String> ID_METHODS = Weighted.<String>builder()
            .add("運転免許証", 40)
            .add("マイナンバーカード", 28)
            .add("パスポート", 7)
            .add("健康保険証", 12)
            .add("在留カード", 3)
            .add("eKYC（マイナンバーカードICチップ読取）", 10)
            .build();

    private Payments() {}

    static void write(long seed, LocalDate asOf, Customer c, RowSink sink) throws IOException {
        SplittableRandom rng = Rng.forKey(seed, Rng.Stream.PAYMENT, c.number());
        int methods = Rng.chance(rng, 0.15) ? 2 : 1;
        long span = Math.max(1, ChronoUnit.DAYS.between(c.createdDate(), asOf));
        for (int k = 0; k < methods; k++) {
            boolean card = Rng.chance(rng, 0.65);
            String status = k == methods - 1 ? "ACTIVE" : "INACTIVE";
            LocalDate from = k == 0 ? c.createdDate() : c.createdDate().plusDays(rng.nextLong(span));
            Instant verifiedAt = Rng.chance(rng, 0.04)
                    ? null
                    : from.atStartOfDay(Customers.JST).toInstant().plusSeconds(8 * 3600 + rng.nextInt(12 * 3600));
            String idMethod = verifiedAt == null ? null : ID_METHODS.next(rng);
            String idNumber = idMethod == null
                    ? null
                    : switch (idMethod) {
                        case "運転免許証" -> (10 + rng.nextInt(90)) + Rng.digits(rng, 10);
                        case "パスポート" ->
                            (char) ('A' + rng.nextInt(26)) + "" + (char) ('A' + rng.nextInt(26)) + Rng.digits(rng, 7);
                        default -> null;
                    };
            Object[] row = new Object[SPEC.columnCount()];
            row[0] = Ids.of("PM", c.number(), 10, k, 2);
            row[1] = c.id();
            row[2] = card ? "CARD" : "BANK_ACCOUNT";
            row[3] = status;
            if (card) {
                CardRange range = CARD_RANGES.next(rng);
                row[4] = range.brand();
                row[5] = cardNumber(rng, range);
                LocalDate expiry = asOf.plusMonths(rng.nextInt(60) - 6);
                row[6] = Ids.two(expiry.getMonthValue()) + "/" + Ids.two(expiry.getYear() % 100);
                row[7] = c.romajiName();
            } else {
                String bank = BANKS.next(rng);
                String place = c.address().municipality().shortName();
                row[8] = bank.equals("信用金庫") || bank.equals("農業協同組合") ? place + bank : bank;
                row[9] = Rng.chance(rng, 0.1) ? "本店営業部" : place + (Rng.chance(rng, 0.8) ? "支店" : "駅前支店");
                row[10] = Rng.chance(rng, 0.96) ? "普通" : "当座";
                row[11] = Rng.digits(rng, 7);
                row[12] = c.surname().kana() + " " + c.given().kana();
            }
            row[13] = idMethod;
            row[14] = idNumber;
            row[15] = verifiedAt;
            sink.accept(row);
        }
    }

    static String cardNumber(SplittableRandom rng, CardRange range) {
        int prefix = range.from() + rng.nextInt(range.to() - range.from() + 1);
        String head = String.valueOf(prefix);
        String body = head + Rng.digits(rng, range.length() - head.length() - 1);
        return body + CheckDigits.luhnCheckDigit(body);
    }
}
