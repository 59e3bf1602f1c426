package jp.insurer.governance.policy.transform;

import com.atilika.kuromoji.unidic.Token;
import com.atilika.kuromoji.unidic.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Kuromoji with the full UniDic dictionary, for release-mode text: UniDic tells general vocabulary
 * from proper nouns (person, place and other names) and unknown words, which is what an allowlist
 * needs. One shared tokenizer: its dictionary is large, and {@code tokenize} keeps no state between
 * calls (the lattice is built per call), so it is safe to share across threads.
 */
public final class UniDicTokens {

    /**
     * One token.
     *
     * @param start char offset in the tokenized text
     * @param end   char offset after it
     * @param known false for a word the dictionary does not have (an unknown-word guess)
     */
    public record Word(
            int start, int end, String surface, String pos1, String pos2, String pos3, String pos4, boolean known) {

        public boolean isNoun() {
            return "名詞".equals(pos1);
        }

        public boolean isProper() {
            return "固有名詞".equals(pos2);
        }

        public boolean isPersonName() {
            return isProper() && "人名".equals(pos3);
        }

        public boolean isPlaceName() {
            return isProper() && "地名".equals(pos3);
        }

        public boolean isSpace() {
            return "空白".equals(pos1);
        }

        public boolean isSymbol() {
            return "補助記号".equals(pos1);
        }

        public boolean isParticleOrAuxiliary() {
            return "助詞".equals(pos1) || "助動詞".equals(pos1);
        }

        public boolean isNumeral() {
            return "数詞".equals(pos2);
        }
    }

    private static final class Holder {
        static final Tokenizer TOKENIZER = new Tokenizer();
    }

    private UniDicTokens() {}

    /** Loads the dictionary now (a few hundred ms) instead of on the first text. */
    public static void warmUp() {
        Holder.TOKENIZER.tokenize("準備");
    }

    public static List<Word> tokenize(String text) {
        List<Token> tokens = Holder.TOKENIZER.tokenize(text);
        List<Word> out = new ArrayList<>(tokens.size());
        for (Token t : tokens) {
            int start = t.getPosition();
            out.add(new Word(
                    start,
                    start + t.getSurface().length(),
                    t.getSurface(),
                    t.getPartOfSpeechLevel1(),
                    t.getPartOfSpeechLevel2(),
                    t.getPartOfSpeechLevel3(),
                    t.getPartOfSpeechLevel4(),
                    t.isKnown()));
        }
        return out;
    }
}
