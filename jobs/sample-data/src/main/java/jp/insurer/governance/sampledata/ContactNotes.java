package jp.insurer.governance.sampledata;

import static jp.insurer.governance.parquet.ColumnType.STRING;
import static jp.insurer.governance.parquet.ColumnType.TIMESTAMP;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The {@code contact_notes} dataset: what operators typed during calls, chats and e-mails — full of the
 * personal data people say out loud (names, numbers in every format, addresses, My Number, cards, birth
 * dates in era and western form) and of 機微 topics (illness, disability, religion, crime, …).
 */
final class ContactNotes {

    static final List<String> NOTE_ENTITIES = List.of(
            "PERSON_NAME",
            "PHONE_NUMBER",
            "ADDRESS",
            "POSTAL_CODE",
            "MY_NUMBER",
            "CREDIT_CARD",
            "BANK_ACCOUNT",
            "DATE_OF_BIRTH",
            "EMAIL_ADDRESS",
            "DRIVERS_LICENSE",
            "SENSITIVE:HEALTH",
            "SENSITIVE:DISABILITY",
            "SENSITIVE:CREED",
            "SENSITIVE:CRIMINAL_RECORD",
            "SENSITIVE:CRIME_VICTIM",
            "SENSITIVE:RACE",
            "SENSITIVE:TRADE_UNION",
            "SENSITIVE:REGISTERED_DOMICILE",
            "SENSITIVE:SEX_LIFE",
            "SENSITIVE:SOCIAL_STATUS");

    static final DatasetSpec SPEC = DatasetSpec.builder("contact_notes")
            .acquired("DIRECT")
            .col("note_id", STRING, false, "NON_PERSONAL", "", null)
            .col("customer_id", STRING, false, "DIRECT_IDENTIFIER", "DIRECT", "CUSTOMER_ID")
            .col("channel", STRING, false, "NON_PERSONAL", "DIRECT", null)
            .col("category", STRING, false, "NON_PERSONAL", "DIRECT", null)
            .col("created_at", TIMESTAMP, false, "NON_PERSONAL", "DIRECT", null)
            .col("operator_code", STRING, false, "NON_PERSONAL", "", null)
            .col("note", STRING, false, "FREE_TEXT", "DIRECT", null, null, NOTE_ENTITIES)
            .build();

    private static final String[] CHANNELS = {"電話", "電話", "電話", "チャット", "チャット", "メール"};

    private static final List<TextTemplate> OPEN_CALL = TextTemplate.parseAll(
            "【入電】{NAME}より。",
            "{NAME}より入電。",
            "お客様（{NAME}）から電話。",
            "契約者ご本人{NAME}より問い合わせ。",
            "{RELATIVE}より代理で入電（契約者：{NAME}）。",
            "折り返し対応。{NAME}へ{PHONE}に架電。",
            "IVR経由で入電、{NAME}。",
            "不在のため留守電に残し、再度{PHONE}へ架電し{NAME}と会話。");
    private static final List<TextTemplate> OPEN_CHAT = TextTemplate.parseAll(
            "【チャット】お客様：{SELF}です。", "チャット問い合わせ（{NAME}）。", "お客様「{SELF}と申します、相談があります」", "チャットボットから有人対応へ切替。お客様名：{NAME}。");
    private static final List<TextTemplate> OPEN_MAIL = TextTemplate.parseAll(
            "メール受付。差出人：{NAME}（{EMAIL}）。",
            "問い合わせフォームより受信。氏名：{NAME}、メール：{EMAIL}。",
            "件名「契約内容について」 本文：いつもお世話になっております。{SELF}です。");

    private static final String[] CATEGORIES = {
        "住所変更", "連絡先変更", "支払方法変更", "保険金請求", "契約内容確認", "解約", "苦情", "本人確認", "告知相談", "名義変更", "その他"
    };

    private static final List<TextTemplate> ADDRESS = TextTemplate.parseAll(
            "転居のため住所変更希望。新住所は{ADDRESS}。",
            "引越し先：〒{POSTAL} {ADDRESS}",
            "住所が{ADDRESS_SHORT}に変わったとのこと。",
            "郵便物が届かないとのことで住所確認、{ADDRESS}で相違なし。",
            "新住所 {POSTAL} {ADDRESS_SHORT} へ書類再送。");
    private static final List<TextTemplate> PHONE = TextTemplate.parseAll(
            "連絡先を{PHONE}に変更。",
            "携帯番号は{MOBILE}、日中は自宅{LANDLINE}でも可とのこと。",
            "折り返し先：{PHONE}",
            "電話番号変更（旧→新 {PHONE}）。",
            "TEL {PHONE} 平日18時以降希望。",
            "お客様「番号は{PHONE}です」");
    private static final List<TextTemplate> IDENTITY = TextTemplate.parseAll(
            "本人確認のため生年月日を確認（{BIRTH}）。", "生年月日：{BIRTH}、ご本人と確認済み。",
            "{BIRTH}生まれとのこと、登録情報と一致。", "生年月日が{BIRTH}で登録されていたが誤りとの申出。",
            "お客様「誕生日は{BIRTH}です」", "運転免許証番号{LICENSE}で本人確認済み。");
    private static final List<TextTemplate> MY_NUMBER = TextTemplate.parseAll(
            "マイナンバー（{MYNUMBER}）を口頭で伝えられたため、記録しないよう案内。", "個人番号 {MYNUMBER} の提出あり。",
            "お客様がチャットに個人番号{MYNUMBER}を入力、マスキング依頼済み。", "マイナンバーは{MYNUMBER}とのこと。");
    private static final List<TextTemplate> CARD = TextTemplate.parseAll(
            "支払カードを{CARD}に変更したいとのこと、有効期限{EXPIRY}。", "カード番号 {CARD} の引落しエラーについて問い合わせ。",
            "お客様がカード番号{CARD}を読み上げたため、Web手続きを案内。", "クレカ（{CARD}）の期限切れにつき更新依頼。");
    private static final List<TextTemplate> BANK = TextTemplate.parseAll(
            "口座振替先を{BANK}普通{ACCOUNT}に変更希望。", "引落口座：{BANK} 口座番号{ACCOUNT}", "保険金の振込先として{BANK}の口座（{ACCOUNT}）を指定。");
    private static final List<TextTemplate> EMAIL = TextTemplate.parseAll(
            "メールアドレスを{EMAIL}に変更。", "連絡先メール：{EMAIL}", "メルマガ配信停止希望（{EMAIL}）。", "{EMAIL}宛てのメールが届かないとのこと。");
    private static final List<TextTemplate> FAMILY = TextTemplate.parseAll(
            "妻の{FEMALE2}さん（{BIRTH2}生）も加入を検討中。",
            "長男の{MALE2}さんの件で相談。",
            "ご主人{MALE2}様が代理で連絡。",
            "受取人を娘の{FEMALE2}さんに変更したい。",
            "母{FEMALE2}（{BIRTH2}生）が入院したとのこと。",
            "父の{MALE2}が先月亡くなり、相続手続きについて相談。",
            "息子{MALE2}（{BIRTH2}生まれ）の自転車保険を追加したい。");
    private static final List<TextTemplate> SENSITIVE = TextTemplate.parseAll(
            "[HEALTH]{DISEASE}で{HOSPITAL}に通院中とのこと。",
            "[HEALTH]先月{DISEASE}と診断され、{N}日間入院した。",
            "[HEALTH]持病の{DISEASE}があり、告知について質問。",
            "[HEALTH]月{N}回、{HOSPITAL}に通院している。",
            "[HEALTH]抗がん剤治療中で体調が悪く、手続きは家族が行うとのこと。",
            "[HEALTH]うつ病で休職中とのこと。",
            "[HEALTH]妊娠{N}週目とのこと。",
            "[HEALTH]健康診断で肝機能の数値が悪く、再検査を受けたとのこと。",
            "[HEALTH]「{DISEASE}の薬を毎日飲んでいます」",
            "[HEALTH]人工透析を週3回受けている。",
            "[DISABILITY]身体障害者手帳{N}級をお持ち。",
            "[DISABILITY]聴覚障害があるためチャットでの対応を希望。",
            "[DISABILITY]精神障害者保健福祉手帳を所持しているとのこと。",
            "[DISABILITY]車いすを利用されているため書類は郵送希望。",
            "[DISABILITY]療育手帳（B）をお持ちのご家族の件。",
            "[CREED]宗教上の理由で輸血を拒否しているため、手術時の扱いを確認したいとのこと。",
            "[CREED]信仰上の理由で日曜日の連絡は控えてほしいとの要望。",
            "[CREED]教会の行事で平日は不在が多いとのこと。",
            "[CREED]寺の檀家総代をしており、葬儀保険の内容を確認したいとのこと。",
            "[CRIMINAL_RECORD]過去に逮捕歴があると自己申告、加入に影響するか質問。",
            "[CRIMINAL_RECORD]執行猶予中だが契約できるかとの問い合わせ。",
            "[CRIME_VICTIM]空き巣の被害に遭い、警察に被害届を提出済み。",
            "[CRIME_VICTIM]特殊詐欺の被害に遭ったとのこと。",
            "[CRIME_VICTIM]DV被害で避難中のため、住所を家族に知らせないでほしいとの強い要望。",
            "[CRIME_VICTIM]ストーカー被害のため連絡先の取扱いに注意願いたいとのこと。",
            "[RACE]在日韓国人で通称名を使用しているとのこと、名義の確認。",
            "[RACE]アイヌ民族の文化活動をしているとの話あり。",
            "[TRADE_UNION]労働組合の役員をしており、組合の共済との違いを質問。",
            "[REGISTERED_DOMICILE]本籍地は{PREF}とのこと（戸籍謄本提出時）。",
            "[SEX_LIFE]同性パートナーを保険金受取人に指定できるか質問。",
            "[SOCIAL_STATUS]生活保護を受給中とのこと。");
    private static final List<TextTemplate> CLOSE = TextTemplate.parseAll(
            "対応完了。",
            "後日書類を送付予定。",
            "折り返し不要。",
            "上長確認のうえ再度連絡予定。",
            "以上。",
            "お客様了承済み。",
            "次回{DATE}に再連絡。",
            "手続き案内済み、Webでの変更を推奨。",
            "エスカレーション済み。",
            "ご不満の様子、丁寧に説明し納得いただいた。",
            "");

    private ContactNotes() {}

    static void write(long seed, LocalDate asOf, Customer c, RowSink sink, TextTruth truth) throws IOException {
        SplittableRandom rng = Rng.forKey(seed, Rng.Stream.CONTACT_NOTE, c.number());
        int count = Rng.poisson(rng, 1.3);
        long span = Math.max(1, ChronoUnit.DAYS.between(c.createdDate(), asOf) + 1);
        for (int k = 0; k < count && k < 99; k++) {
            String channel = Rng.pick(rng, CHANNELS);
            Instant at = c.createdDate()
                    .plusDays(rng.nextLong(span))
                    .atStartOfDay(Customers.JST)
                    .toInstant()
                    .plusSeconds(9 * 3600 + rng.nextInt(10 * 3600));
            String category = Rng.pick(rng, CATEGORIES);
            String id = Ids.of("N", c.number(), 10, k, 2);
            String operator = "OP" + (1000 + rng.nextInt(400));
            TextTemplate.NoteBuilder note = text(rng, c, channel, asOf);
            sink.accept(new Object[] {id, c.id(), channel, category, at, operator, note.toString()});
            if (truth != null) {
                truth.write(SPEC.name(), "note", id, note.spans());
            }
        }
    }

    static TextTemplate.NoteBuilder text(SplittableRandom rng, Customer c, String channel, LocalDate asOf) {
        TextTemplate.NoteBuilder out = new TextTemplate.NoteBuilder();
        Names.Name relativeSurname = c.surname();
        LocalDate relativeBirth = c.birthDate().plusDays(rng.nextInt(365 * 30) - 365 * 15L);
        TextTemplate.SlotFiller filler = (slot, b) -> {
            switch (slot) {
                case "NAME" -> {
                    b.entity("PERSON_NAME", SpokenForms.name(rng, c.surname(), c.given()));
                    b.text(SpokenForms.honorific(rng));
                }
                case "SELF" -> b.entity("PERSON_NAME", SpokenForms.name(rng, c.surname(), c.given()));
                case "MALE2", "FEMALE2" -> {
                    Names.Name given = Names.given(rng, slot.equals("MALE2"));
                    b.entity(
                            "PERSON_NAME", rng.nextBoolean() ? given.kanji() : relativeSurname.kanji() + given.kanji());
                }
                case "RELATIVE" -> b.text(Rng.pick(rng, new String[] {"妻", "夫", "娘", "息子", "母", "父", "ご家族"}));
                case "PHONE" -> b.entity("PHONE_NUMBER", SpokenForms.phone(rng, c.phone()));
                case "MOBILE" ->
                    b.entity(
                            "PHONE_NUMBER",
                            SpokenForms.phone(
                                    rng,
                                    c.phone().startsWith("0") && c.phone().charAt(2) == '0'
                                            ? c.phone()
                                            : Places.mobile(rng)));
                case "LANDLINE" ->
                    b.entity(
                            "PHONE_NUMBER",
                            SpokenForms.phone(
                                    rng, Places.landline(rng, c.address().municipality())));
                case "ADDRESS" ->
                    b.entity(
                            "ADDRESS",
                            rng.nextInt(3) == 0
                                    ? c.address().line()
                                    : Places.address(rng).line());
                case "ADDRESS_SHORT" -> b.entity("ADDRESS", c.address().withoutPrefecture());
                case "POSTAL" ->
                    b.entity(
                            "POSTAL_CODE",
                            rng.nextBoolean()
                                    ? c.address().postalCode()
                                    : JapaneseText.fullWidth(c.address().postalCode()));
                case "MYNUMBER" ->
                    b.entity(
                            "MY_NUMBER",
                            SpokenForms.myNumber(rng, c.myNumber() != null ? c.myNumber() : CheckDigits.myNumber(rng)));
                case "CARD" ->
                    b.entity(
                            "CREDIT_CARD",
                            SpokenForms.card(rng, Payments.cardNumber(rng, Payments.CARD_RANGES.next(rng))));
                case "EXPIRY" ->
                    b.text(Ids.two(1 + rng.nextInt(12)) + "/" + Ids.two((asOf.getYear() + rng.nextInt(5)) % 100));
                case "BANK" -> b.text(Rng.pick(rng, new String[] {"三菱UFJ銀行", "みずほ銀行", "三井住友銀行", "ゆうちょ銀行", "地元の信用金庫"}));
                case "ACCOUNT" -> b.entity("BANK_ACCOUNT", Rng.digits(rng, 7));
                case "EMAIL" ->
                    b.entity(
                            "EMAIL_ADDRESS",
                            SpokenForms.email(
                                    rng,
                                    c.email() != null
                                            ? c.email()
                                            : Customers.email(rng, c.surname(), c.given(), c.birthDate())));
                case "BIRTH" -> b.entity("DATE_OF_BIRTH", SpokenForms.date(rng, c.birthDate()));
                case "BIRTH2" -> b.entity("DATE_OF_BIRTH", SpokenForms.date(rng, relativeBirth));
                case "LICENSE" -> b.entity("DRIVERS_LICENSE", (10 + rng.nextInt(90)) + Rng.digits(rng, 10));
                case "DISEASE" -> b.text(Catalog.DIAGNOSES.next(rng).name());
                case "HOSPITAL" ->
                    b.text(Catalog.hospital(rng, c.address().municipality(), Catalog.DIAGNOSES.next(rng)));
                case "N" -> b.text(String.valueOf(1 + rng.nextInt(6)));
                case "PREF" -> b.text(Rng.pick(rng, Places.PREFECTURES));
                case "DATE" -> b.text(SpokenForms.date(rng, asOf.plusDays(rng.nextInt(14))));
                default -> throw new IllegalStateException("unknown slot " + slot);
            }
        };
        List<TextTemplate> opening = switch (channel) {
            case "チャット" -> OPEN_CHAT;
            case "メール" -> OPEN_MAIL;
            default -> OPEN_CALL;
        };
        Rng.pick(rng, opening).render(out, filler);
        int topics = 1 + rng.nextInt(3);
        List<TextTemplate> used = new java.util.ArrayList<>(topics);
        for (int i = 0; i < topics; i++) {
            List<TextTemplate> pool = switch (rng.nextInt(10)) {
                case 0 -> ADDRESS;
                case 1 -> PHONE;
                case 2 -> IDENTITY;
                case 3 -> MY_NUMBER;
                case 4 -> CARD;
                case 5 -> BANK;
                case 6 -> EMAIL;
                case 7 -> FAMILY;
                default -> SENSITIVE;
            };
            TextTemplate sentence = Rng.pick(rng, pool);
            if (!used.contains(sentence)) {
                used.add(sentence);
                sentence.render(out, filler);
            }
        }
        Rng.pick(rng, CLOSE).render(out, filler);
        return out;
    }
}
