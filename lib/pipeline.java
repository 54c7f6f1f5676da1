// JBang bundle of the ftkit pipeline: the extract and generate layers (which bring the core layer), the store
// layer (the generate journal is SQLite: sqlite-jdbc), plus ftkit.pipeline.
// Not a program, and not part of the Maven build; see lib/core.java for the rules every bundle follows.
//SOURCES extract.java
//SOURCES generate.java
//SOURCES store.java
//SOURCES src/main/java/ftkit/pipeline*/*.java

/** Marker class: the JBang directives above are the content of this file. */
final class PipelineLayerBundle {
    private PipelineLayerBundle() {}
}
