///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION split: train/validation(/test) split without leakage — seeded random or weighted by source/keywords, duplicates and chunks kept together
//JAVA 17+
//DEPS com.fasterxml.jackson.core:jackson-databind:2.22.4
//DEPS com.fasterxml.jackson.dataformat:jackson-dataformat-yaml:2.22.4
//DEPS info.picocli:picocli:4.7.7
//SOURCES ../lib/src/main/java/ftkit/model/*.java
//SOURCES ../lib/src/main/java/ftkit/io/*.java
//SOURCES ../lib/src/main/java/ftkit/providers/*.java
//SOURCES ../lib/src/main/java/ftkit/split/*.java
//SOURCES ../lib/src/main/java/ftkit/cli/SplitCommand.java
//FILES ftkit/providers/registry.yaml=../lib/src/main/resources/ftkit/providers/registry.yaml
//RUNTIME_OPTIONS -Djava.awt.headless=true

import ftkit.cli.SplitCommand;

/** Thin launcher: the command and its logic live in lib (ftkit.cli.SplitCommand, ftkit.split). */
class split {
    public static void main(String[] args) {
        System.exit(SplitCommand.run(args));
    }
}
