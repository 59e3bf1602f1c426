package jp.insurer.governance.policy.detect.nlp;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import jp.insurer.governance.policy.detect.Token;
import org.apache.lucene.analysis.ja.JapaneseTokenizer;
import org.apache.lucene.analysis.ja.tokenattributes.PartOfSpeechAttribute;
import org.apache.lucene.analysis.ja.tokenattributes.ReadingAttribute;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Lucene Kuromoji (IPADIC) morphological analysis. A tokenizer is not thread-safe but expensive to
 * build, so each thread keeps one and resets it per text. NORMAL mode: names want whole words, and
 * search mode's compound splitting only costs time here.
 */
public final class JapaneseTokens {

    private static final ThreadLocal<Holder> TOKENIZER = ThreadLocal.withInitial(Holder::new);

    private JapaneseTokens() {}

    public static List<Token> tokenize(String text) {
        Holder h = TOKENIZER.get();
        List<Token> out = new ArrayList<>(Math.max(4, text.length() / 2));
        try {
            h.tokenizer.setReader(new StringReader(text));
            h.tokenizer.reset();
            while (h.tokenizer.incrementToken()) {
                String pos = h.pos.getPartOfSpeech();
                // Kuromoji gives unknown (guessed) words no reading: the one sign of an out-of-dictionary word
                out.add(new Token(
                        h.offset.startOffset(),
                        h.offset.endOffset(),
                        h.term.toString(),
                        pos == null ? "" : pos,
                        h.reading.getReading() != null));
            }
            h.tokenizer.end();
        } catch (IOException e) {
            throw new UncheckedIOException("tokenizer failed", e);
        } finally {
            try {
                h.tokenizer.close();
            } catch (IOException ignored) {
                // closing a StringReader cannot fail in a way that matters
            }
        }
        return out;
    }

    /** Katakana reading of a word (佐藤 → サトウ), or null when the dictionary has none. */
    public static String reading(String word) {
        Holder h = TOKENIZER.get();
        StringBuilder out = new StringBuilder();
        try {
            h.tokenizer.setReader(new StringReader(word));
            h.tokenizer.reset();
            while (h.tokenizer.incrementToken()) {
                String r = h.reading.getReading();
                if (r == null) return null;
                out.append(r);
            }
            h.tokenizer.end();
        } catch (IOException e) {
            throw new UncheckedIOException("tokenizer failed", e);
        } finally {
            try {
                h.tokenizer.close();
            } catch (IOException ignored) {
                // see tokenize
            }
        }
        return out.length() == 0 ? null : out.toString();
    }

    private static final class Holder {
        final JapaneseTokenizer tokenizer = new JapaneseTokenizer(null, true, JapaneseTokenizer.Mode.NORMAL);
        final CharTermAttribute term = tokenizer.addAttribute(CharTermAttribute.class);
        final OffsetAttribute offset = tokenizer.addAttribute(OffsetAttribute.class);
        final PartOfSpeechAttribute pos = tokenizer.addAttribute(PartOfSpeechAttribute.class);
        final ReadingAttribute reading = tokenizer.addAttribute(ReadingAttribute.class);
    }
}
