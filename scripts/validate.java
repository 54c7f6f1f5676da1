///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION validate: check a fine-tuning dataset against a provider's format and limits before you upload it
//JAVA 17+
//SOURCES ../lib/core.java
//RUNTIME_OPTIONS -Djava.awt.headless=true

import ftkit.cli.ValidateCommand;
import picocli.CommandLine;

/** Thin launcher: the command and its logic live in lib (ftkit.cli.ValidateCommand, ftkit.validate). */
class validate {
    public static void main(String[] args) {
        System.exit(ValidateCommand.commandLine().execute(args));
    }
}
