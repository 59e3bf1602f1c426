package jp.insurer.governance.parquet.dataset;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/** Reads footers only: row counts and schemas of any size of file for the price of a few KB. */
public final class FooterReader {

    private final Configuration conf;

    public FooterReader(Configuration conf) {
        this.conf = conf;
    }

    /**
     * @throws IOException when the file is not Parquet or its footer is damaged; the message names
     *                     the file and never contains data
     */
    public FileFooter read(Path file) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(
                HadoopInputFile.fromPath(file, conf),
                HadoopReadOptions.builder(conf).build())) {
            FileMetaData meta = reader.getFooter().getFileMetaData();
            long rows = 0;
            List<Long> groupRows = new ArrayList<>();
            for (BlockMetaData block : reader.getFooter().getBlocks()) {
                rows += block.getRowCount();
                groupRows.add(block.getRowCount());
            }
            List<ColumnSchema> columns = new ArrayList<>();
            flatten(meta.getSchema(), "", columns);
            return new FileFooter(
                    rows,
                    reader.getFooter().getBlocks().size(),
                    columns,
                    meta.getCreatedBy(),
                    meta.getKeyValueMetaData(),
                    groupRows);
        } catch (RuntimeException e) {
            // parquet-java reports some corruptions as unchecked exceptions
            throw new IOException("cannot read Parquet footer of " + file + ": " + e.getMessage(), e);
        }
    }

    private static void flatten(GroupType group, String prefix, List<ColumnSchema> out) {
        for (Type field : group.getFields()) {
            String name = prefix.isEmpty() ? field.getName() : prefix + "." + field.getName();
            if (field.isPrimitive()) {
                PrimitiveType p = field.asPrimitiveType();
                LogicalTypeAnnotation logical = p.getLogicalTypeAnnotation();
                out.add(new ColumnSchema(
                        name,
                        p.getPrimitiveTypeName().name(),
                        logical == null ? null : logical.toString(),
                        field.getRepetition().name()));
            } else {
                flatten(field.asGroupType(), name, out);
            }
        }
    }
}
