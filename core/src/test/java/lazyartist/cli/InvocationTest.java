package lazyartist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class InvocationTest {

    @Test
    void aSubcommandRecordsTheWholeCommandLineWithSpacesQuoted() {
        CommandLine cli = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.parseArgs("train", "--data", "runs/my data", "--epochs", "2", "--name", "it's");
        CommandLine.Model.CommandSpec train = cli.getSubcommands().get("train").getCommandSpec();
        assertThat(Invocation.of(train))
                .isEqualTo("lazy-artist train --data 'runs/my data' --epochs 2 --name 'it'\\''s'");
    }
}
