package jp.insurer.governance.sampledata;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** A weighted choice over a fixed list (cumulative weights, binary search). Immutable. */
final class Weighted<T> {

    private final List<T> items;
    private final double[] cumulative;

    private Weighted(List<T> items, double[] weights) {
        if (items.isEmpty() || items.size() != weights.length) {
            throw new IllegalArgumentException("items and weights differ in length or are empty");
        }
        this.items = List.copyOf(items);
        this.cumulative = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] < 0) {
                throw new IllegalArgumentException("negative weight");
            }
            sum += weights[i];
            cumulative[i] = sum;
        }
        for (int i = 0; i < cumulative.length; i++) {
            cumulative[i] /= sum;
        }
    }

    static <T> Weighted<T> of(List<T> items, double[] weights) {
        return new Weighted<>(items, weights);
    }

    static <T> Builder<T> builder() {
        return new Builder<>();
    }

    T next(SplittableRandom rng) {
        double u = rng.nextDouble();
        int i = Arrays.binarySearch(cumulative, u);
        if (i < 0) {
            i = -i - 1;
        }
        return items.get(Math.min(i, items.size() - 1));
    }

    List<T> items() {
        return items;
    }

    static final class Builder<T> {
        private final List<T> items = new ArrayList<>();
        private final List<Double> weights = new ArrayList<>();

        Builder<T> add(T item, double weight) {
            items.add(item);
            weights.add(weight);
            return this;
        }

        Weighted<T> build() {
            return new Weighted<>(
                    items, weights.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }
}
