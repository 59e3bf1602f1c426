package jp.insurer.governance.batch.support;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The suite's HTML report pages, from the Mustache templates under {@code reports/} on the classpath.
 * Every page includes the one layout ({@code head}, {@code foot}) and the one stylesheet ({@code style}),
 * inlined so a page is a single file that opens without network. JMustache escapes every {@code {{value}}}
 * for HTML; the templates use no unescaped {@code {{{value}}}}, so a dataset or column name can never
 * become markup.
 */
public final class ReportPages {

    private static final String FOLDER = "/reports/";

    private static final Mustache.Compiler COMPILER = Mustache.compiler()
            .withLoader(ReportPages::template)
            // A missing optional value (a null field) prints nothing; a name the model lacks stays an error.
            .nullValue("")
            // Counts read best grouped (12,345); the JSON keeps plain numbers.
            .withFormatter(ReportPages::format);

    private static final Map<String, Template> TEMPLATES = new ConcurrentHashMap<>();

    private ReportPages() {}

    /**
     * @param template the page template's name (without {@code .mustache})
     * @param title    the page title, also the first heading
     * @param lang     the page language ({@code en} or {@code ja})
     * @param model    the page's values: records, maps and lists
     */
    public static String render(String template, String title, String lang, Object model) {
        Template t = TEMPLATES.computeIfAbsent(template, name -> COMPILER.compile(template(name)));
        java.io.StringWriter page = new java.io.StringWriter();
        // The page's title and language are the outer context: every template's layout partial finds them there.
        t.execute(model, Map.of("title", title, "lang", lang), page);
        return page.toString();
    }

    private static Reader template(String name) {
        InputStream in = ReportPages.class.getResourceAsStream(FOLDER + name + ".mustache");
        if (in == null)
            throw new UncheckedIOException(new IOException("report template missing from the jar: " + FOLDER + name));
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    private static CharSequence format(Object value) {
        if (value instanceof Long || value instanceof Integer) return String.format(Locale.ROOT, "%,d", value);
        return String.valueOf(value);
    }
}
