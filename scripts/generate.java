///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION generate: write synthetic chat conversations with an LLM (create, hybrid or free mode) from a plan, resumable, with budgets
//JAVA 17+
//SOURCES ../lib/generate.java
//SOURCES ../lib/store.java
// The prompt templates (ftkit.prompts) are not in a bundle yet; drop this line once lib/core.java lists them.
//SOURCES ../lib/src/main/java/ftkit/prompts*/*.java
//RUNTIME_OPTIONS -Djava.awt.headless=true --enable-native-access=ALL-UNNAMED

import ftkit.cli.GenerateCommand;

/** Thin launcher: the command and its logic live in lib (ftkit.cli.GenerateCommand, ftkit.generate). */
class generate {
    public static void main(String[] args) {
        System.exit(GenerateCommand.commandLine().execute(args));
    }
}
