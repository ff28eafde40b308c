package lazyartist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpTest {

    private static void collect(CommandLine cli, List<CommandLine> into) {
        into.add(cli);
        cli.getSubcommands().values().stream().distinct().forEach(c -> collect(c, into));
    }

    @Test
    void everyDescriptionIsWholeSentencesThatTheTerminalWraps() {
        List<CommandLine> all = new ArrayList<>();
        collect(Main.commandLine(), all);
        assertThat(all).hasSizeGreaterThan(15);
        // picocli's own help command is not ours.
        for (CommandLine c : all.stream().filter(c -> !c.getCommandName().equals("help")).toList()) {
            for (String paragraph : c.getCommandSpec().usageMessage().description()) {
                assertThat(paragraph).as(c.getCommandName()).endsWith(".");
            }
        }
    }
}
