package jp.insurer.governance.sampledata;

import static jp.insurer.governance.parquet.ColumnType.DATE;
import static jp.insurer.governance.parquet.ColumnType.INT32;
import static jp.insurer.governance.parquet.ColumnType.STRING;

import java.io.IOException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;

/** The {@code claims} dataset: claims on policies, with diagnoses (SENSITIVE, health) and an assessor's note. */
final class Claims {

    static final List<String> NOTE_ENTITIES = List.of(
            "PERSON_NAME",
            "DATE_OF_BIRTH",
            "PHONE_NUMBER",
            "SENSITIVE:HEALTH",
            "SENSITIVE:DISABILITY",
            "SENSITIVE:CRIME_VICTIM");

    static final DatasetSpec SPEC = DatasetSpec.builder("claims")
            .acquired("DIRECT")
            .col("claim_id", STRING, false, "NON_PERSONAL", "", null)
            .col("policy_id", STRING, false, "DIRECT_IDENTIFIER", "DIRECT", "POLICY_NUMBER")
            .col("customer_id", STRING, false, "DIRECT_IDENTIFIER", "DIRECT", "CUSTOMER_ID")
            .col(
                    "claim_type",
                    STRING,
                    false,
                    "SENSITIVE",
                    "DIRECT",
                    "HEALTH",
                    null,
                    List.of()) // 入院, 通院, 手術, 死亡: medical facts
            .col("incident_date", DATE, false, "QUASI_IDENTIFIER", "DIRECT", null)
            .col("claim_date", DATE, false, "NON_PERSONAL", "DIRECT", null)
            .col("diagnosis_code", STRING, true, "SENSITIVE", "DIRECT", "HEALTH", null, List.of())
            .col("diagnosis_name", STRING, true, "SENSITIVE", "DIRECT", "HEALTH", null, List.of())
            .col("hospital", STRING, true, "SENSITIVE", "DIRECT", "HEALTH", null, List.of())
            .col("hospitalization_days", INT32, true, "SENSITIVE", "DIRECT", "HEALTH", null, List.of())
            .col("claimed_amount_jpy", INT32, false, "NON_PERSONAL", "DIRECT", null)
            .col("paid_amount_jpy", INT32, false, "NON_PERSONAL", "DIRECT", null)
            .col("claim_status", STRING, false, "NON_PERSONAL", "", null)
            .col("assessment_note", STRING, true, "FREE_TEXT", "DIRECT", "HEALTH", null, NOTE_ENTITIES)
            .build();

    private static final List<TextTemplate> HEALTH_NOTES = TextTemplate.parseAll(
            "[HEALTH]被保険者{NAME}、{INCIDENT}に{DIAGNOSIS}のため{HOSPITAL}に入院（{DAYS}日間）。",
            "[HEALTH]{INCIDENT}、{HOSPITAL}にて{DIAGNOSIS}と診断。入院{DAYS}日。",
            "[HEALTH]診断書上の傷病名は「{DIAGNOSIS}」、{HOSPITAL}の主治医記載。",
            "[HEALTH]{NAME}より、{DIAGNOSIS}で{HOSPITAL}に通院中との申出あり。",
            "[HEALTH]既往症として{PAST}の記載あり。告知義務違反の有無を確認したが、告知日以前の受診歴なし。",
            "[HEALTH]手術（{SURGERY}）を{HOSPITAL}で実施。手術給付金の対象。",
            "[HEALTH]入院中に{PAST}も併発しているとの医師コメント。",
            "[DISABILITY]後遺障害として{DISABILITY_TEXT}の可能性あり、経過観察。");
    private static final List<TextTemplate> PET_NOTES = TextTemplate.parseAll(
            "契約者{NAME}の{PET_KIND}「{PET}」、{INCIDENT}に{PET_DIAGNOSIS}で{VET}を受診。",
            "{VET}の診療明細を確認。{PET_DIAGNOSIS}の治療費として妥当。",
            "{PET}ちゃん（{PET_KIND}）は{PET_DIAGNOSIS}で{DAYS}日間入院、契約者{NAME}へ連絡済み。");
    private static final List<TextTemplate> PROPERTY_NOTES = TextTemplate.parseAll(
            "{INCIDENT}、{NAME}宅で{DAMAGE}が発生。見積書を確認。",
            "[CRIME_VICTIM]{INCIDENT}に空き巣被害、{POLICE}警察署に被害届提出済み（受理番号{NUMBER}）。",
            "{DAMAGE}による家財の損害。写真と修理見積で損害額を確認。",
            "契約者{NAME}（連絡先 {PHONE}）に損害額の内訳を説明。");
    private static final List<TextTemplate> CLOSINGS = TextTemplate.parseAll(
            "支払相当と判断。",
            "約款上の免責事由に該当せず、支払決定。",
            "追加書類（領収書）を依頼中。",
            "告知義務違反に該当するため不支払。契約者へ通知済み。",
            "査定完了。",
            "医療照会の回答待ち。",
            "上席確認のうえ支払。",
            "重複請求の疑いがあり保留。");

    /** Position of assessment_note in a row. */
    private static final int NOTE = 13;

    private static final String[] DAMAGES = {"水濡れ", "火災", "落雷", "破損", "地震による家具転倒", "盗難", "漏水"};
    private static final String[] DISABILITY_TEXT = {"右手指の機能障害", "高次脳機能障害", "下肢の可動域制限", "視力低下"};

    private Claims() {}

    static void write(
            long seed, LocalDate asOf, Customer customer, List<Policies.Policy> policies, RowSink sink, TextTruth truth)
            throws IOException {
        SplittableRandom rng = Rng.forKey(seed, Rng.Stream.CLAIM, customer.number());
        int serial = 0;
        for (Policies.Policy policy : policies) {
            LocalDate coverEnd = policy.end().isBefore(asOf) ? policy.end() : asOf;
            long days = ChronoUnit.DAYS.between(policy.start(), coverEnd);
            if (days <= 0) {
                continue;
            }
            double years = policy.product().kind() == Catalog.Kind.TRAVEL ? 1 : days / 365.25;
            int count = Rng.poisson(rng, policy.product().claimsPerYear() * years);
            for (int i = 0; i < count && serial < 999; i++) {
                LocalDate incident = policy.start().plusDays(rng.nextLong(days));
                LocalDate claimDate = incident.plusDays(3 + rng.nextInt(58));
                if (claimDate.isAfter(asOf)) {
                    continue;
                }
                Object[] row = claim(rng, asOf, customer, policy, serial++, incident, claimDate);
                TextTemplate.NoteBuilder note = (TextTemplate.NoteBuilder) row[NOTE];
                row[NOTE] = note == null ? null : note.toString();
                sink.accept(row);
                if (truth != null && note != null) {
                    truth.write(SPEC.name(), "assessment_note", (String) row[0], note.spans());
                }
            }
        }
    }

    private static Object[] claim(
            SplittableRandom rng,
            LocalDate asOf,
            Customer customer,
            Policies.Policy policy,
            int serial,
            LocalDate incident,
            LocalDate claimDate) {
        Catalog.Kind kind = policy.product().kind();
        Catalog.Diagnosis diagnosis = null;
        String petDiagnosis = null;
        String hospital = null;
        Integer stay = null;
        String type;
        int claimed;
        switch (kind) {
            case HEALTH, FUNERAL, TRAVEL, LIABILITY -> {
                boolean health = kind != Catalog.Kind.TRAVEL || Rng.chance(rng, 0.7);
                if (kind == Catalog.Kind.LIABILITY) {
                    health = Rng.chance(rng, 0.5);
                }
                if (health) {
                    diagnosis = kind == Catalog.Kind.LIABILITY
                            ? Rng.pick(rng, Catalog.INJURIES)
                            : Catalog.DIAGNOSES.next(rng);
                    hospital = Catalog.hospital(rng, customer.address().municipality(), diagnosis);
                    stay = diagnosis.typicalDays() == 0
                            ? 0
                            : Math.max(1, (int) (diagnosis.typicalDays() * (0.4 + rng.nextDouble() * 1.4)));
                    type = kind == Catalog.Kind.FUNERAL ? "死亡" : stay > 0 ? "入院" : "通院";
                    claimed = stay * (5_000 + rng.nextInt(6) * 1_000)
                            + (diagnosis.surgery() ? 50_000 + rng.nextInt(16) * 10_000 : 0)
                            + (stay == 0 ? 3_000 * (1 + rng.nextInt(10)) : 0);
                    if (kind == Catalog.Kind.FUNERAL) {
                        claimed = 500_000 + rng.nextInt(16) * 100_000;
                    }
                } else {
                    type = kind == Catalog.Kind.TRAVEL ? "携行品損害" : "個人賠償";
                    claimed = 10_000 + rng.nextInt(300) * 1_000;
                }
            }
            case PET -> {
                petDiagnosis = Rng.pick(rng, Catalog.PET_DIAGNOSES);
                hospital = Catalog.vet(rng, customer.address().municipality());
                stay = Rng.chance(rng, 0.15) ? 1 + rng.nextInt(7) : 0;
                type = stay > 0 ? "入院" : Rng.chance(rng, 0.1) ? "手術" : "通院";
                claimed = 3_000 + rng.nextInt(200) * 1_000 + stay * 15_000;
            }
            case LEGAL -> {
                type = "弁護士費用";
                claimed = 50_000 + rng.nextInt(100) * 5_000;
            }
            default -> {
                type = Rng.pick(rng, DAMAGES);
                claimed = 10_000 + rng.nextInt(500) * 1_000;
            }
        }
        String status;
        double u = rng.nextDouble();
        if (u < 0.07 && claimDate.isAfter(asOf.minusDays(45))) {
            status = "PENDING";
        } else if (u < 0.19) {
            status = "REJECTED";
        } else {
            status = "PAID";
        }
        int paid = status.equals("PAID")
                ? (kind == Catalog.Kind.PET ? claimed * (5 + rng.nextInt(3)) / 10 / 10 * 10 : claimed)
                : 0;
        TextTemplate.NoteBuilder note = Rng.chance(rng, 0.9)
                ? note(rng, customer, kind, diagnosis, petDiagnosis, hospital, stay, incident, status)
                : null;
        return new Object[] {
            Ids.of("CL", customer.number(), 10, serial, 3),
            policy.id(),
            customer.id(),
            type,
            incident,
            claimDate,
            diagnosis == null ? null : diagnosis.code(),
            diagnosis != null ? diagnosis.name() : petDiagnosis,
            hospital,
            stay,
            claimed,
            paid,
            status,
            note,
        };
    }

    private static TextTemplate.NoteBuilder note(
            SplittableRandom rng,
            Customer c,
            Catalog.Kind kind,
            Catalog.Diagnosis diagnosis,
            String petDiagnosis,
            String hospital,
            Integer stay,
            LocalDate incident,
            String status) {
        TextTemplate.NoteBuilder out = new TextTemplate.NoteBuilder();
        List<TextTemplate> pool = diagnosis != null ? HEALTH_NOTES : petDiagnosis != null ? PET_NOTES : PROPERTY_NOTES;
        String petKind = Rng.chance(rng, 0.6) ? "犬" : "猫";
        String pet = Rng.pick(rng, Catalog.PET_NAMES);
        TextTemplate.SlotFiller filler = (slot, b) -> {
            switch (slot) {
                case "NAME" -> {
                    b.entity("PERSON_NAME", SpokenForms.name(rng, c.surname(), c.given()));
                    b.text(SpokenForms.honorific(rng));
                }
                case "INCIDENT" -> b.text(SpokenForms.date(rng, incident));
                case "DIAGNOSIS" -> b.text(diagnosis.name());
                case "PAST" -> b.text(Catalog.DIAGNOSES.next(rng).name());
                case "SURGERY" -> b.text(diagnosis.name() + "に対する手術");
                case "HOSPITAL", "VET" -> b.text(hospital);
                case "DAYS" -> b.text(String.valueOf(stay == null || stay == 0 ? 1 : stay));
                case "DISABILITY_TEXT" -> b.text(Rng.pick(rng, DISABILITY_TEXT));
                case "PET_KIND" -> b.text(petKind);
                case "PET" -> b.text(pet);
                case "PET_DIAGNOSIS" -> b.text(petDiagnosis);
                case "DAMAGE" -> b.text(Rng.pick(rng, DAMAGES));
                case "POLICE" -> b.text(c.address().municipality().shortName());
                case "NUMBER" -> b.text(Rng.digits(rng, 6));
                case "PHONE" -> b.entity("PHONE_NUMBER", SpokenForms.phone(rng, c.phone()));
                default -> throw new IllegalStateException("unknown slot " + slot);
            }
        };
        int sentences = Math.min(pool.size(), 1 + rng.nextInt(3));
        int first = rng.nextInt(pool.size());
        for (int i = 0; i < sentences; i++) { // consecutive templates from a random start: no sentence twice
            pool.get((first + i) % pool.size()).render(out, filler);
        }
        TextTemplate closing = status.equals("REJECTED") ? CLOSINGS.get(3) : Rng.pick(rng, CLOSINGS);
        if (status.equals("PAID") && closing == CLOSINGS.get(3)) {
            closing = CLOSINGS.get(0);
        }
        closing.render(out, filler);
        return out;
    }
}
