package io.moonlight.cli.completion;

import io.moonlight.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * The shell completion scripts, generated from the command model so they always list the commands
 * and options that exist. zsh loads the bash script through bashcompinit.
 */
public final class CompletionScripts {
    public static final String BASH_FILE = "moonlight.bash";
    public static final String ZSH_FILE = "_moonlight";

    private CompletionScripts() {
    }

    public static String bash(CommandLine root) {
        return AutoComplete.bash("moonlight", root);
    }

    /**
     * The bash script behind a {@code #compdef} line, so the file works both from a directory on
     * {@code $fpath} and when sourced. Autoloaded from {@code $fpath}, the file's body runs as the
     * completion function on the first TAB: it registers the bash function for later TABs and then
     * completes that first TAB itself.
     */
    public static String zsh(CommandLine root) {
        return "#compdef moonlight\n"
                + "# zsh completion for moonlight: put this file in a directory on $fpath as _moonlight,\n"
                + "# or source it from ~/.zshrc. It loads the bash completion through bashcompinit.\n"
                // The bash script's own 'alias compopt=complete' comes too late when zsh autoloads
                // this file as one function body: its nested functions are parsed before the alias.
                + "compopt() { complete \"$@\"; }\n"
                + bash(root)
                + "\n"
                + "if [[ ${funcstack[1]-} == _moonlight ]]; then\n"
                + "  _bash_complete -F _complete_moonlight -o default\n"
                + "fi\n";
    }

    /** Writes both scripts into the directory given as the only argument (the build calls this). */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        CommandLine root = Main.commandLine();
        Files.writeString(dir.resolve(BASH_FILE), bash(root), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(ZSH_FILE), zsh(root), StandardCharsets.UTF_8);
    }
}
