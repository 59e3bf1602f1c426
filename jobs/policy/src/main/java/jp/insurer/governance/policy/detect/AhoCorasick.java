package jp.insurer.governance.policy.detect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A compact Aho-Corasick automaton over chars: all dictionary hits in one pass, whatever the number
 * of terms. Hand-written (about 80 lines) because no multi-pattern matcher is on the policy core's
 * classpath and the alternative, one regex per term or a giant alternation, is slow and quadratic
 * in the worst case. Immutable after construction, so one instance serves all threads.
 *
 * @param <V> the payload of a term (its kind, score…)
 */
public final class AhoCorasick<V> {

    /** A hit: [start, end) in the searched text. */
    public record Hit<V>(int start, int end, String term, V value) {}

    private static final class Node<V> {
        final Map<Character, Node<V>> next = new HashMap<>();
        Node<V> fail;
        /** Terms ending here, own and inherited through fail links (longest first). */
        final List<Map.Entry<String, V>> outputs = new ArrayList<>(1);
    }

    private final Node<V> root = new Node<>();
    /** Chars some term starts with: at the root every other char is skipped without a map lookup. */
    private final boolean[] rootChars = new boolean[65536];

    public AhoCorasick(Map<String, V> terms) {
        for (Map.Entry<String, V> e : terms.entrySet()) {
            if (e.getKey().isEmpty()) continue;
            Node<V> n = root;
            for (char c : e.getKey().toCharArray()) n = n.next.computeIfAbsent(c, k -> new Node<>());
            n.outputs.add(Map.entry(e.getKey(), e.getValue()));
        }
        for (Character c : root.next.keySet()) rootChars[c] = true;
        ArrayDeque<Node<V>> queue = new ArrayDeque<>();
        for (Node<V> child : root.next.values()) {
            child.fail = root;
            queue.add(child);
        }
        while (!queue.isEmpty()) {
            Node<V> n = queue.poll();
            for (Map.Entry<Character, Node<V>> e : n.next.entrySet()) {
                Node<V> child = e.getValue();
                Node<V> f = n.fail;
                while (f != null && !f.next.containsKey(e.getKey())) f = f.fail;
                child.fail = f == null ? root : f.next.get(e.getKey());
                // BFS order: the fail target's outputs are complete; they are shorter than ours
                child.outputs.addAll(child.fail.outputs);
                queue.add(child);
            }
        }
    }

    /** All (possibly overlapping) hits in {@code text}. */
    public List<Hit<V>> findAll(CharSequence text) {
        List<Hit<V>> hits = new ArrayList<>();
        Node<V> n = root;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (n == root && !rootChars[c]) continue;
            while (n != root && !n.next.containsKey(c)) n = n.fail;
            n = n.next.getOrDefault(c, root);
            for (Map.Entry<String, V> out : n.outputs) {
                int len = out.getKey().length();
                hits.add(new Hit<>(i + 1 - len, i + 1, out.getKey(), out.getValue()));
            }
        }
        return hits;
    }
}
