package jp.insurer.governance.policy.detect.recognizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.insurer.governance.policy.detect.ContextWords;
import jp.insurer.governance.policy.detect.Detector;
import jp.insurer.governance.policy.detect.EntityTypes;
import jp.insurer.governance.policy.detect.Finding;
import jp.insurer.governance.policy.detect.ScanText;

/**
 * Japanese postal addresses: [都道府県] 市区町村 (one to three levels: 横浜市中区, 北海道河東郡音更町)
 * town, block numbers (3丁目5番2号, 3-5-2, 123番地の4) and an optional building and room. A
 * prefecture plus municipality without block numbers names a city, not a home, and scores low unless
 * context (住所, 所在地…) says it is an address.
 */
public final class AddressDetector implements Detector {

    static final String PREFECTURE = "(?:北海道|東京都|京都府|大阪府|(?:青森|岩手|宮城|秋田|山形|福島|茨城|栃木|群馬|埼玉|千葉"
            + "|神奈川|新潟|富山|石川|福井|山梨|長野|岐阜|静岡|愛知|三重|滋賀|兵庫|奈良|和歌山|鳥取|島根|岡山|広島|山口|徳島|香川"
            + "|愛媛|高知|福岡|佐賀|長崎|熊本|大分|宮崎|鹿児島|沖縄)県)";
    private static final Pattern PREFECTURE_AT = Pattern.compile(PREFECTURE);

    private static final String NAME_CHAR = "[\\p{IsHan}\\p{IsKatakana}ヶケ々ー]";
    private static final String MUNICIPALITY =
            "(?:(?:さいたま|つくば|いわき|ひたちなか|かすみがうら|つくばみらい|あきる野|いすみ|" + NAME_CHAR + "{1,6}?)(?:市|区|町|村|郡))";
    private static final String NUM = "(?:\\d{1,5}|[一二三四五六七八九十]{1,3})";
    // town names: kanji/katakana, の/が (丸の内, 霞が関), 北1条 (Sapporo), and hiragana runs that do not start
    // with a particle (みなとみらい, ひばりが丘), so that 横浜市で1-2人 is not an address
    private static final String TOWN = "(?:" + NAME_CHAR + "|[のがケヶノ]|\\d{1,2}条|上る|下る|入る|(?![にでかまはをへともやよ])[ぁ-ゖ]{3,8}){0,14}?";
    // at least one marker (1-2-3, 3丁目, 123番地): a bare number after a city is rarely a house number
    private static final String HOUSE = NUM + "(?:(?:\\s?(?:丁目|番地の?|番|号|-|の)\\s?" + NUM + "){1,3}(?:丁目|番地|番|号)?|(?:丁目|番地|番|号)|(?<=\\d{2})(?![\\d年月日円人件回個歳時分秒%万千百倍名台本枚ヶか週]))";
    private static final String BUILDING = "(?:[ ,、]?[\\p{IsHan}\\p{IsKatakana}A-Za-zー・]{1,16}?"
            + "(?:ビル|マンション|ハイツ|コーポ|荘|アパート|タワー|レジデンス|ハウス|コート|パレス|ヒルズ|プラザ|団地|メゾン|ヴィラ)[\\p{IsHan}]{0,2}"
            + "(?:\\s?[A-Z]?\\d{1,2}(?:号館|棟))?(?:\\s?\\d{1,4}(?:号室|階|F)?)?|\\s?\\d{1,4}号室)?";

    private static final Pattern FULL = Pattern.compile(
            "(?:(" + PREFECTURE + ")\\s?)?(" + MUNICIPALITY + "{1,3})(?:\\s?" + TOWN + "(" + HOUSE + ")" + BUILDING + ")?");

    private final ContextWords context;

    public AddressDetector(ContextWords context) {
        this.context = context;
    }

    @Override
    public String name() { return "address-jp"; }

    static boolean startsWithPrefecture(String s, int at) {
        Matcher m = PREFECTURE_AT.matcher(s);
        m.region(at, s.length());
        return m.lookingAt();
    }

    @Override
    public List<Finding> detect(ScanText text) {
        String s = text.normalized();
        List<Finding> out = new ArrayList<>();
        Matcher m = FULL.matcher(s);
        int covered = 0;
        // An address needs a municipality ending in 市区町村郡, at most 11 chars after the address
        // starts (prefecture + name). Try anchored matches only near those chars: a plain find()
        // over a long document costs far more.
        for (int anchor = 0; anchor < s.length(); anchor++) {
            if (!isMunicipalityEnd(s.charAt(anchor)) || anchor < covered) continue;
            for (int start = Math.max(covered, anchor - 11); start < anchor; start++) {
                m.region(start, s.length());
                if (!m.lookingAt()) continue;
                int end = m.end();
                boolean pref = m.group(1) != null;
                boolean house = m.group(3) != null;
                if (!pref) {
                    // without a prefecture the municipality must start a word, else 担当営業部横浜市 would match
                    char b = start > 0 ? s.charAt(start - 1) : ' ';
                    if (Character.UnicodeScript.of(b) == Character.UnicodeScript.HAN
                            || Character.UnicodeScript.of(b) == Character.UnicodeScript.KATAKANA) continue;
                }
                while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '-')) end--;
                boolean ctx = context.near(text, EntityTypes.ADDRESS, start, end);
                double score;
                if (house) score = pref ? 0.92 : (ctx ? 0.88 : 0.8);
                else score = ctx ? 0.7 : (pref ? 0.4 : 0.25);
                out.add(text.finding(EntityTypes.ADDRESS, null, start, end, score, name()));
                covered = end;
                break;
            }
        }
        return out;
    }

    private static boolean isMunicipalityEnd(char c) {
        return c == '市' || c == '区' || c == '町' || c == '村' || c == '郡';
    }

}
