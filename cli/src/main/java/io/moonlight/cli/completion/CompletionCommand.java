package io.moonlight.cli.completion;

import io.moonlight.cli.Cli;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code moonlight completion bash|zsh}: prints the completion script for the shell. */
@Command(name = "completion",
        description = {"Print the shell completion script.",
            "bash: source <(moonlight completion bash)",
            "zsh:  moonlight completion zsh > DIR/_moonlight, with DIR on $$fpath"})
public final class CompletionCommand implements Callable<Integer> {
    /** The shells with a completion script. */
    public enum Shell { BASH, ZSH }

    /** The shell names as users type them, for the usage text and the completion itself. */
    static final class ShellNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("bash", "zsh").iterator();
        }
    }

    @Mixin
    private Cli cli;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "SHELL", completionCandidates = ShellNames.class, description = "One of: ${COMPLETION-CANDIDATES}.")
    private Shell shell;

    @Override
    public Integer call() {
        var root = spec.root().commandLine();
        cli.out().stdout().print(shell == Shell.BASH ? CompletionScripts.bash(root) : CompletionScripts.zsh(root));
        cli.out().stdout().flush();
        return 0;
    }
}
