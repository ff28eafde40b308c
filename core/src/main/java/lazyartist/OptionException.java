package lazyartist;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bad option value. The message names options as {@code {name}}, the options record's component
 * name: the Java API prints the name itself, the command line the flag that sets it.
 */
public class OptionException extends LabException {

    private static final Pattern NAME = Pattern.compile("\\{([A-Za-z0-9]+)}");

    private final String template;

    public OptionException(String template) {
        super(naming(template, UnaryOperator.identity()));
        this.template = template;
    }

    /** The message with each option named by {@code name}. */
    public String naming(UnaryOperator<String> name) {
        return naming(template, name);
    }

    private static String naming(String template, UnaryOperator<String> name) {
        Matcher m = NAME.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(name.apply(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The flag of an option whose command has no field of that name: camelCase as --kebab-case. */
    public static String flag(String name) {
        return "--" + name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
