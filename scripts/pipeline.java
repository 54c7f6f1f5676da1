///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION pipeline: the whole job from config.yaml (extract, generate in create/hybrid/free modes, validate, split, export) with one summary
//JAVA 17+
//SOURCES ../lib/pipeline.java
//RUNTIME_OPTIONS -Djava.awt.headless=true

import ftkit.pipeline.PipelineCommand;

/** Thin launcher: the command and its logic live in lib (ftkit.pipeline). */
class pipeline {
    public static void main(String[] args) {
        System.exit(PipelineCommand.commandLine().execute(args));
    }
}
