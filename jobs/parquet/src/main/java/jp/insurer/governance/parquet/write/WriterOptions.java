package jp.insurer.governance.parquet.write;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a Parquet file is written.
 *
 * @param codec          compression codec
 * @param rowGroupBytes  target row-group size; the writer buffers about this much per open file
 * @param pageBytes      target page size
 * @param dictionary     dictionary encoding (on by default; helps low-cardinality strings a lot)
 * @param metadata       key/value pairs stored in the file footer
 * @param overwrite      replace an existing file instead of failing
 * @param plainColumns   columns written without a dictionary although {@code dictionary} is on: values
 *                       nearly all distinct (keyed pseudonyms, text), where a dictionary only costs hashing
 *                       every value until Parquet falls back to plain encoding anyway
 */
public record WriterOptions(
        Codec codec,
        long rowGroupBytes,
        int pageBytes,
        boolean dictionary,
        Map<String, String> metadata,
        boolean overwrite,
        java.util.Set<String> plainColumns) {

    public static final long DEFAULT_ROW_GROUP_BYTES = 64L * 1024 * 1024;
    public static final int DEFAULT_PAGE_BYTES = 1024 * 1024;

    public WriterOptions {
        Objects.requireNonNull(codec, "codec");
        if (rowGroupBytes < 64 * 1024) {
            throw new IllegalArgumentException("row-group size must be at least 64 KiB");
        }
        if (pageBytes < 1024) {
            throw new IllegalArgumentException("page size must be at least 1 KiB");
        }
        metadata = Map.copyOf(metadata);
        plainColumns = java.util.Set.copyOf(plainColumns);
    }

    /** ZSTD, 64 MiB row groups, 1 MiB pages, dictionary on, no footer metadata, no overwrite. */
    public static WriterOptions defaults() {
        return new WriterOptions(
                Codec.ZSTD, DEFAULT_ROW_GROUP_BYTES, DEFAULT_PAGE_BYTES, true, Map.of(), false, java.util.Set.of());
    }

    public WriterOptions withCodec(Codec value) {
        return new WriterOptions(value, rowGroupBytes, pageBytes, dictionary, metadata, overwrite, plainColumns);
    }

    public WriterOptions withRowGroupBytes(long value) {
        return new WriterOptions(codec, value, pageBytes, dictionary, metadata, overwrite, plainColumns);
    }

    public WriterOptions withPageBytes(int value) {
        return new WriterOptions(codec, rowGroupBytes, value, dictionary, metadata, overwrite, plainColumns);
    }

    public WriterOptions withDictionary(boolean value) {
        return new WriterOptions(codec, rowGroupBytes, pageBytes, value, metadata, overwrite, plainColumns);
    }

    /** Replaces the footer metadata. */
    public WriterOptions withMetadata(Map<String, String> value) {
        return new WriterOptions(codec, rowGroupBytes, pageBytes, dictionary, value, overwrite, plainColumns);
    }

    /** Adds one footer entry to the existing ones. */
    public WriterOptions withMetadata(String key, String value) {
        Map<String, String> merged = new LinkedHashMap<>(metadata);
        merged.put(key, value);
        return withMetadata(merged);
    }

    public WriterOptions withOverwrite(boolean value) {
        return new WriterOptions(codec, rowGroupBytes, pageBytes, dictionary, metadata, value, plainColumns);
    }

    public WriterOptions withPlainColumns(java.util.Set<String> value) {
        return new WriterOptions(codec, rowGroupBytes, pageBytes, dictionary, metadata, overwrite, value);
    }
}
