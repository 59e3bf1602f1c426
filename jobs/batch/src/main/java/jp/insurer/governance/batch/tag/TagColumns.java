package jp.insurer.governance.batch.tag;

import java.util.List;
import java.util.Locale;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/** The tag columns appended to every governed record; their names start with '_' to stand apart. */
final class TagColumns {

    static final String CUSTOMER_LINKED = "_customer_linked";
    static final String CATEGORIES = "_categories";
    static final String CONTAINS_SENSITIVE = "_contains_sensitive";
    static final String POLICY_VERSION = "_policy_version";
    static final String BUSINESS_DATE = "_business_date";
    static final String CONSENT_PREFIX = "_consent_";

    private TagColumns() {}

    static String consent(String purpose) {
        return CONSENT_PREFIX + purpose.toLowerCase(Locale.ROOT);
    }

    /** The source schema with the tag columns after it; a source already holding one is refused. */
    static MessageType extend(MessageType source, List<String> purposes) {
        for (Type field : source.getFields()) {
            if (field.getName().equals(CUSTOMER_LINKED)
                    || field.getName().startsWith(CONSENT_PREFIX)
                    || field.getName().equals(CATEGORIES)
                    || field.getName().equals(CONTAINS_SENSITIVE)) {
                throw new IllegalStateException("source column '" + field.getName()
                        + "' collides with a tag column; is this a governed dataset being tagged again?");
            }
        }
        Types.MessageTypeBuilder builder = Types.buildMessage();
        source.getFields().forEach(builder::addField);
        builder.optional(PrimitiveTypeName.BOOLEAN).named(CUSTOMER_LINKED);
        for (String purpose : purposes) {
            builder.optional(PrimitiveTypeName.BINARY)
                    .as(LogicalTypeAnnotation.stringType())
                    .named(consent(purpose));
        }
        builder.optional(PrimitiveTypeName.BINARY)
                .as(LogicalTypeAnnotation.stringType())
                .named(CATEGORIES);
        builder.optional(PrimitiveTypeName.BOOLEAN).named(CONTAINS_SENSITIVE);
        builder.optional(PrimitiveTypeName.BINARY)
                .as(LogicalTypeAnnotation.stringType())
                .named(POLICY_VERSION);
        builder.optional(PrimitiveTypeName.INT32)
                .as(LogicalTypeAnnotation.dateType())
                .named(BUSINESS_DATE);
        return builder.named(source.getName());
    }
}
