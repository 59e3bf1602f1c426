package jp.insurer.governance.policy.consent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The consent document versions of a ledger, numbered in order of first appearance, so a book stores a
 * number per cell. Shared by the shards of one {@link ConsentTable}: few distinct versions, whatever the
 * number of customers. Not thread-safe while numbering; read-only afterwards.
 */
final class DocumentVersions {

    private final List<String> texts = new ArrayList<>();
    private final Map<String, Integer> numbers = new HashMap<>();

    /** The number of a version; null (no version) is the empty text. */
    int index(String version) {
        return numbers.computeIfAbsent(version == null ? "" : version, text -> {
            texts.add(text);
            return texts.size() - 1;
        });
    }

    String text(int index) {
        return texts.get(index);
    }

    /** The version as the ledger gave it: null for none. */
    String version(int index) {
        String text = texts.get(index);
        return text.isEmpty() ? null : text;
    }
}
