///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION generate: write synthetic chat conversations with an LLM (create, hybrid or free mode) from a plan, resumable, with budgets
//JAVA 17+
//SOURCES ../lib/generate.java
//SOURCES ../lib/store.java
//RUNTIME_OPTIONS -Djava.awt.headless=true

import ftkit.generate.GenerateCommand;

/** Thin launcher: the command and its logic live in lib (ftkit.generate.GenerateCommand, ftkit.generate). */
class generate {
    public static void main(String[] args) {
        System.exit(GenerateCommand.commandLine().execute(args));
    }
}
