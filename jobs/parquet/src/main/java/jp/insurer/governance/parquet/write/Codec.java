package jp.insurer.governance.parquet.write;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/** Compression codecs the suite writes with. ZSTD is the default: smallest files, fast enough to write. */
public enum Codec {
    ZSTD(CompressionCodecName.ZSTD),
    SNAPPY(CompressionCodecName.SNAPPY),
    UNCOMPRESSED(CompressionCodecName.UNCOMPRESSED);

    private final CompressionCodecName parquetName;

    Codec(CompressionCodecName parquetName) {
        this.parquetName = parquetName;
    }

    public CompressionCodecName parquetName() {
        return parquetName;
    }

    /** Case-insensitive; {@code none} is accepted for {@link #UNCOMPRESSED}. */
    public static Codec parse(String text) {
        String upper = text.trim().toUpperCase(Locale.ROOT);
        if (upper.equals("NONE")) {
            return UNCOMPRESSED;
        }
        for (Codec codec : values()) {
            if (codec.name().equals(upper)) {
                return codec;
            }
        }
        throw new IllegalArgumentException("unknown codec '" + text + "'; expected one of "
                + Arrays.stream(values())
                        .map(c -> c.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", ")));
    }
}
