///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION split: train/validation(/test) split without leakage — seeded random or weighted by source/keywords, duplicates and chunks kept together
//JAVA 17+
//SOURCES ../lib/core.java
//RUNTIME_OPTIONS -Djava.awt.headless=true

import ftkit.cli.SplitCommand;

/** Thin launcher: the command and its logic live in lib (ftkit.cli.SplitCommand, ftkit.split). */
class split {
    public static void main(String[] args) {
        System.exit(SplitCommand.run(args));
    }
}
