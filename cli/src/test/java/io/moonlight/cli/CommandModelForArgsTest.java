package io.moonlight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandModelForArgsTest {
    private static final Set<String> EVERY_GROUP = Set.of("help", "config", "install", "uninstall", "session",
            "cleanup", "doctor", "gateway", "agent", "completion");

    @Test
    void aCommandLineThatParsesGetsOnlyTheGroupItNames() {
        assertEquals(Set.of("session"), groups(Main.commandLineFor("--config", "/x.yaml", "session", "list", "--all")));
        assertEquals(Set.of("config"), groups(Main.commandLineFor("config", "show")));
    }

    @Test
    void usageErrorsHelpAndCompletionGetTheWholeTree() {
        assertEquals(EVERY_GROUP, groups(Main.commandLineFor("session", "lst")));
        assertEquals(EVERY_GROUP, groups(Main.commandLineFor("help", "session")));
        assertEquals(EVERY_GROUP, groups(Main.commandLineFor("completion", "bash")));
        assertEquals(EVERY_GROUP, groups(Main.commandLineFor()));
    }

    @Test
    void theOptionsOfTheRootReachTheGroupAsInTheWholeTree() {
        CommandLine session = Main.commandLineFor("session", "list").getSubcommands().get("session");

        assertEquals(Main.commandLine().getSubcommands().get("session").getCommandSpec().options().size(),
                session.getCommandSpec().options().size());
    }

    private static Set<String> groups(CommandLine cli) {
        return cli.getSubcommands().keySet();
    }
}
