///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION curate: find exact, near and semantic duplicates, measure diversity and balance, flag weak samples, judge with an LLM
//JAVA 17+
//SOURCES ../lib/quality.java
//RUNTIME_OPTIONS -Djava.awt.headless=true

import ftkit.quality.CurateCommand;

/** Thin launcher: the command and its logic live in lib (ftkit.quality.CurateCommand, ftkit.quality). */
class curate {
    public static void main(String[] args) {
        System.exit(CurateCommand.commandLine().execute(args));
    }
}
