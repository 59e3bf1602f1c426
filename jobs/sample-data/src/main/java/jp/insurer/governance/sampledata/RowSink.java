package jp.insurer.governance.sampledata;

import java.io.IOException;

/** Where generated rows go (a rolling Parquet writer, or a list in tests). */
@FunctionalInterface
interface RowSink {
    void accept(Object[] row) throws IOException;
}
